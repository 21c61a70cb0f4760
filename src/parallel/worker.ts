// A worker thread of the parallel scan (built to dist/worker.js). It resolves
// the policy it is given (the same schemas, allow entries and limits as the
// main thread's), then scans one file per message with the same code as a
// one-thread scan and sends the result back.

import { parentPort, workerData } from 'node:worker_threads'
import { fileMatcher } from '../policy/match.js'
import { resolvePolicy } from '../resolve.js'
import { scanFile, unreadable, type FileContext } from '../scan-file.js'
import type { FileJob, WorkerInit, WorkerReply } from './protocol.js'

async function serve(port: NonNullable<typeof parentPort>, init: WorkerInit): Promise<void> {
  const policy = await resolvePolicy(init.policy, init.root, { now: new Date(init.now), ...(init.salt ? { salt: init.salt } : {}) })
  const ctx: FileContext = { policy, decide: fileMatcher(policy.policy) }
  port.on('message', (job: FileJob) => {
    scanFile(job.target, ctx).then(
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

if (parentPort) {
  const port = parentPort
  serve(port, workerData as WorkerInit).catch((e: unknown) => {
    // The main thread resolved this same policy: failing here is a bug, and stops the scan.
    port.postMessage({ index: -1, failed: e instanceof Error ? e.message : String(e) } satisfies WorkerReply)
  })
}
