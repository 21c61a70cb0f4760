// Messages between scan() and its worker threads: plain data only (the
// structured clone copies them), no functions, no found values beyond what
// findings already carry.

import type { Policy } from '../policy/types.js'
import type { FileResult, Target } from '../scan-file.js'

/** A worker's `workerData`: the policy, the same for the pool's life. */
export interface WorkerInit {
  policy: Policy
}

/** What one scan() call's files share: the same for every file of the call. */
export interface ScanPlace {
  /** Where the policy lives: its schema files and the allowlist's repository. */
  root: string
  /** The allowlist's clock (ISO 8601), the same for every worker. */
  now: string
  salt?: string
}

/** Main thread -> worker: scan this file (`index` in the batch). */
export interface FileJob {
  index: number
  target: Target
  place: ScanPlace
}

/** Worker -> main thread. */
export type WorkerReply = { index: number; result: FileResult } | { index: number; failed: string }
