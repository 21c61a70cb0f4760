// Markdown for the job summary, the check run summary and the PR comment:
// a table per file (severity, kind, count, places), the verdict, what to do.
// Pure: Report in, text out, cut to a size limit with a count of what was
// left out (never silently). Like every renderer it only prints places,
// kinds, counts and SafeText: never a found value.
//
// In a pull request compared with its base branch, the headline counts the
// new and existing findings, files with new findings come first and, in each
// file, new findings before existing ones, allowed ones last, shown as
// `allowed (reason)` (they never block).

import { allowedLabel, allowlistWarnings, blocksIn, reviewOrder } from '../allow/present.js'
import { formatPlace, type Finding } from '../findings.js'
import { placesOf } from './text.js'
import type { FileEntry, Report } from './types.js'

/** Places listed per finding; the JSON report has every sample. */
const PLACES_SHOWN = 5

export interface MarkdownOptions {
  /** Size limit in UTF-8 bytes (a byte limit also keeps a character limit). */
  maxBytes: number
  /** Lines about the run (what was scanned and how the list was made); plain text, escaped here. */
  notes?: string[]
  /** Where the whole list is when this view is cut (`the job summary`, `the report file`). */
  fullReportAt?: string
  /** Markdown shown right under the verdict (the exposure warning); already safe, not escaped. */
  preface?: string
}

interface Unit {
  text: string
  /** Findings this unit shows (for the count of what was left out). */
  findings: number
  /** File lines this unit shows. */
  files: number
}

export function renderMarkdown(r: Report, o: MarkdownOptions): string {
  const t = r.totals
  const head: string[] = []
  head.push(`## publish-guard: ${r.blocked ? '❌ publication blocked' : '✅ nothing blocks publication'}`)
  head.push('')
  if (o.preface) head.push(o.preface.trimEnd(), '')
  if (t.new !== undefined) head.push(`**${t.new} new in this pull request, ${t.existing ?? 0} already on the base branch**` + existingVerdict(r), '')
  head.push(
    `**${t.errors} error(s), ${t.warnings} warning(s)** in ${t.scanned + t.unreadable} file(s) checked` +
      (t.unreadable ? ` (${t.unreadable} unreadable)` : '') +
      `, ${t.skipped} skipped` +
      (t.allowed ? `, ${t.allowed} allowed by the policy` : '') +
      `. Blocking level: ${r.failOn}.`
  )
  head.push('')
  head.push(
    r.policy.builtIn
      ? 'Policy: the built-in default policy (no policy file in the repository): every tabular file, every detector.'
      : `Policy: ${code(r.policy.source ?? '')}.`
  )
  for (const n of o.notes ?? []) head.push('', escape(n))
  head.push('')

  const blocks = blocksIn(r)
  const byFile = new Map<string, Finding[]>()
  for (const f of reviewOrder(r.findings)) {
    const list = byFile.get(f.location.file) ?? []
    list.push(f)
    byFile.set(f.location.file, list)
  }
  const units: Unit[] = []
  const clean: FileEntry[] = []
  // Files with findings new in this pull request first; otherwise in scan order.
  const hasNew = (path: string): boolean => byFile.get(path)?.some((f) => f.novelty === 'new' && !f.allowed) ?? false
  const files = [...r.files.filter((f) => hasNew(f.path)), ...r.files.filter((f) => !hasNew(f.path))]
  for (const file of files) {
    if (file.status === 'skipped') continue
    const fs = byFile.get(file.path) ?? []
    byFile.delete(file.path)
    if (fs.length === 0 && !file.notInspected?.length) {
      clean.push(file)
      continue
    }
    units.push(...fileUnits(file.path, fs, file, blocks))
  }
  // Findings whose file has no entry (should not happen): shown all the same.
  for (const [path, fs] of byFile) units.push(...fileUnits(path, fs, undefined, blocks))
  if (clean.length) units.push(...listUnits(`Checked, nothing found (${clean.length})`, clean.map((f) => code(f.path))))
  const skipped = r.files.filter((f) => f.status === 'skipped')
  if (skipped.length) units.push(...listUnits(`Skipped (${skipped.length})`, skipped.map((f) => `${code(f.path)}: ${escape(f.reason ?? '')}`)))

  const warnings = allowlistWarnings(r)
  const allowNotes = warnings.length ? ['', '### Allowlist', '', ...warnings.map((w) => `- ⚠️ ${escape(w)}`)] : []
  const foot = [...allowNotes, '', '### What to do', '', whatToDo(r), ''].join('\n')
  return fit(head.join('\n') + '\n', units, foot, o)
}

