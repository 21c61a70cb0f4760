// Messages between scan() and its worker threads: plain data only (the
// structured clone copies them), no functions, no found values beyond what
// findings already carry.

import type { Policy } from '../policy/types.js'
import type { FileResult, Target } from '../scan-file.js'

/**
 * A worker's `workerData`, the same for the pool's life: the resolved
 * policy as plain data (src/resolve.ts), which the worker resolves again to
 * the same schemas, allow entries and limits.
 */
export interface WorkerInit {
  /** The policy with the text of its schema files. */
  policy: Policy
  /** Where the policy lives. */
  root: string
  /** The allow entries' clock (ISO 8601), the same for every worker. */
  now: string
  /** The fingerprint salt the main thread resolved, when the allow entries need one. */
  salt?: string
}

/** Main thread -> worker: scan this file (`index` in the batch). */
export interface FileJob {
  index: number
  target: Target
}

/** Worker -> main thread. */
export type WorkerReply = { index: number; result: FileResult } | { index: number; failed: string }
