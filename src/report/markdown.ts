// Markdown for the pull request comment, the check run summary and the job
// summary: one layout, rendered from the same data (src/report/review.ts).
//
//   1. the verdict and its size, on the first line;
//   2. an overview table, one row per blocking file (near-identical files
//      share a row), worst first: file, where, what, rows, new or existing;
//   3. the exposure warning (three lines), when the branch is public;
//   4. per-file details, collapsed: the sheet map of a workbook, each
//      finding with its places as compact ranges;
//   5. warnings collapsed, clean and skipped files as counts, notes about
//      the run collapsed.
//
// Every view has a size budget: the details are cut first, so the overview
// names every blocking file whatever the size of the pull request. Every
// label and path is escaped (src/report/escape.ts); no found value is ever
// printed: only places, kinds, counts and SafeText.

import { allowlistWarnings, blocksIn } from './present.js'
import type { Finding } from '../findings.js'
import { forMarkdown, mdCode } from './escape.js'
import { compactPlaces, fmt, kindWords, levelWords, plural, review, sheetLabel, columnLabel, type FileView, type Review } from './review.js'
import type { Report, SheetEntry } from './types.js'

/** Where the documentation lives (links in the views). */
const DOCS_URL = 'https://github.com/publish-guard/publish-guard/blob/v1/docs'

export interface MarkdownOptions {
  /** Size limit in UTF-8 bytes (a byte limit also keeps a character limit). */
  maxBytes: number
  /** Lines about the run (what was scanned and how the list was made); plain text, escaped here. */
  notes?: string[]
  /** Where the whole list is when this view is cut (`the job summary`, `the JSON report`). */
  fullReportAt?: string
  /** The pull request's branch is public or in a fork: the blocking files are already published (three lines of purge guidance). */
  exposure?: ExposureNote
}

export interface ExposureNote {
  /** `a public fork`, `a public repository`, `a fork`. */
  where: string
}

/** Files named in one overview row before the row stops listing (near-identical files share a row). */
const GROUP_MIN = 3

export function renderMarkdown(r: Report, o: MarkdownOptions): string {
  const v = review(r)
  const blocks = blocksIn(r)
  const head = headOf(r, v)
  const overview = overviewRows(v)
  const units = [...v.blocking, ...v.other].map((f) => details(f, blocks))
  const warnings = warningsUnit(v, blocks)
  if (warnings) units.push(warnings)
  units.push(aboutUnit(r, o))
  return fit(head, overview, units, footOf(r, v), o)
}

/** The check run's title: the verdict, in plain text. */
export function verdictTitle(r: Report): string {
  return review(r).verdict
}

function headOf(r: Report, v: Review): string {
  const lines = [`## ${r.blocked ? '❌' : '✅'} ${v.verdict}`, '']
  const t = r.totals
  if (t.new !== undefined && (t.new || t.existing)) {
    lines.push(
      `Findings: **${fmt(t.new)} new in this pull request, ${fmt(t.existing ?? 0)} already on the base branch**` +
        (t.existing
          ? r.failOnExisting === false
            ? ': the existing ones are reported, not blocking (policy `fail-on-existing: false`).'
            : ': those block too, because data already published is still exposed (policy `fail-on-existing: true`, the default).'
          : '.'),
      ''
    )
  }
  return lines.join('\n') + '\n'
}

const OVERVIEW_HEAD = '| file | where | what | rows | |\n|---|---|---|---:|---|\n'

/** Files named in one shared overview row at most (a longer group takes several rows). */
const GROUP_ROW_MAX = 100

interface Row {
  text: string
  /** Blocking files this row names. */
  files: number
}

/** One row per blocking file; files with the same where, what and novelty (at least GROUP_MIN of them) share a row that names each. */
function overviewRows(v: Review): Row[] {
  const rows: Row[] = []
  const keyOf = (f: FileView): string => [f.category, f.what.join(','), f.where.join(';'), f.novelty].join('|')
  const groups = new Map<string, FileView[]>()
  for (const f of v.blocking) {
    const g = groups.get(keyOf(f)) ?? []
    g.push(f)
    groups.set(keyOf(f), g)
  }
  const done = new Set<FileView>()
  for (const f of v.blocking) {
    if (done.has(f)) continue
    const g = groups.get(keyOf(f)) as FileView[]
    const members = g.length >= GROUP_MIN ? g : [f]
    for (const m of members) done.add(m)
    const where = f.where.length ? f.where.map(forMarkdown).join('<br>') : 'whole file'
    for (let i = 0; i < members.length; i += GROUP_ROW_MAX) {
      const part = members.slice(i, i + GROUP_ROW_MAX)
      const files = members.length === 1 ? mdCode(f.path) : `${part.length} files: ${part.map((m) => forMarkdown(m.path)).join(', ')}`
      rows.push({
        text: `| ${files} | ${where} | ${forMarkdown(f.what.join(', '))} | ${rowsOf(part)} | ${noveltyWords(f.novelty)} |\n`,
        files: part.length
      })
    }
  }
  return rows
}

