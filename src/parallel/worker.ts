// A worker thread of the parallel scan (built to dist/worker.js). It scans
// one file per message with the same code as a one-thread scan and sends the
// result back. The schemas and the allowlist of a scan's root are opened
// once, when its first file arrives.

import { parentPort, workerData } from 'node:worker_threads'
import { openAllowlist } from '../allow/allowlist.js'
import { fileMatcher } from '../policy/match.js'
import { prepareSchemas } from '../schema/load.js'
import { scanFile, unreadable, type FileContext } from '../scan-file.js'
import type { FileJob, ScanPlace, WorkerInit, WorkerReply } from './protocol.js'

function serve(port: NonNullable<typeof parentPort>, init: WorkerInit): void {
  const { policy } = init
  const decide = fileMatcher(policy)
  /** The context of the last scan's root (a pool serves one scan() call at a time). */
  let last: { key: string; ctx: Promise<FileContext> } | null = null
  const contextOf = (place: ScanPlace): Promise<FileContext> => {
    const key = JSON.stringify(place)
    if (last?.key !== key) {
      const ctx = (async (): Promise<FileContext> => {
        const schemas = await prepareSchemas(policy, place.root)
        const allow = await openAllowlist(policy, place.root, new Date(place.now), place.salt)
        return { policy, schemas, decide, ...(allow ? { cellFilter: (rel: string) => allow.cellFilter(rel) } : {}) }
      })()
      last = { key, ctx }
    }
    return last.ctx
  }
  port.on('message', (job: FileJob) => {
    contextOf(job.place)
      .then((ctx) => scanFile(job.target, ctx))
      .then(
        (result) => port.postMessage({ index: job.index, result } satisfies WorkerReply),
        // scanFile catches what the readers throw; this is a failure around them.
        (e: unknown) => {
          const entry = { path: job.target.rel, status: 'scanned' as const, errors: 0, warnings: 0 }
          const finding = unreadable(entry, job.target.rel, e)
          port.postMessage({ index: job.index, result: { entry, findings: [finding] } } satisfies WorkerReply)
        }
      )
  })
  port.postMessage('ready')
}

if (parentPort) serve(parentPort, workerData as WorkerInit)
