// Messages between scan() and its worker threads: plain data only (the
// structured clone copies them), no functions, no found values beyond what
// findings already carry.

import type { Policy } from '../policy/types.js'
import type { FileResult, Target } from '../scan-file.js'

/** Sent once, as the worker's `workerData`: what every file's scan needs. */
export interface WorkerInit {
  policy: Policy
  root: string
  /** The allowlist's clock (ISO 8601), the same for every worker. */
  now: string
  salt?: string
}

/** Main thread -> worker: scan this file (`index` in the target list). */
export interface FileJob {
  index: number
  target: Target
}

/** Worker -> main thread. */
export type WorkerReply = { index: number; result: FileResult } | { index: number; failed: string }
