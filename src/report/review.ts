// What a reviewer needs from a report, worked out once for every view (the
// pull request comment, the check run, the job summary, the annotations):
// the verdict and its size, the blocking files ordered by severity then by
// rows about people, and for each finding plain words for what it is and
// where it is. Pure: Report in, plain data out (labels unescaped: each
// renderer escapes for its own output).

import { KINDS, type Kind } from '../catalog.js'
import { allowedLabel, blocksIn } from './present.js'
import { columnLetters, type Finding, type Location } from '../findings.js'
import type { FileEntry, Report, SheetEntry } from './types.js'

/** Why a file blocks, worst first. */
export type Category = 'personal' | 'unreadable' | 'hidden' | 'disclosure' | 'policy'
const RANK: Record<Category, number> = { personal: 0, unreadable: 1, hidden: 2, disclosure: 3, policy: 4 }

export function categoryOf(f: Finding): Category {
  const family = f.kind.split('/')[0]
  if (family === 'pii') return 'personal'
  if (family === 'file' && f.kind !== 'file/hidden-sheet') return 'unreadable'
  if (family === 'structure' || family === 'metadata' || f.kind === 'file/hidden-sheet') return 'hidden'
  if (family === 'disclosure') return 'disclosure'
  return 'policy'
}

/** Plain words for a kind: `names`, `dates of birth`, `a hidden sheet with data`. */
export function kindWords(kind: Kind): string {
  return KINDS[kind].title
}

/** The state of the sheet a finding is on, from the sheet map or the finding's part. */
function sheetState(l: Location, sheets: readonly SheetEntry[] | undefined): SheetEntry['state'] | undefined {
  if (l.sheet === undefined) return undefined
  const s = sheets?.find((x) => x.name === l.sheet)
  if (s) return s.state
  if (l.part?.endsWith('very hidden sheet')) return 'very hidden'
  if (l.part?.endsWith('hidden sheet')) return 'hidden'
  return undefined
}

/** `Detainees (very hidden sheet)`, or the part (`pivot cache 1`), or nothing. */
export function sheetLabel(l: Location, sheets?: readonly SheetEntry[]): string | undefined {
  if (l.sheet !== undefined) {
    const state = sheetState(l, sheets)
    return state && state !== 'visible' ? `${l.sheet} (${state} sheet)` : `${l.sheet}`
  }
  return l.part
}

/** `Full Name`, `column B`, `column 3`, or nothing for a whole-file finding. */
export function columnLabel(l: Location): string | undefined {
  if (l.header !== undefined) return l.header
  if (l.cell !== undefined) {
    const letters = /^[A-Z]+/.exec(l.cell)?.[0]
    return letters ? `column ${letters}` : undefined
  }
  if (l.column !== undefined) return `column ${l.column}`
  return undefined
}

/** How many rows (or cells, or places) a finding covers. */
export function sizeOf(f: Finding): number {
  if ('count' in f && typeof f.count === 'number') return f.count
  return 'samples' in f && f.samples?.length ? f.samples.length : 1
}

export interface FileView {
  path: string
  entry?: FileEntry
  /** Every finding of the file: blocking ones first (worst first), then the rest. */
  findings: Finding[]
  blocking: Finding[]
  /** The worst reason it blocks; undefined when nothing in it blocks. */
  category?: Category
  /** Rows about people: the largest blocking personal-data finding. */
  rows: number
  /** Plain words for what blocks, worst first, each once. */
  what: string[]
  /** Safe labels (unescaped) for where: `Detainees (very hidden sheet): Name, DOB`. */
  where: string[]
  novelty?: 'new' | 'existing' | 'new and existing'
}

export interface Review {
  blocked: boolean
  /** `Blocked: 3 files would publish personal data (12,504 rows about people); 1 file could not be read`. */
  verdict: string
  /** Files with blocking findings, worst first. */
  blocking: FileView[]
  /** Files with findings, none blocking (warnings, allowed, not blocking because already on the base branch). */
  other: FileView[]
  clean: FileEntry[]
  skipped: FileEntry[]
}

export const fmt = (n: number): string => n.toLocaleString('en-US')
export const plural = (n: number, one: string, many: string = one + 's'): string => `${fmt(n)} ${n === 1 ? one : many}`

