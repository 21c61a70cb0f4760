// Per-column state is small and grows with the column's cells (a table may
// have up to MAX_COLUMNS columns), and stays exactly what it computed before:
// the distinct sketch and the caches that grow give the same answers.

import { DistinctSketch, hash32 } from '../../src/detectors/sketch.js'
import { emptyShape, measure, Memo, ShapeCache } from '../../src/detectors/shape.js'

/** KMV as defined: the K smallest distinct hashes, estimate from the K-th. */
function referenceEstimate(hashes: number[]): number {
  const K = 256
  const kept = [...new Set(hashes)].sort((a, b) => a - b).slice(0, K)
  if (kept.length < K) return kept.length
  return Math.round(((K - 1) * 2 ** 32) / ((kept[K - 1] as number) + 1))
}

describe('distinct sketch', () => {
  test.each([0, 1, 7, 8, 9, 255, 256, 257, 1000, 50_000])('%i distinct values, repeated and shuffled: the reference estimate', (n) => {
    const hashes: number[] = []
    for (let i = 0; i < n; i++) hashes.push(hash32(`v${i}`), hash32(`v${(i * 7919) % Math.max(1, n)}`))
    hashes.push(0, 0) // the hash 0 is a value like any other
    const s = new DistinctSketch()
    for (const h of hashes) s.add(h)
    expect(s.estimate()).toBe(referenceEstimate(hashes))
  })
})

describe('caches that grow with use', () => {
  test('ShapeCache returns exactly the measured shape, before and after growing', () => {
    const c = new ShapeCache()
    const got = emptyShape()
    const values = Array.from({ length: 3000 }, (_, i) => `Value ${i % 300} / ${i % 3}`)
    let hits = 0
    for (const v of values) {
      const want = measure(v, emptyShape())
      if (c.load(want.key, v.length, got)) {
        hits++
        expect(got).toEqual(want)
      } else c.store(want)
    }
    expect(hits).toBeGreaterThan(1000)
  })

  test('Memo gives back what was set, or nothing', () => {
    const m = new Memo()
    let hits = 0
    for (let i = 0; i < 20_000; i++) {
      const h = hash32(`k${i % 50}`)
      const v = m.get(h)
      if (v === -1) m.set(h, i % 50)
      else {
        hits++
        expect(v).toBe(i % 50)
      }
    }
    expect(hits).toBeGreaterThan(15_000)
  })
})
