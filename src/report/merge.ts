// `publish-guard merge`: the reports of the N shards of one scan (`--shard
// I/N`) joined into the report the unsharded scan gives: files in their
// unsharded order, each with its findings, totals and verdict recomputed,
// allowlist use added up. Shards of different scans do not merge.

import type { Finding } from '../findings.js'
import { verdict } from '../verdict.js'
import { totalsOf } from './totals.js'
import type { AllowAuditEntry, AllowStatus, FileEntry, Report } from './types.js'

export class MergeError extends Error {
  override readonly name = 'MergeError'
}

export function mergeReports(reports: readonly Report[]): Report {
  const first = reports[0]
  if (!first) throw new MergeError('no report to merge')
  const count = first.shard?.count
  const seen = new Set<number>()
  for (const r of reports) {
    if (r.schemaVersion !== first.schemaVersion || r.tool.version !== first.tool.version)
      throw new MergeError('the reports come from different versions of publish-guard')
    if (r.policy.source !== first.policy.source || r.failOn !== first.failOn)
      throw new MergeError('the reports were made with different policies or --fail-on')
    if (JSON.stringify(r.history ?? null) !== JSON.stringify(first.history ?? null))
      throw new MergeError('the reports scanned different histories')
    if (!r.shard || r.shard.count !== count) throw new MergeError('every report must be a shard (--shard I/N) of the same N')
    if (seen.has(r.shard.index)) throw new MergeError(`shard ${r.shard.index}/${count} is given twice`)
    seen.add(r.shard.index)
  }
  if (count !== undefined && seen.size !== count) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i))
    throw new MergeError(`shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing: a merged report would leave files out`)
  }

  const units: Array<{ entry: FileEntry; findings: Finding[] }> = []
  for (const r of reports) {
    const byFile = new Map<string, Finding[]>()
    for (const f of r.findings) {
      const list = byFile.get(f.location.file) ?? []
      list.push(f)
      byFile.set(f.location.file, list)
    }
    for (const entry of r.files) units.push({ entry, findings: byFile.get(entry.path) ?? [] })
  }
  units.sort((a, b) => (a.entry.seq ?? 0) - (b.entry.seq ?? 0))
  const files = units.map(({ entry }) => {
    const { seq: _seq, ...rest } = entry
    return rest
  })
  const findings = units.flatMap((u) => u.findings)
  const allowlist = mergeAllowlists(reports.map((r) => r.allowlist))
  const { shard: _shard, ...base } = first
  return {
    ...base,
    blocked: verdict(findings, first),
    totals: totalsOf(files, findings, first.totals.allowed !== undefined),
    files,
    findings,
    ...(allowlist ? { allowlist } : {})
  }
}

/** Each entry's use added up; its status as the whole scan would give it. */
function mergeAllowlists(lists: Array<AllowAuditEntry[] | undefined>): AllowAuditEntry[] | undefined {
  const present = lists.filter((l): l is AllowAuditEntry[] => l !== undefined)
  const base = present[0]
  if (!base) return undefined
  return base.map((entry, i) => {
    const same = present.map((l) => l[i]).filter((e): e is AllowAuditEntry => e !== undefined)
    const findings = same.reduce((n, e) => n + e.findings, 0)
    const cells = same.reduce((n, e) => n + e.cells, 0)
    const has = (s: AllowStatus): boolean => same.some((e) => e.status === s)
    const status: AllowStatus = has('expired')
      ? 'expired'
      : findings + cells > 0
        ? 'used'
        : has('stale') || has('used')
          ? 'stale'
          : 'out-of-scope'
    return { ...entry, findings, cells, status }
  })
}
