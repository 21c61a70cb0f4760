// The one verdict: whether a report blocks publication. Every step that
// makes or changes a report (the scan, the comparison with a pull request's
// base branch, the policy-change finding, the merge of shards) asks here,
// so they cannot disagree.

import { isBlocking, type Finding, type Severity } from './findings.js'

export interface VerdictOptions {
  /** The lowest severity that blocks. */
  failOn: Severity
  /** Findings already on the base branch block too (policy `fail-on-existing`, default true). */
  failOnExisting?: boolean
}

/** Does this finding stop publication: not allowed, at or above `failOn`, and new unless existing ones block too. */
export function blocks(f: Finding, o: VerdictOptions): boolean {
  return isBlocking(f, o.failOn) && ((o.failOnExisting ?? true) || f.novelty !== 'existing')
}

/** Publication is blocked when any finding blocks. */
export function verdict(findings: readonly Finding[], o: VerdictOptions): boolean {
  return findings.some((f) => blocks(f, o))
}