function rowsOf(members: FileView[]): string {
  const ns = members.map((m) => m.rows).filter((n) => n > 0)
  if (!ns.length) return ''
  if (members.length === 1) return fmt(ns[0] as number)
  const lo = Math.min(...ns)
  const hi = Math.max(...ns)
  return lo === hi ? `${fmt(lo)} each` : `${fmt(lo)}–${fmt(hi)} each`
}

function noveltyWords(n: FileView['novelty']): string {
  return n === 'new'
    ? 'new'
    : n === 'existing'
      ? 'already on the base branch'
      : n === 'new and existing'
        ? 'new, and some already on the base branch'
        : ''
}

/** The exposure warning: three lines after the verdict, linking to the steps. */
function exposureLines(e: ExposureNote): string {
  return (
    '> [!CAUTION]\n' +
    `> **The files above are already published:** the pull request's branch is in ${forMarkdown(e.where)}, so anyone could read them as soon as it was pushed, and they stay in its history after this check fails.\n` +
    `> To purge them: remove them in a new commit, rewrite the branch's history and force-push, then ask GitHub Support to purge cached views ([the steps](${DOCS_URL}/action.md#exposure-warning)).\n\n`
  )
}

function details(f: FileView, blocks: (f: Finding) => boolean): Unit {
  const e = f.entry
  const shape =
    e?.status === 'unreadable'
      ? 'unreadable'
      : e?.format
        ? `${e.format}${e.sheets ? `, ${plural(e.sheets.length, 'sheet')}` : ''}, ${plural(e.sheets ? e.sheets.reduce((n, s) => n + s.rows, 0) : (e.rows ?? 0), 'row')}`
        : ''
  const nb = f.blocking.length
  const rest = f.findings.length - nb
  const summary = `${mdCode(f.path)}: ${nb ? plural(nb, 'blocking finding') : 'nothing blocking'}${rest ? `, ${fmt(rest)} more` : ''}${shape ? ` · ${forMarkdown(shape)}` : ''}`
  let text = `<details><summary>${summary}</summary>\n\n`
  if (e?.sheets) text += sheetTable(e.sheets, f.findings, blocks)
  for (const x of f.findings)
    text += `- ${blocks(x) ? '❌' : x.allowed ? '☑️' : '⚠️'} ${forMarkdown(levelWords(x, blocks))} · ${findingLine(x, f.entry?.sheets)}\n`
  if (e?.notInspected?.length) text += `- Not inspected: ${e.notInspected.map(forMarkdown).join(', ')}\n`
  text += '\n</details>\n\n'
  return { text, files: 1 }
}

/** `**names** (6,252 rows) in Detainees (very hidden sheet), DOB: Detainees!B2:B21 and 6,232 more · pii/… <br> message` */
function findingLine(f: Finding, sheets: readonly SheetEntry[] | undefined): string {
  const where = [sheetLabel(f.location, sheets), f.kind === 'pii/person-record' ? undefined : columnLabel(f.location)]
    .filter(Boolean)
    .join(', ')
  const places = compactPlaces(f)
  const unit = f.kind.startsWith('pii/') && (f.location.line !== undefined || f.location.cell !== undefined) ? 'row' : 'place'
  const n = 'count' in f && typeof f.count === 'number' && f.count > 1 ? ` (${plural(f.count, unit)})` : ''
  return (
    `**${forMarkdown(kindWords(f.kind))}**${n}` +
    (where ? ` in ${forMarkdown(where)}` : '') +
    (places && places !== where ? `: ${forMarkdown(places)}` : '') +
    ` · ${mdCode(f.kind)}<br>${forMarkdown(f.message)}`
  )
}

/** The sheet map: each sheet, its state, its size, what was found in it. */
function sheetTable(sheets: readonly SheetEntry[], fs: Finding[], blocks: (f: Finding) => boolean): string {
  let out = '| sheet | state | rows | found |\n|---|---|---:|---|\n'
  for (const s of sheets) {
    const here = fs.filter((f) => f.location.sheet === s.name)
    const words = [...new Set(here.map((f) => kindWords(f.kind)))]
    const found = words.length ? (here.some(blocks) ? '❌ ' : '⚠️ ') + forMarkdown(words.join(', ')) : 'nothing'
    const state = s.state === 'visible' ? 'visible' : `**${s.state}**`
    out += `| ${forMarkdown(s.name)} | ${state} | ${fmt(s.rows)} | ${found} |\n`
  }
  return out + '\n'
}

