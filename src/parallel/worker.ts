// A worker thread of the parallel scan (built to dist/worker.js). It opens
// the policy's schemas and allowlist once, then scans one file per message
// with the same code as a one-thread scan, and sends the result back.

import { parentPort, workerData } from 'node:worker_threads'
import { openAllowlist } from '../allow/allowlist.js'
import { fileMatcher } from '../policy/match.js'
import { prepareSchemas } from '../schema/load.js'
import { scanFile, unreadable } from '../scan-file.js'
import type { FileJob, WorkerInit, WorkerReply } from './protocol.js'

async function start(port: NonNullable<typeof parentPort>, init: WorkerInit): Promise<void> {
  const { policy, root } = init
  const decide = fileMatcher(policy)
  await prepareSchemas(policy, root)
  const allow = await openAllowlist(policy, root, new Date(init.now), init.salt)
  const cellFilter = allow ? (rel: string) => allow.cellFilter(rel) : undefined
  port.on('message', (job: FileJob) => {
    scanFile(job.target, { policy, decide, cellFilter }).then(
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
  start(port, workerData as WorkerInit).catch((e: unknown) => {
    port.postMessage({ index: -1, failed: e instanceof Error ? e.name : 'error' } satisfies WorkerReply)
  })
}
