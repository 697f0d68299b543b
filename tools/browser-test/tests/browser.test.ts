// Core in a browser: a Vite library build of a page's code that imports @multitask/core,
// with the browser's resolve conditions, must contain no `node:` import and run the
// seed's series examples in Chromium, served from 127.0.0.1.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const PAGE = fileURLToPath(new URL('./fixtures/page/', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'multitask-browser-'))
let bundle = ''
let server: Server | undefined
let browser: Browser | undefined

function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error("Chromium is not installed: `apt-get install chromium` (.ci/run installs it).")
  }
}

beforeAll(async () => {
  await build({
    root: PAGE,
    configFile: false,
    logLevel: 'error',
    // The conditions a browser bundle resolves with: core's #platform picks web.js.
    resolve: { conditions: ['browser', 'import', 'module', 'default'] },
    build: {
      outDir: out,
      emptyOutDir: true,
      minify: false,
      lib: { entry: join(PAGE, 'main.js'), formats: ['es'], fileName: () => 'page.js' },
    },
  })
  bundle = readdirSync(out)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(out, file), 'utf8'))
    .join('\n')
  cpSync(join(PAGE, 'index.html'), join(out, 'index.html'))
  server = createServer((request, response) => {
    const path = join(out, new URL(request.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/$/, '/index.html'))
    try {
      const body = readFileSync(path)
      response.writeHead(200, { 'content-type': extname(path) === '.html' ? 'text/html' : 'text/javascript' }).end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done))
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
})

afterAll(async () => {
  await browser?.close()
  await new Promise((done) => (server ? server.close(done) : done(undefined)))
  rmSync(out, { recursive: true, force: true })
})

describe('@multitask/core bundled for a browser', () => {
  it('imports no node: module', () => {
    expect(bundle.length).toBeGreaterThan(1000)
    // Static imports, dynamic imports and requires of Node's built-ins.
    expect(bundle.match(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'`]node:[a-z_/]+["'`]/g) ?? []).toEqual([])
    // The web platform is in, the Node one is not.
    expect(bundle).toContain('SynchronousStore')
    expect(bundle).not.toContain('new AsyncLocalStorage')
  })

  it("runs the seed's series examples in Chromium", async () => {
    const page = await browser!.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    const { port } = server!.address() as { port: number }
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, undefined, { timeout: 30_000 })
    const result = await page.evaluate(() => (window as { result?: unknown }).result)
    expect(errors).toEqual([])
    expect(result).toMatchObject({
      series: [10, 11, 12, 13, 14],
      skipped: [10, 11, 13, 14],
      form2: [100, 101, 102, 103, 104],
      inContext: [10, 11, 12, 13, 14],
      error: { name: 'RangeError', message: 'bad 2' },
      jobsInContext: 3,
      onBackend: [10, 11, 12, 13, 14],
      ranOnBackend: true,
      // What the README says of contexts in a browser: they hold until fn's first await.
      afterAwait: [10, 11, 12, 13, 14],
      afterAwaitOnBackend: false,
    })
    expect((result as { cpus: number }).cpus).toBeGreaterThanOrEqual(1)
    await page.close()
  })
})
