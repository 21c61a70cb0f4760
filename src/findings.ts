// Findings are plain data: readers, detectors and rules produce them,
// reporters render them. No finding has a field that can carry a found value.
//
// "Never echo a found value" holds by type: every human-readable field is a
// SafeText, and a SafeText can only be made from string literals written in
// this code base, numbers, and other SafeTexts (see `safe` and `lit`). A cell
// value is a plain `string` and does not type-check where SafeText is wanted.

declare const safeBrand: unique symbol
/** Text known to contain no input value. */
export type SafeText = string & { readonly [safeBrand]: true }

/** A SafeText from a string literal (rejects non-literal `string`). */
export function lit<const T extends string>(s: string extends T ? never : T): SafeText {
  return s as unknown as SafeText
}

/** Template tag: literal text with numbers and SafeText interpolated. */
export function safe(strings: TemplateStringsArray, ...values: Array<SafeText | number>): SafeText {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += String(values[i]) + (strings[i + 1] ?? '')
  return out as SafeText
}

/**
 * Text the user wrote in the policy file (a declared column or sheet name):
 * not found data. Names read from inside a file (headers, sheet, part and
 * defined names) become SafeText only through the safe-label check
 * (`labelOf` in src/labels.ts).
 */
export function policyText(s: string): SafeText {
  const t = s.length > 80 ? s.slice(0, 77) + '...' : s
  // Control characters would break log lines and workflow commands.
  return t.replace(/[\u0000-\u001f\u007f]/g, '?') as SafeText
}

/**
 * A repository path or git metadata (a commit author), shown as it is: the
 * reviewer needs these places. Never a name read from inside a file.
 */
export function repoText(s: string): SafeText {
  return s.replace(/[\u0000-\u001f\u007f]/g, '?') as SafeText
}

/** Every kind is in the catalog (src/catalog.ts): a closed list. */
import type { Kind } from './catalog.js'

export type Severity = 'error' | 'warning'

/** Personal-data kinds: emitted by detectors. */
export type PiiKind = Extract<Kind, `pii/${string}`>

/** Policy kinds: emitted by policy rules (columns, fields, schema) and by a pull request that changes the policy. */
type PolicyKind = Extract<Kind, `policy/${string}` | `schema/${string}`>

/** File kinds: the file itself, or a part of it, could not be (fully) read. */
type FileKind = Exclude<Extract<Kind, `file/${string}`>, 'file/hidden-sheet'>

/** Where data hides in a workbook (hidden sheets, caches, comments...). */
export type StructureKind = Extract<Kind, `structure/${string}`> | 'file/hidden-sheet'

type DisclosureKind = Extract<Kind, `disclosure/${string}`>
export type MetadataKind = Extract<Kind, `metadata/${string}`>

/**
 * An exact place. Text files: `line` (physical, 1-based) and `column` (field
 * number, 1-based). Workbooks: `sheet` and `cell` (`B7`). `part` names a
 * place outside the cell grid (`pivot cache 1, record 812`).
 */
export interface Location {
  file: string
  sheet?: SafeText
  part?: SafeText
  line?: number
  column?: number
  cell?: string
  /** The column's header, when it passes the safe-label check or the policy declares it. */
  header?: SafeText
  /**
   * Records (JSON, YAML, TOML, NDJSON): the value's path, JSON-pointer style
   * (`/staff/12/email`); `line` and `column` are then the value's line and
   * character column. Keys appear only when safe to show, as headers.
   */
  pointer?: SafeText
}

interface FindingBase<K extends Kind> {
  kind: K
  severity: Severity
  /** One sentence for a reviewer: what, where, what to do. */
  message: SafeText
  location: Location
  /** The policy element that asked for this (detector id, rule, dataset). */
  rule?: SafeText
  /** Accepted by a policy `allow:` entry: still reported, never blocking. */
  allowed?: Allowance
  /** In a pull request: introduced by it, or already on the base branch (src/baseline/novelty.ts). */
  novelty?: 'new' | 'existing'
}

export interface Allowance {
  reason: SafeText
  expires?: SafeText
  /** 1-based entry number in the policy's `allow:` list. */
  entry: number
}

/** A finding about a column or a set of cells: one finding, many places. */
export interface GroupedFields {
  /** How many cells (or rows) matched. */
  count: number
  /** The first places (at most MAX_SAMPLES). */
  samples: Location[]
  /** 0..1, how sure the detector is. */
  confidence?: number
  /** Salted SHA-256 fingerprints of the first matching values (allowlists, dedup). */
  fingerprints?: string[]
}

export const MAX_SAMPLES = 20

export interface PiiFinding extends FindingBase<PiiKind>, GroupedFields {
  /** column: the column is judged to hold this kind; cells: some cells hold it. */
  scope: 'column' | 'cells' | 'table'
  /** pii/person-record: the columns the records are made of (the name column first). */
  columns?: Location[]
}

interface PolicyFinding extends FindingBase<PolicyKind>, GroupedFields {}

export interface FileFinding extends FindingBase<FileKind> {
  reason: SafeText
  remedy: SafeText
  count?: number
  samples?: Location[]
}

interface StructureFinding extends FindingBase<StructureKind> {
  count?: number
  samples?: Location[]
}

export interface DisclosureFinding extends FindingBase<DisclosureKind>, GroupedFields {}

export interface MetadataFinding extends FindingBase<MetadataKind> {
  /** Which property (e.g. `docProps/core.xml dc:creator`); never its value. */
  property: SafeText
}

export type Finding = PiiFinding | PolicyFinding | FileFinding | StructureFinding | DisclosureFinding | MetadataFinding

export function isBlocking(f: Finding, failOn: Severity = 'error'): boolean {
  if (f.allowed) return false
  return f.severity === 'error' || failOn === 'warning'
}

/** `line 12, column 3 (Name)` or `Sheet1!B7`: for messages and text output. */
export function formatPlace(l: Location): SafeText {
  const parts: string[] = []
  if (l.part) parts.push(l.part)
  if (l.cell !== undefined) parts.push(l.sheet ? `${quoteSheet(l.sheet)}!${l.cell}` : l.cell)
  else if (l.sheet) parts.push(`sheet ${quoteSheet(l.sheet)}`)
  if (l.line !== undefined) parts.push(`line ${l.line}`)
  if (l.column !== undefined) parts.push(`column ${l.column}`)
  // A records table's own pointer is '' for a whole document.
  if (l.pointer !== undefined) parts.push(l.pointer === '' ? 'the records' : l.pointer)
  const place = parts.join(', ')
  return (l.header !== undefined ? `${place} (${l.header})` : place) as SafeText
}

function quoteSheet(name: string): string {
  // `#2`: a sheet shown by its position (its name did not pass the safe-label check).
  return /^([A-Za-z0-9_]+|#\d+)$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`
}

/** Excel column letters for a 0-based column index. */
export function columnLetters(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}
