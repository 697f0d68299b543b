/**
 * What differs by runtime, behind one small interface. `#platform` resolves through the
 * `imports` conditions of core's package.json: `node.ts` on Node, Deno and Bun (which
 * all have Node's built-in modules), `web.ts` in browsers and anywhere else. Nothing
 * else in core's main entry imports a `node:` module.
 */

/** A value bound to a flow of calls: `AsyncLocalStorage` where it exists. */
export interface ContextStore<T> {
  /** Runs `fn` with `value` as the store's value for the code it runs. */
  run<R>(value: T, fn: () => R): R
  /** The value of the innermost enclosing {@link ContextStore.run}, if any. */
  getStore(): T | undefined
}

/** Options of {@link Platform.inspect}, a subset of Node's `util.inspect` options. */
export interface InspectOptions {
  readonly depth?: number
  readonly breakLength?: number
  readonly maxArrayLength?: number
  readonly maxStringLength?: number
}

export interface Platform {
  /** The name used in messages: `node`, `deno`, `bun` or `web`. */
  readonly name: string
  /**
   * A context store. On Node, Deno and Bun it follows `await`s (`AsyncLocalStorage`);
   * on the web it holds for the code `fn` runs before its first `await`.
   */
  createContextStore<T>(): ContextStore<T>
  /** CPUs the runtime reports, before any cgroup quota. */
  availableCpus(): number
  /** A small text file's content (cgroup limits), or `undefined` where there is none or no access. */
  readSmallFile(path: string): string | undefined
  /** An environment variable, or `undefined` (the web has none). */
  readEnv(name: string): string | undefined
  /** A readable rendering of any value for messages. */
  inspect(value: unknown, options?: InspectOptions): string
  /** Throws when `value` cannot be copied to a worker (V8's serializer, or `structuredClone`). */
  assertSerializable(value: unknown): void
  /** The URL of a task module given as a path (relative to the working directory), a URL or a package name. */
  moduleUrl(specifier: string): string
  /** The local path of a `file:` module URL that does not exist, or `undefined` (it exists, or cannot be checked). */
  missingModuleFile(url: string): string | undefined
  /** Whether `import()` of a `.ts` file works without a loader (Deno, Bun, Node 22.18+). */
  loadsTypeScript(): boolean
  /**
   * Compiles a TypeScript module (a `file:` URL) and the TypeScript files it imports to
   * JavaScript once per content, into a cache any process can import from without a
   * loader, and resolves with the compiled module's URL; `undefined` where this runtime
   * does not compile or the module is better loaded through tsx. Rejects when a file
   * does not parse, with the message tsx would give.
   */
  compileTypeScript(url: string): Promise<string | undefined>
  /** Makes error stacks of compiled modules point at their TypeScript lines (Node's source maps); a no-op elsewhere. */
  enableSourceMaps(): void
}

/** The platform of this runtime: `node.ts` or `web.ts`, as `#platform` resolves. */
export declare const platform: Platform
