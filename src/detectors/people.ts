// Is a column of names a column of people? Decided at the end of the table,
// with the other columns' verdicts and headers, for each column the name
// detector judged:
// - places: a column under a header that says only `name` (or none) beside
//   a plain country or region column is the names of places (a table of
//   world cities), not people;
// - aggregates of names: names that are each listed once beside a count or
//   frequency column (`FirstName`, `count`), or a matrix whose other headers
//   are names too, are a table about names, not about people: a warning at
//   most, and no person records;
// - single words (first names or surnames alone) with no other name column
//   are weak evidence: a warning at most, and no person records.
// A table with an identifier, a birth date or a nationality beside the names
// is always about people: none of these rules applies to it.

import { classifyName, NameClass } from './person-name.js'
import { emptyShape, measure } from './shape.js'
import type { DetectorId } from '../policy/types.js'
import type { ColumnVerdict } from './types.js'

/** Verdicts that make a table about people whatever its names look like. */
const HARD: ReadonlySet<DetectorId> = new Set<DetectorId>(['date-of-birth', 'a-number', 'ssn', 'itin', 'email', 'phone'])

/** Header words of a column counting or weighing something (the table is an aggregate). */
const COUNT_WORDS = new Set(
  'count counts frequency frequencies freq estimate estimates estimated occurrences occurrence perct popularity births babies tally tallies'.split(
    ' '
  )
)

/** The words of a raw header: camelCase split, lower case, letters only (`finalEstimate` -> final, estimate). */
function headerWords(raw: string): string[] {
  return raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '')
}

export type NameJudgement = 'person' | 'warn' | 'none'

export interface TableView {
  /** Person attributes judged in the table (age, sex, address, handle). */
  attributes: ReadonlySet<string>
  /** Raw header cells (undefined: no header row). */
  headers: readonly string[] | undefined
  /** Every decided column verdict: detector id, column, verdict. */
  verdicts: ReadonlyArray<{ id: DetectorId; col: number; verdict: ColumnVerdict }>
}

/** Are most other headers (at least 3) single known names (a matrix of first names by surnames)? */
function nameMatrix(headers: readonly string[], col: number): boolean {
  let others = 0
  let names = 0
  const scratch = emptyShape()
  headers.forEach((h, i) => {
    const t = h.trim()
    if (i === col || t === '') return
    others++
    if (!/\s/.test(t) && classifyName(t, measure(t, scratch)) >= NameClass.Weak) names++
  })
  return others >= 3 && names / others >= 0.6
}

/** For each name column: people, a warning at most, or not people at all. */
export function judgeNames(table: TableView): Map<number, NameJudgement> {
  const out = new Map<number, NameJudgement>()
  const names = table.verdicts.filter((v) => v.id === 'person-name' && v.verdict.scope === 'column')
  if (names.length === 0) return out
  // Age, a street address or a handle beside names: people (sex alone is also a dimension of name-frequency tables).
  const attributes = [...table.attributes].some((a) => a !== 'sex')
  const hard =
    attributes ||
    table.verdicts.some((v) => v.verdict.scope === 'column' && (HARD.has(v.id) || (v.id === 'nationality' && v.verdict.place !== true)))
  const place = table.verdicts.some((v) => v.id === 'nationality' && v.verdict.scope === 'column' && v.verdict.place === true)
  const headers = table.headers ?? []
  const counted = headers.some((h) => headerWords(h).some((w) => COUNT_WORDS.has(w)))
  for (const { col, verdict } of names) {
    const ev = verdict.names
    if (hard || ev === undefined) {
      out.set(col, 'person')
      continue
    }
    if (ev.generic && place) out.set(col, 'none')
    else if ((counted && ev.distinct >= 0.9) || nameMatrix(headers, col)) out.set(col, 'warn')
    else if (ev.weak && !names.some((o) => o.col !== col)) out.set(col, 'warn')
    else out.set(col, 'person')
  }
  return out
}