export function review(r: Report): Review {
  const blocks = blocksIn(r)
  const byFile = new Map<string, Finding[]>()
  for (const f of r.findings) {
    const list = byFile.get(f.location.file) ?? []
    list.push(f)
    byFile.set(f.location.file, list)
  }
  const views: FileView[] = []
  const clean: FileEntry[] = []
  const skipped: FileEntry[] = []
  const entries = new Map(r.files.map((e) => [e.path, e]))
  for (const e of r.files) {
    if (e.status === 'skipped') {
      skipped.push(e)
      continue
    }
    const fs = byFile.get(e.path)
    if (!fs?.length && !e.notInspected?.length) clean.push(e)
  }
  for (const [path, fs] of byFile) views.push(fileView(path, fs, entries.get(path), blocks))
  const blocking = views.filter((v) => v.category !== undefined)
  blocking.sort((a, b) => RANK[a.category!] - RANK[b.category!] || b.rows - a.rows || cmp(a.path, b.path))
  const other = views.filter((v) => v.category === undefined).sort((a, b) => cmp(a.path, b.path))
  return { blocked: r.blocked, verdict: verdictLine(r, blocking), blocking, other, clean, skipped }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function fileView(path: string, fs: Finding[], entry: FileEntry | undefined, blocks: (f: Finding) => boolean): FileView {
  const blocking = fs.filter(blocks)
  const rank = (f: Finding): number => (blocks(f) ? RANK[categoryOf(f)] : 10 + (f.allowed ? 1 : 0))
  const findings = fs
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || sizeOf(b.f) - sizeOf(a.f) || a.i - b.i)
    .map((x) => x.f)
  const view: FileView = { path, entry, findings, blocking: findings.filter(blocks), rows: 0, what: [], where: [] }
  if (blocking.length === 0) return view
  view.category = categoryOf(view.blocking[0]!)
  for (const f of view.blocking) {
    if (categoryOf(f) === 'personal') view.rows = Math.max(view.rows, sizeOf(f))
    const w = kindWords(f.kind)
    if (!view.what.includes(w)) view.what.push(w)
  }
  view.where = whereLabels(view.blocking, entry?.sheets)
  const nov = new Set(view.blocking.map((f) => f.novelty))
  view.novelty =
    nov.has('new') && nov.has('existing') ? 'new and existing' : nov.has('new') ? 'new' : nov.has('existing') ? 'existing' : undefined
  return view
}

/** Where labels grouped by sheet: `Detainees (very hidden sheet): Name, DOB`; `Full Name, SSN` in a text file. */
function whereLabels(fs: readonly Finding[], sheets?: readonly SheetEntry[], maxColumns = 4): string[] {
  const groups = new Map<string, string[]>()
  for (const f of fs) {
    const s = sheetLabel(f.location, sheets) ?? ''
    const cols = groups.get(s) ?? []
    // A record spans the table: its place is not a column.
    const c = f.kind === 'pii/person-record' ? undefined : columnLabel(f.location)
    if (c !== undefined && !cols.includes(c)) cols.push(c)
    groups.set(s, cols)
  }
  const out: string[] = []
  for (const [s, cols] of groups) {
    const shown = cols.slice(0, maxColumns).join(', ') + (cols.length > maxColumns ? ` and ${cols.length - maxColumns} more` : '')
    if (s && shown) out.push(`${s}: ${shown}`)
    else if (s || shown) out.push(s || shown)
  }
  return out
}

function verdictLine(r: Report, blocking: FileView[]): string {
  if (!r.blocked) {
    const t = r.totals
    const checked = t.scanned + t.unreadable
    const extra = [t.warnings ? plural(t.warnings, 'warning') : '', t.allowed ? `${fmt(t.allowed)} allowed by the policy` : ''].filter(
      Boolean
    )
    return `Nothing blocks publication: ${plural(checked, 'file')} checked${extra.length ? `; ${extra.join(', ')}` : ''}`
  }
  const count = (c: Category): FileView[] => blocking.filter((v) => v.category === c)
  const parts: string[] = []
  const personal = count('personal')
  if (personal.length) {
    const rows = personal.reduce((n, v) => n + v.rows, 0)
    parts.push(`${plural(personal.length, 'file')} would publish personal data (${plural(rows, 'row')} about people)`)
  }
  const phrase: Array<[Category, string, string]> = [
    ['unreadable', 'could not be read', 'could not be read'],
    ['hidden', 'hides content', 'hide content'],
    ['disclosure', 'shows counts that can identify people', 'show counts that can identify people'],
    ['policy', "breaks the repository's publication policy", "break the repository's publication policy"]
  ]
  for (const [c, one, many] of phrase) {
    const n = count(c).length
    if (n) parts.push(`${plural(n, 'file')} ${n === 1 ? one : many}`)
  }
  if (!parts.length) parts.push('findings block publication')
  return `Blocked: ${parts.join('; ')}`
}