function fileUnits(path: string, fs: Finding[], file: FileEntry | undefined, blocks: (f: Finding) => boolean): Unit[] {
  const errors = fs.filter((f) => f.severity === 'error' && !f.allowed).length
  const allowed = fs.filter((f) => f.allowed).length
  const shape =
    file?.status === 'unreadable' ? 'unreadable' : file?.format ? `${file.format}, ${file.tables ?? 0} table(s), ${file.rows ?? 0} row(s)` : ''
  const out: Unit[] = [
    {
      text: `### ${code(path)}\n\n${errors} error(s), ${fs.length - errors - allowed} warning(s)${allowed ? `, ${allowed} allowed` : ''}${shape ? ` · ${escape(shape)}` : ''}\n\n| severity | kind | count | places | what |\n|---|---|---:|---|---|\n`,
      findings: 0,
      files: 1
    }
  ]
  for (const f of fs) {
    const places = placesOf(f)
    const n = 'count' in f && f.count !== undefined ? f.count : places.length
    const shown = places.slice(0, PLACES_SHOWN).map((p) => escape(formatPlace(p) || 'whole file'))
    const more = n - shown.length
    out.push({
      text: `| ${verdictCell(f, blocks)} | ${code(f.kind)} | ${n} | ${shown.join('<br>')}${more > 0 ? `<br>+${more} more` : ''} | ${escape(f.message)} |\n`,
      findings: 1,
      files: 0
    })
  }
  const tail = file?.notInspected?.length ? `\nNot inspected: ${file.notInspected.map(escape).join(', ')}\n\n` : '\n'
  out.push({ text: tail, findings: 0, files: 0 })
  return out
}

/** `❌ error`, `⚠️ warning`, with `new` / `on the base branch` in a pull request; `☑️ allowed (reason)`. */
function verdictCell(f: Finding, blocks: (f: Finding) => boolean): string {
  const allowed = allowedLabel(f)
  if (allowed) return `☑️ ${escape(allowed)}`
  const level = f.severity === 'error' && blocks(f) ? '❌ error' : f.severity === 'error' ? '⚠️ error, not blocking' : '⚠️ warning'
  return level + (f.novelty === 'new' ? '<br>🆕 new' : f.novelty === 'existing' ? '<br>on the base branch' : '')
}

/** After the new/existing headline: what the existing ones do to the verdict. */
function existingVerdict(r: Report): string {
  if (!r.totals.existing) return '.'
  return r.failOnExisting === false
    ? ': the existing ones are reported, not blocking (policy `fail-on-existing: false`).'
    : ': those count like new ones, because data already published is still exposed (policy `fail-on-existing: true`, the default).'
}

function listUnits(title: string, lines: string[]): Unit[] {
  return [
    { text: `<details><summary>${escape(title)}</summary>\n\n`, findings: 0, files: 0 },
    ...lines.map((l) => ({ text: `- ${l}\n`, findings: 0, files: 1 })),
    { text: '\n</details>\n\n', findings: 0, files: 0 }
  ]
}

/** Head, as many units as fit, a count of the rest, the foot: within maxBytes. */
function fit(head: string, units: Unit[], foot: string, o: MarkdownOptions): string {
  const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')
  const note = (findings: number, files: number): string =>
    `\n\n> **Cut to fit this view:** ${findings} more finding(s) and ${files} more file line(s) are not shown here. ` +
    `Every finding is in ${escape(o.fullReportAt ?? 'the JSON report (input `report-file`)')}.\n`
  const reserve = bytes(note(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) + bytes(foot)
  let out = head
  let used = bytes(head)
  if (used + reserve > o.maxBytes) throw new Error(`markdown limit ${o.maxBytes} is smaller than the fixed text`)
  let i = 0
  for (; i < units.length; i++) {
    const u = units[i] as Unit
    const b = bytes(u.text)
    if (used + b + reserve > o.maxBytes) break
    out += u.text
    used += b
  }
  if (i < units.length) {
    const rest = units.slice(i)
    out += note(
      rest.reduce((n, u) => n + u.findings, 0),
      rest.reduce((n, u) => n + u.files, 0)
    )
  }
  return out + foot
}

function whatToDo(r: Report): string {
  if (r.blocked && r.totals.new === 0)
    return (
      'Nothing blocking is new in this pull request: the findings above are already on the base branch, and data already published is still exposed. ' +
      'Remove them (here or in a separate pull request), allow a column that is meant to be public in the policy (`allow:` with a reason), ' +
      'or set `fail-on-existing: false` in the policy to report findings already on the base branch without blocking.'
    )
  if (r.blocked)
    return (
      'This change would publish what is listed above. Remove the personal data (or the hidden sheets, columns and caches) from these files, ' +
      'or publish aggregates instead; when a column is meant to be public, declare it in the policy file, or allow it with a reason (`allow:`). ' +
      'Then push again: publish-guard checks every push. A file that cannot be read blocks until it can be: see its remedy above.'
    )
  if (r.totals.warnings || r.totals.existing) return 'Nothing blocks. Review the warnings above before publishing.'
  return 'Nothing to do.'
}

/** Text for a Markdown table cell or line: no HTML, no table breaks, one line. */
export function escape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]#@])/g, '\\$1')
}

function code(s: string): string {
  return `<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/[\r\n]+/g, ' ')}</code>`
}
