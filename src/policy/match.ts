import picomatch from 'picomatch'
import { ALWAYS_IGNORED } from './defaults.js'
import type { Dataset, Policy } from './types.js'

export type FileDecision =
  | { scan: true; dataset: Dataset | null }
  | { scan: false; reason: 'ignored by policy' | 'not matched by policy files' }

/** Decides, for a repository-relative POSIX path, whether and how to scan it. */
export function fileMatcher(policy: Policy): (relPath: string) => FileDecision {
  const opts = { dot: true }
  const ignored = picomatch([...ALWAYS_IGNORED, ...policy.ignore], opts)
  const datasets = policy.datasets.map((d) => ({ d, match: picomatch(d.files, opts) }))
  const top = picomatch(policy.files, opts)
  return (relPath) => {
    if (ignored(relPath)) return { scan: false, reason: 'ignored by policy' }
    const hit = datasets.find((x) => x.match(relPath))
    if (hit) return { scan: true, dataset: hit.d }
    if (top(relPath)) return { scan: true, dataset: null }
    return { scan: false, reason: 'not matched by policy files' }
  }
}
