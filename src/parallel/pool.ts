// The parallel scan: a pool of worker threads, each scanning whole files
// with the same code as a one-thread scan (src/scan-file.ts). Results come
// back by index, so the report is the one a single thread would make. A pool
// can serve several scan() calls in turn (a history scan's batches) without
// starting its threads again.
//
// Fail closed: a worker that dies while reading a file (out of memory, a
// crash) gives that file a blocking `file/unreadable` finding and is
// replaced; a worker that cannot even start is a bug and stops the scan.

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { UnreadableError } from '../errors.js'
import { lit, safe } from '../findings.js'
import type { ResolvedPolicy } from '../resolve.js'
import type { FileEntry } from '../report/types.js'
import { unreadable, type FileResult, type Target } from '../scan-file.js'
import type { FileJob, WorkerInit, WorkerReply } from './protocol.js'

/** Heap of one worker: a file that needs more is refused (blocking), not the whole scan. */
const WORKER_HEAP_MB = 2048

export interface PoolOptions {
  jobs: number
  policy: ResolvedPolicy
  /** The worker script (default: worker.js next to the running bundle). */
  workerUrl?: URL
  /** Heap limit of each worker in MB (default WORKER_HEAP_MB). */
  heapMb?: number
}

interface Run {
  targets: readonly Target[]
  results: Array<FileResult | undefined>
  next: number
  done: number
  onFile?: (path: string, index: number, total: number) => void
  resolve: (r: FileResult[]) => void
  reject: (e: Error) => void
}

interface Slot {
  worker: Worker
  ready: boolean
  /** Index in the current run of the file in hand. */
  current: number | null
  death: Error | null
}

export class WorkerPool {
  private readonly url: URL
  private readonly heapMb: number
  private readonly slots = new Set<Slot>()
  private run: Run | null = null
  private closed = false

  constructor(private readonly o: PoolOptions) {
    this.url = o.workerUrl ?? new URL('./worker.js', import.meta.url)
    this.heapMb = o.heapMb ?? WORKER_HEAP_MB
    if (!existsSync(fileURLToPath(this.url)))
      throw new Error(`the parallel scan's worker script is missing (${fileURLToPath(this.url)}): rebuild publish-guard`)
  }

  /** Scans `targets` (one scan() call's files) and returns their results in order. One run at a time. */
  scan(targets: readonly Target[], onFile?: Run['onFile']): Promise<FileResult[]> {
    if (this.run) throw new Error('a worker pool runs one scan at a time')
    if (targets.length === 0) return Promise.resolve([])
    return new Promise((resolve, reject) => {
      this.run = { targets, results: new Array(targets.length), next: 0, done: 0, onFile, resolve, reject }
      const want = Math.min(this.o.jobs, targets.length)
      for (const s of this.slots) if (s.ready && s.current === null) this.give(s)
      while (this.slots.size < want) this.spawn()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all([...this.slots].map((s) => s.worker.terminate()))
    this.slots.clear()
  }

  private spawn(): void {
    const worker = new Worker(this.url, {
      workerData: initOf(this.o.policy),
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb }
    })
    const slot: Slot = { worker, ready: false, current: null, death: null }
    this.slots.add(slot)
    worker.on('message', (m: 'ready' | WorkerReply) => {
      if (m === 'ready') {
        slot.ready = true
        this.give(slot)
      } else if ('failed' in m) this.fail(new Error(`a scan worker could not start (${m.failed})`))
      else {
        slot.current = null
        this.finish(m.index, m.result)
        this.give(slot)
      }
    })
    worker.on('error', (e) => {
      slot.death = e
    })
    worker.on('exit', (code) => {
      this.slots.delete(slot)
      if (this.closed) return
      const run = this.run
      if (!slot.ready) return this.fail(new Error(`a scan worker exited while starting (exit ${code})`))
      if (slot.current === null || !run) return
      // The worker died with a file in hand: that file blocks, the rest go on.
      const index = slot.current
      const target = run.targets[index] as Target
      const entry: FileEntry = { path: target.rel, status: 'scanned', errors: 0, warnings: 0 }
      const oom = (slot.death as (Error & { code?: string }) | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
      const reason = oom
        ? safe`reading it needed more than ${this.heapMb} MB of memory, so the scan of this file was stopped`
        : lit('the scan of this file stopped unexpectedly (its worker thread crashed)')
      const remedy = oom
        ? lit('split the table into smaller files, or publish it as CSV')
        : lit('report this as a bug in publish-guard; meanwhile publish the table as CSV')
      if (run.next < run.targets.length) this.spawn()
      this.finish(index, { entry, findings: [unreadable(entry, target.rel, new UnreadableError(reason, remedy))] })
    })
  }

  /** Hands the slot the run's next file, if any. */
  private give(slot: Slot): void {
    const run = this.run
    if (!run || run.next >= run.targets.length) return
    const index = run.next++
    slot.current = index
    const target = run.targets[index] as Target
    run.onFile?.(target.rel, index, run.targets.length)
    slot.worker.postMessage({ index, target } satisfies FileJob)
  }

  private finish(index: number, result: FileResult): void {
    const run = this.run
    if (!run) return
    run.results[index] = result
    run.done++
    if (run.done === run.targets.length) {
      this.run = null
      run.resolve(run.results as FileResult[])
    }
  }

  private fail(e: Error): void {
    const run = this.run
    this.run = null
    void this.close()
    run?.reject(e)
  }
}

/** What a worker needs to resolve the same policy: plain data only. */
function initOf(r: ResolvedPolicy): WorkerInit {
  const salt = r.allowlist?.salt
  return { policy: r.policy, root: r.root, now: r.now.toISOString(), ...(salt === undefined ? {} : { salt }) }
}
