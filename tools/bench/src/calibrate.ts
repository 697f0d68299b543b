import { performance } from 'node:perf_hooks'
import { spin } from './tasks.js'

/** `spin` iterations that take about `targetMs` in this process (warmed up, median of a few tries). */
export function calibrateNode(targetMs: number): number {
  let iters = 100_000
  const tries: number[] = []
  for (let attempt = 0; attempt < 7; attempt++) {
    const start = performance.now()
    for (let i = 0; i < 50; i++) spin({ iters }, i)
    const perTask = (performance.now() - start) / 50
    iters = Math.max(1, Math.round((iters * targetMs) / perTask))
    if (attempt >= 2) tries.push(iters)
  }
  tries.sort((a, b) => a - b)
  return tries[tries.length >> 1]!
}