function warningsUnit(v: Review, blocks: (f: Finding) => boolean): Unit | null {
  const lines: string[] = []
  for (const f of [...v.blocking, ...v.other]) {
    const warn = f.findings.filter((x) => !blocks(x) && !x.allowed)
    if (!warn.length) continue
    const words = [...new Set(warn.map((x) => kindWords(x.kind)))]
    lines.push(`- ${mdCode(f.path)}: ${forMarkdown(words.join(', '))}`)
  }
  if (!lines.length) return null
  return {
    text: `<details><summary>Warnings: ${plural(lines.length, 'file')} (not blocking)</summary>\n\n${lines.join('\n')}\n\n</details>\n\n`,
    files: 0
  }
}

function aboutUnit(r: Report, o: MarkdownOptions): Unit {
  const lines = [
    r.policy.builtIn
      ? 'Policy: the built-in default policy (no policy file in the repository): every tabular file, every detector.'
      : `Policy: ${mdCode(r.policy.source ?? '')}.`,
    `Blocking level: ${r.failOn}.`,
    ...(o.notes ?? []).map(forMarkdown)
  ]
  return { text: `<details><summary>About this run</summary>\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\n</details>\n\n`, files: 0 }
}

function footOf(r: Report, v: Review): string {
  const counts = [
    v.clean.length ? `${plural(v.clean.length, 'file')} checked and clean` : '',
    v.skipped.length ? `${plural(v.skipped.length, 'file')} skipped (not tables under the policy)` : '',
    r.totals.allowed ? `${fmt(r.totals.allowed)} finding(s) allowed by the policy` : ''
  ].filter(Boolean)
  const allow = allowlistWarnings(r).map((w) => `- ⚠️ ${forMarkdown(w)}`)
  return (
    (counts.length ? counts.join(' · ') + '.\n\n' : '') +
    (allow.length ? `### Allowlist\n\n${allow.join('\n')}\n\n` : '') +
    whatToDo(r) +
    '\n'
  )
}

function whatToDo(r: Report): string {
  if (r.blocked && r.totals.new === 0)
    return 'Nothing blocking is new in this pull request: these findings are already on the base branch. Remove them (here or separately), allow a column meant to be public (`allow:` with a reason), or set `fail-on-existing: false`.'
  if (r.blocked)
    return 'To clear this check: remove the personal data (or the hidden sheets, columns and parts) from these files, or publish aggregates; declare or allow a column that is meant to be public in the policy. Then push again.'
  if (r.totals.warnings || r.totals.existing) return 'Nothing blocks. Review the warnings before publishing.'
  return 'Nothing to do.'
}

interface Unit {
  text: string
  /** File details this unit shows (for the count of what was left out). */
  files: number
}

/**
 * Head, overview, exposure lines and foot always; then as many detail units
 * as fit, and a count of the rest. Only when the overview alone is too large
 * for the view are its last rows cut, with a count and where they are.
 */
function fit(head: string, overview: Row[], units: Unit[], foot: string, o: MarkdownOptions): string {
  const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')
  const where = forMarkdown(o.fullReportAt ?? 'the JSON report (input report-file)')
  const cutNote = (files: number): string =>
    `> **Cut to fit this view:** ${files ? `the details of ${plural(files, 'file')}` : 'the warnings and the notes about this run'} are not shown here; every finding is in ${where}.\n\n`
  const exposure = o.exposure && overview.length ? exposureLines(o.exposure) : ''
  const reserve = bytes(cutNote(Number.MAX_SAFE_INTEGER)) + bytes(foot) + bytes(exposure)
  let out = head
  let used = bytes(head) + reserve
  if (used > o.maxBytes) throw new Error(`markdown limit ${o.maxBytes} is smaller than the fixed text`)
  if (overview.length) {
    const rowsNote = (n: number): string =>
      `\n**${plural(n, 'more blocking file')} not listed here** (this view's size limit): see ${where}.\n`
    const rest = (from: number): number => overview.slice(from).reduce((n, r) => n + r.files, 0)
    let table = OVERVIEW_HEAD
    let tableBytes = bytes(table) + 1
    let i = 0
    for (; i < overview.length; i++) {
      const b = bytes((overview[i] as Row).text)
      if (used + tableBytes + b + bytes(rowsNote(rest(0))) > o.maxBytes) break
      table += (overview[i] as Row).text
      tableBytes += b
    }
    const note = i < overview.length ? rowsNote(rest(i)) : ''
    out += table + note + '\n'
    used += tableBytes + bytes(note)
    if (note) return out + exposure + cutNote(units.reduce((n, u) => n + u.files, 0)) + foot
  }
  out += exposure
  let i = 0
  for (; i < units.length; i++) {
    const b = bytes((units[i] as Unit).text)
    if (used + b > o.maxBytes) break
    out += (units[i] as Unit).text
    used += b
  }
  if (i < units.length) out += cutNote(units.slice(i).reduce((n, u) => n + u.files, 0))
  return out + foot
}

/** Text for a Markdown line or table cell (kept for callers outside the report). */
