// The worker pool fails closed: a worker that dies with a file in hand gives
// that file a blocking finding and the other files are still scanned, in
// order; a worker that cannot start stops the scan.

import { WorkerPool, type PoolOptions } from '../../src/parallel/pool.js'
import { parsePolicy } from '../../src/policy/load.js'
import { resolvePolicy } from '../../src/resolve.js'

const FAKE = new URL('./fake-worker.mjs', import.meta.url)
const policy = await resolvePolicy(parsePolicy('version: 1\n', 'p.yml'), '/nowhere', { now: new Date(0) })
const targets = (names: string[]) => names.map((n) => ({ abs: `/nowhere/${n}`, rel: n }))

async function scanWith(names: string[], o: Partial<PoolOptions> = {}) {
  const pool = new WorkerPool({ jobs: 2, policy, workerUrl: FAKE, ...o })
  try {
    return await pool.scan(targets(names))
  } finally {
    await pool.close()
  }
}

describe('worker pool', () => {
  test('a crash blocks its own file only; the rest come back in order', async () => {
    const names = ['a.csv', 'crash-b.csv', 'c.csv', 'd.csv', 'crash-e.csv', 'f.csv']
    const results = await scanWith(names)
    expect(results.map((r) => r.entry.path)).toEqual(names)
    expect(results.map((r) => r.entry.status)).toEqual(['scanned', 'unreadable', 'scanned', 'scanned', 'unreadable', 'scanned'])
    const crash = results[1]!.findings
    expect(crash).toHaveLength(1)
    expect(crash[0]).toMatchObject({ kind: 'file/unreadable', severity: 'error', location: { file: 'crash-b.csv' } })
    expect(crash[0]!.message).toContain('crashed')
  })

  test('a file that needs more memory than a worker may have blocks, with the limit in the reason', async () => {
    const results = await scanWith(['a.csv', 'oom-b.csv', 'c.csv'], { heapMb: 32 })
    expect(results.map((r) => r.entry.status)).toEqual(['scanned', 'unreadable', 'scanned'])
    expect(results[1]!.findings[0]!.message).toContain('more than 32 MB of memory')
  }, 60_000)

  test('one pool serves several scans in turn, its workers started once', async () => {
    const pool = new WorkerPool({ jobs: 2, policy, workerUrl: FAKE })
    const threads = () =>
      [...(pool as unknown as { slots: Set<{ worker: { threadId: number } }> }).slots].map((s) => s.worker.threadId).sort()
    try {
      const first = await pool.scan(targets(['a.csv', 'b.csv', 'c.csv']))
      const started = threads()
      const second = await pool.scan(targets(['d.csv', 'e.csv', 'f.csv']))
      expect(threads()).toEqual(started)
      expect(started).toHaveLength(2)
      const third = await pool.scan(targets(['g.csv', 'crash-h.csv', 'i.csv', 'j.csv']))
      expect([...first, ...second].map((r) => r.entry.status)).toEqual(Array(6).fill('scanned'))
      expect(third.map((r) => r.entry.status)).toEqual(['scanned', 'unreadable', 'scanned', 'scanned'])
    } finally {
      await pool.close()
    }
  })

  test('a missing worker script is an error, not a silent one-thread scan', () => {
    expect(() => new WorkerPool({ jobs: 2, policy, workerUrl: new URL('./no-such-worker.mjs', import.meta.url) })).toThrow(
      /worker script is missing/
    )
  })
})
