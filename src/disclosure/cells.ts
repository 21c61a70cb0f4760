// What a cell of an aggregate table is: a count, a suppressed count, blank,
// or something else; which headers name counts; which labels name margins.

import { normaliseHeader } from '../detectors/index.js'
import type { Location } from '../findings.js'
import type { TableContext } from '../check.js'

/** Cell codes (counts are >= 0). */
export const SUPPRESSED = -1
export const BLANK = -2
export const OTHER = -3

const PLAIN = /^\d+$/
const GROUPED = /^\d{1,3}(?:,\d{3})+$/
const WHOLE_FLOAT = /^\d+\.0+$/
/** `<10`, `< 5`, `≤9`: a range instead of a count is a suppression. */
const RANGE = /^[<≤]\s*\d+$/

/** A cell as a count (>= 0) or one of SUPPRESSED, BLANK, OTHER. */
export function parseCount(raw: string, markers: ReadonlySet<string>): number {
  // Fast path: plain digits (most cells of a count column).
  const n = raw.length
  if (n > 0 && n <= 15) {
    let v = 0
    let i = 0
    for (; i < n; i++) {
      const d = raw.charCodeAt(i) - 48
      if (d < 0 || d > 9) break
      v = v * 10 + d
    }
    if (i === n) return v
  }
  const t = raw.trim()
  if (t === '') return BLANK
  if (markers.has(t)) return SUPPRESSED
  const c = t.charCodeAt(0)
  if (c >= 48 && c <= 57) {
    if (PLAIN.test(t)) return t.length > 15 ? OTHER : Number(t)
    if (GROUPED.test(t)) return Number(t.replace(/,/g, ''))
    if (WHOLE_FLOAT.test(t)) return Number(t)
    return OTHER
  }
  return (c === 60 || c === 0x2264) && RANGE.test(t) ? SUPPRESSED : OTHER
}

const COUNT_WORDS = new Set([
  'count',
  'counts',
  'number',
  'no',
  'num',
  'n',
  '#',
  'total',
  'totals',
  'sum',
  'subtotal',
  'all',
  'detained',
  'detainees',
  'detentions',
  'population',
  'persons',
  'people',
  'individuals',
  'cases',
  'frequency',
  'freq',
  'bookins',
  'book',
  'releases',
  'removals',
  'returns',
  'arrests',
  'admissions',
  'apprehensions',
  'encounters',
  'deaths',
  'births',
  'children',
  'adults',
  'males',
  'females',
  'men',
  'women',
  'boys',
  'girls',
  'households',
  'families',
  'applicants',
  'applications',
  'residents',
  'patients',
  'students',
  'pupils',
  'claimants',
  'recipients',
  'beneficiaries',
  'respondents',
  'cantidad',
  'numero',
  'casos',
  'personas',
  'anzahl',
  'effectif'
])
/** Headers that hold numbers that are not counts. */
const NOT_COUNT_WORDS = new Set([
  'id',
  'identifier',
  'code',
  'zip',
  'postcode',
  'age',
  'year',
  'rate',
  'percent',
  'pct',
  'ratio',
  'average',
  'mean',
  'median',
  'phone',
  'ssn'
])
const MONTHS =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?: ?'?\d{2,4})?$/
const PERIODS =
  /^(?:(?:fy|cy) ?)?(?:19|20)\d{2}(?: ?q[1-4])?$|^q[1-4](?: (?:fy )?(?:19|20)?\d{2})?$|^(?:fy|cy) ?\d{2}$|^(?:19|20)\d{2} (?:19|20)?\d{2}$|^(?:19|20)\d{2} (?:0[1-9]|1[0-2])$/

/**
 * `count`: non-negative integers under this header are counts of people;
 * `never`: numbers under it are something else (IDs, ages, years, rates);
 * `maybe`: counts when a Total column beside them adds them up.
 */
export function countHeader(header: string): 'count' | 'never' | 'maybe' {
  const h = normaliseHeader(header.replace(/#/g, ' # '))
  if (h === '') return 'maybe'
  if (MONTHS.test(h) || PERIODS.test(h)) return 'count'
  const words = h.split(' ')
  if (words.some((w) => NOT_COUNT_WORDS.has(w))) return 'never'
  return words.some((w) => COUNT_WORDS.has(w)) ? 'count' : 'maybe'
}

const TOTAL_LABEL = /^(?:grand |sub ?)?totals?\b|\btotals?$|^all\b(?! others?\b)|^sum$|^overall$|^todos?$|^gesamt|^ensemble$/

/** A label that names a margin (a row or column of totals). */
export function totalLabeller(extra: readonly string[] = []): (label: string) => boolean {
  const more = new Set(extra.map((s) => s.trim().toLowerCase()))
  return (label) => {
    const t = label.trim().toLowerCase()
    if (t === '') return false
    if (more.has(t)) return true
    return TOTAL_LABEL.test(normaliseHeader(t))
  }
}

/** Case- and space-insensitive header key, for matching names written in the policy. */
export const headerKey = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ')

/** A growable typed array. */
class Vec<A extends Float64Array | Int32Array> {
  data: A
  length = 0
  constructor(private readonly make: (n: number) => A) {
    this.data = make(1024)
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }
}

export class Float64Vec extends Vec<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n))
  }
}

export class Int32Vec extends Vec<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n))
  }
}

/** The table as a whole: its header row when it has one. */
export function tableLocation(ctx: TableContext): Location {
  const base = { file: ctx.meta.file, sheet: ctx.meta.sheet, part: ctx.meta.part }
  if (ctx.headerPos === null) return base
  return ctx.meta.addressing === 'line' ? { ...base, line: ctx.headerPos } : { ...base, cell: `A${ctx.headerPos}` }
}
