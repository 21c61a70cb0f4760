import { availableParallelism } from 'node:os'
import { ConfigError } from '../errors.js'

/** The most worker threads a scan starts (a typo such as 80000 is an error, not 80,000 threads). */
const MAX_JOBS = 256

/** `--jobs N` / input `jobs`: a whole number from 1; absent or empty: every CPU the process may use. */
export function parseJobs(v: string | undefined, where: string): number {
  if (v === undefined || v.trim() === '') return availableParallelism()
  const n = /^\s*[1-9][0-9]*\s*$/.test(v) ? Number(v) : Number.NaN
  if (!(n >= 1 && n <= MAX_JOBS)) throw new ConfigError(`must be a whole number from 1 to ${MAX_JOBS} (got \`${v}\`)`, where)
  return n
}
