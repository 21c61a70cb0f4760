// Presentation helpers shared by the renderers (text, SARIF, and the
// Action's Markdown): allowed findings, new-before-existing order, and the
// allowlist's warnings (stale and expired entries).

import { safe, type Finding, type SafeText } from '../findings.js'
import { blocks } from '../verdict.js'
import type { Report } from './types.js'

/** Does this finding stop the merge? Allowed ones never; existing ones only with `fail-on-existing: true` (the default). */
/** Which of the report's findings stop the merge (allowed never; existing ones per `fail-on-existing`). */
export function blocksIn(r: Pick<Report, 'failOn' | 'failOnExisting'>): (f: Finding) => boolean {
  return (f) => blocks(f, r)
}

/** `allowed (reason)`: how an allowed finding is shown instead of its severity. */
export function allowedLabel(f: Finding): SafeText | undefined {
  return f.allowed ? safe`allowed (${f.allowed.reason})` : undefined
}

/** Findings for a reviewer: introduced by the PR first, then existing ones, then allowed ones; stable otherwise. */
export function reviewOrder<F extends Finding>(findings: readonly F[]): F[] {
  const rank = (f: Finding): number => (f.allowed ? 3 : f.novelty === 'new' ? 0 : f.novelty === 'existing' ? 2 : 1)
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map((x) => x.f)
}

/** One line per allowlist entry that needs attention (expired, stale). */
export function allowlistWarnings(r: Report): SafeText[] {
  const out: SafeText[] = []
  for (const a of r.allowlist ?? []) {
    const where = a.line !== undefined ? safe`allow entry ${a.entry} (policy line ${a.line})` : safe`allow entry ${a.entry}`
    if (a.status === 'expired') {
      out.push(
        a.findings + a.cells > 0
          ? safe`${where} expired on ${a.expires ?? safe``}: its ${a.findings} finding(s) block again; renew it with a reason or fix the data`
          : safe`${where} expired on ${a.expires ?? safe``} and matches nothing: remove it`
      )
    } else if (a.status === 'stale') {
      out.push(safe`${where} matched nothing in the files scanned (stale): remove it, or fix its columns/files/kinds/fingerprint`)
    }
  }
  return out
}
