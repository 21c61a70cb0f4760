// Plain text for a terminal or a CI log: grouped by file, counts and places.
// Every line goes through forTerminal: a path or label with a line break,
// an escape sequence or a bidi control is shown as `\uXXXX`, never obeyed.

import { formatPlace, type Finding, type Location } from '../findings.js'
import type { Report } from './types.js'
import { allowedLabel, allowlistWarnings, reviewOrder } from './present.js'
import { forTerminal } from './escape.js'

/** Places listed per finding in text output; the JSON report has all samples. */
const PLACES_SHOWN = 5

export function renderText(r: Report): string {
  const lines: string[] = []
  const t = r.totals
  const verdict = r.blocked ? 'BLOCKED' : 'OK'
  lines.push(
    `publish-guard ${r.tool.version}: ${verdict} - ${t.errors} error(s), ${t.warnings} warning(s) in ${t.scanned + t.unreadable} file(s) checked` +
      (t.skipped ? `, ${t.skipped} skipped` : '') +
      (t.allowed ? `, ${t.allowed} allowed by the policy` : '') +
      (t.new !== undefined ? `; ${t.new} new in this change, ${t.existing ?? 0} already on the base branch` : '') +
      ` (policy: ${r.policy.source ?? 'built-in default'})`
  )
  const byFile = new Map<string, Finding[]>()
  for (const f of reviewOrder(r.findings)) {
    const list = byFile.get(f.location.file) ?? []
    list.push(f)
    byFile.set(f.location.file, list)
  }
  for (const file of r.files) {
    if (file.status === 'skipped') continue
    const fs = byFile.get(file.path) ?? []
    const shape =
      file.status === 'unreadable' ? 'unreadable' : `${file.format ?? '?'}, ${file.tables ?? 0} table(s), ${file.rows ?? 0} row(s)`
    lines.push('')
    lines.push(`${file.path}  [${shape}]${fs.length === 0 ? '  ok' : ''}`)
    for (const f of fs) {
      const novelty = f.novelty ? `[${f.novelty}] ` : ''
      lines.push(`  ${novelty}${allowedLabel(f) ?? f.severity.padEnd(7)} ${f.kind}: ${f.message}`)
      const places = placesOf(f)
      if (places.length > 0 && !(places.length === 1 && f.kind.startsWith('file/'))) {
        const shown = listPlaces(places.slice(0, PLACES_SHOWN), f.location)
        const more = (count(f) ?? places.length) - Math.min(places.length, PLACES_SHOWN)
        lines.push(`          at ${shown}${more > 0 ? ` (+${more} more)` : ''}`)
      }
    }
    if (file.notInspected?.length) lines.push(`  not inspected: ${file.notInspected.join(', ')}`)
  }
  const skipped = r.files.filter((f) => f.status === 'skipped')
  if (skipped.length) {
    lines.push('')
    lines.push(`skipped (${skipped.length}):`)
    for (const f of skipped) lines.push(`  ${f.path}: ${f.reason ?? ''}`)
  }
  const warnings = allowlistWarnings(r)
  if (warnings.length) {
    lines.push('')
    lines.push('allowlist:')
    for (const w of warnings) lines.push(`  warning ${w}`)
  }
  if (r.history) lines.push('', ...historyLines(r))
  lines.push('')
  lines.push(
    r.blocked
      ? 'Publication blocked: remove the personal data (or the hidden parts) from these files, or fix the policy, then scan again.'
      : 'Nothing blocks publication.'
  )
  return lines.map(forTerminal).join('\n') + '\n'
}

/** `lines 2, 3, 4` or `B2, B3` when the places share the finding's column or sheet; full places otherwise. */
function listPlaces(places: Location[], at: Location): string {
  const same = (l: Location): boolean => l.file === at.file && l.sheet === at.sheet && l.part === at.part
  if (places.every((l) => same(l) && l.cell !== undefined)) return places.map((l) => l.cell).join(', ')
  if (places.every((l) => same(l) && l.line !== undefined && l.column === at.column && l.pointer === undefined)) {
    return `line${places.length > 1 ? 's' : ''} ${places.map((l) => l.line).join(', ')}`
  }
  return places.map(formatPlace).join('; ')
}

export function placesOf(f: Finding): Location[] {
  return 'samples' in f && f.samples && f.samples.length ? f.samples : [f.location]
}

function count(f: Finding): number | undefined {
  return 'count' in f ? f.count : undefined
}

/**
 * `scan --history`: what was scanned, the blobs that block and whether the
 * tree still holds them, and how to purge a history (a later commit that
 * deletes a file does not unpublish it).
 */
function historyLines(r: Report): string[] {
  const h = r.history
  if (!h) return []
  const lines = [
    `history: ${h.since ? `${h.since}..` : ''}${h.branch} (${h.head.slice(0, 12)}), ${r.files.length} distinct table blob(s) scanned`
  ]
  const blocking = r.files.filter((f) => f.history && f.errors > 0)
  if (blocking.length === 0) return lines
  lines.push(`${blocking.length} blob(s) with blocking findings:`)
  for (const f of blocking) {
    const h2 = f.history!
    lines.push(
      `  ${f.path}  blob ${h2.blob.slice(0, 12)}, first in commit ${h2.commit.slice(0, 12)}, path(s): ${h2.paths.join(', ')}; ${h2.inTree ? 'still in the current tree' : 'only in the history (deleted or changed since)'}`
    )
  }
  lines.push(
    '',
    'To purge them: deleting or fixing a file in a new commit does not unpublish it, since every commit of a public repository can be browsed and downloaded.',
    '  1. Rewrite the history without them: git filter-repo --invert-paths --path PATH for each path above (or --strip-blobs-with-ids with the blob ids in the JSON report), then force-push every branch and tag.',
    '  2. Ask GitHub Support to remove cached views and pull request refs that still point at the old commits (GitHub Docs: "Removing sensitive data from a repository").',
    '  3. Rewriting does not undo copies already made (forks, clones, caches, archives): treat the data as disclosed and tell the people concerned as your rules require.'
  )
  return lines
}