/** `allowed (reason)` or `error`/`warning`, with the novelty: for lists of findings. */
export function levelWords(f: Finding, blocks: (f: Finding) => boolean): string {
  const allowed = allowedLabel(f)
  if (allowed) return allowed
  const level = blocks(f) ? 'blocks' : f.severity === 'error' ? 'error, not blocking' : 'warning'
  return level + (f.novelty === 'new' ? ', new' : f.novelty === 'existing' ? ', already on the base branch' : '')
}

/**
 * Places as compact ranges: `lines 2–21`, `Detainees!B2:B21`, `Detainees!A2:D21`,
 * with `and N more` when the finding counts more places than it lists.
 */
export function compactPlaces(f: Finding, maxRanges = 4): string {
  const samples = 'samples' in f && f.samples?.length ? f.samples : [f.location]
  const total = sizeOf(f)
  const cells = samples.filter((l) => l.cell !== undefined)
  const lines = samples.filter((l) => l.cell === undefined && l.line !== undefined)
  const ranges: string[] = []
  let covered = 0
  if (cells.length) {
    // One rectangle per sheet when the places fill consecutive rows of adjacent columns.
    const bySheet = new Map<string, Array<{ col: number; row: number }>>()
    for (const l of cells) {
      const m = /^([A-Z]+)(\d+)?$/.exec(l.cell as string)
      if (!m) continue
      const key = l.sheet ?? l.part ?? ''
      const list = bySheet.get(key) ?? []
      list.push({ col: letterIndex(m[1] as string), row: m[2] ? Number(m[2]) : 0 })
      bySheet.set(key, list)
    }
    for (const [sheet, list] of bySheet) {
      const prefix = sheet ? `${quoteSheet(sheet)}!` : ''
      for (const run of runs(list.map((p) => p.row).filter((r) => r > 0))) {
        const cols = [...new Set(list.filter((p) => p.row >= run[0] && p.row <= run[1]).map((p) => p.col))].sort((a, b) => a - b)
        const c0 = columnLetters(cols[0] ?? 0)
        const c1 = columnLetters(cols[cols.length - 1] ?? 0)
        ranges.push(run[0] === run[1] && c0 === c1 ? `${prefix}${c0}${run[0]}` : `${prefix}${c0}${run[0]}:${c1}${run[1]}`)
      }
      const whole = list.filter((p) => p.row === 0)
      for (const p of whole) ranges.push(`${prefix}column ${columnLetters(p.col)}`)
    }
    covered = cells.length
  } else if (lines.length) {
    const rs = runs(lines.map((l) => l.line as number))
    ranges.push(
      `line${rs.length === 1 && rs[0]![0] === rs[0]![1] ? '' : 's'} ${rs.map(([a, b]) => (a === b ? fmt(a) : `${fmt(a)}–${fmt(b)}`)).join(', ')}`
    )
    covered = lines.length
  }
  const shown = ranges.slice(0, maxRanges)
  let text = shown.join(', ')
  if (ranges.length > maxRanges) text += ` and ${ranges.length - maxRanges} more ranges`
  const rest = total - covered
  if (covered && rest > 0) text += ` and ${fmt(rest)} more`
  return text
}

function runs(ns: number[]): Array<[number, number]> {
  const sorted = [...new Set(ns)].sort((a, b) => a - b)
  const out: Array<[number, number]> = []
  for (const n of sorted) {
    const last = out[out.length - 1]
    if (last && n === last[1] + 1) last[1] = n
    else out.push([n, n])
  }
  return out
}

function letterIndex(s: string): number {
  let n = 0
  for (const ch of s) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

function quoteSheet(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`
}
