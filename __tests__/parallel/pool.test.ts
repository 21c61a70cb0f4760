// The worker pool fails closed: a worker that dies with a file in hand gives
// that file a blocking finding and the other files are still scanned, in
// order; a worker that cannot start stops the scan.

import { scanInWorkers } from '../../src/parallel/pool.js'
import { parsePolicy } from '../../src/policy/load.js'

const FAKE = new URL('./fake-worker.mjs', import.meta.url)
const init = { policy: parsePolicy('version: 1\n', 'p.yml'), root: '/nowhere', now: new Date(0).toISOString() }
const targets = (names: string[]) => names.map((n) => ({ abs: `/nowhere/${n}`, rel: n }))

describe('worker pool', () => {
  test('a crash blocks its own file only; the rest come back in order', async () => {
    const names = ['a.csv', 'crash-b.csv', 'c.csv', 'd.csv', 'crash-e.csv', 'f.csv']
    const results = await scanInWorkers(targets(names), { jobs: 2, init, workerUrl: FAKE })
    expect(results.map((r) => r.entry.path)).toEqual(names)
    expect(results.map((r) => r.entry.status)).toEqual(['scanned', 'unreadable', 'scanned', 'scanned', 'unreadable', 'scanned'])
    const crash = results[1]!.findings
    expect(crash).toHaveLength(1)
    expect(crash[0]).toMatchObject({ kind: 'file/unreadable', severity: 'error', location: { file: 'crash-b.csv' } })
    expect(crash[0]!.message).toContain('crashed')
  })

  test('a file that needs more memory than a worker may have blocks, with the limit in the reason', async () => {
    const results = await scanInWorkers(targets(['a.csv', 'oom-b.csv', 'c.csv']), { jobs: 2, init, workerUrl: FAKE, heapMb: 32 })
    expect(results.map((r) => r.entry.status)).toEqual(['scanned', 'unreadable', 'scanned'])
    expect(results[1]!.findings[0]!.message).toContain('more than 32 MB of memory')
  }, 60_000)

  test('a missing worker script is an error, not a silent one-thread scan', async () => {
    await expect(scanInWorkers(targets(['a.csv']), { jobs: 2, init, workerUrl: new URL('./no-such-worker.mjs', import.meta.url) })).rejects.toThrow(
      /worker script is missing/
    )
  })
})
