// The parallel scan: a pool of worker threads, each scanning whole files
// with the same code as a one-thread scan (src/scan-file.ts). Results come
// back by index, so the report is the one a single thread would make.
//
// Fail closed: a worker that dies while reading a file (out of memory, a
// crash) gives that file a blocking `file/unreadable` finding and is
// replaced; a worker that cannot even start is a bug and stops the scan.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import type { FileEntry } from '../report/types.js'
import { unreadable, type FileResult, type Target } from '../scan-file.js'
import type { FileJob, WorkerInit, WorkerReply } from './protocol.js'

/** Heap of one worker: a file that needs more is refused (blocking), not the whole scan. */
export const WORKER_HEAP_MB = 2048

export interface PoolOptions {
  jobs: number
  init: WorkerInit
  onFile?: (path: string, index: number, total: number) => void
  /** The worker script (default: worker.js next to the running bundle). */
  workerUrl?: URL
  /** Heap limit of each worker in MB (default WORKER_HEAP_MB). */
  heapMb?: number
}

export async function scanInWorkers(targets: readonly Target[], o: PoolOptions): Promise<FileResult[]> {
  const url = o.workerUrl ?? new URL('./worker.js', import.meta.url)
  if (!existsSync(fileURLToPath(url))) throw new Error(`the parallel scan's worker script is missing (${fileURLToPath(url)}): rebuild publish-guard`)
  const heapMb = o.heapMb ?? WORKER_HEAP_MB
  const results: Array<FileResult | undefined> = new Array(targets.length)
  let next = 0
  let done = 0

  return new Promise((resolveAll, rejectAll) => {
    let failed = false
    const fail = (e: Error): void => {
      if (failed) return
      failed = true
      rejectAll(e)
    }
    const finishOne = (index: number, result: FileResult): void => {
      results[index] = result
      done++
      if (done === targets.length) resolveAll(results as FileResult[])
    }

    const spawn = (): void => {
      const worker = new Worker(url, { workerData: o.init, resourceLimits: { maxOldGenerationSizeMb: heapMb } })
      let current: number | null = null
      let ready = false
      const give = (): void => {
        if (failed || next >= targets.length) {
          current = null
          void worker.terminate()
          return
        }
        current = next++
        const target = targets[current] as Target
        o.onFile?.(target.rel, current, targets.length)
        worker.postMessage({ index: current, target } satisfies FileJob)
      }
      worker.on('message', (m: 'ready' | WorkerReply) => {
        if (m === 'ready') {
          ready = true
          give()
        } else if ('failed' in m) {
          fail(new Error(`a scan worker could not start (${m.failed})`))
          void worker.terminate()
        } else {
          current = null
          finishOne(m.index, m.result)
          give()
        }
      })
      let death: Error | null = null
      worker.on('error', (e) => {
        death = e
      })
      worker.on('exit', (code) => {
        if (current === null || failed) return
        // The worker died with a file in hand: that file blocks, the rest go on.
        if (!ready) return fail(new Error(`a scan worker exited while starting (exit ${code})`))
        const index = current
        current = null
        const target = targets[index] as Target
        const entry: FileEntry = { path: target.rel, status: 'scanned', errors: 0, warnings: 0 }
        const oom = (death as (Error & { code?: string }) | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
        const reason = oom
          ? safe`reading it needed more than ${heapMb} MB of memory, so the scan of this file was stopped`
          : lit('the scan of this file stopped unexpectedly (its worker thread crashed)')
        const remedy = oom
          ? lit('split the table into smaller files, or publish it as CSV')
          : lit('report this as a bug in publish-guard; meanwhile publish the table as CSV')
        finishOne(index, { entry, findings: [unreadable(entry, target.rel, new UnreadableError(reason, remedy))] })
        if (next < targets.length) spawn()
      })
    }

    if (targets.length === 0) return resolveAll([])
    for (let i = 0; i < Math.min(o.jobs, targets.length); i++) spawn()
  })
}
