// The detector interface is column-aware: a detector sees one column's
// header and its streamed values, keeps a bounded state, and decides once at
// the end of the table. Per-cell work must be cheap: the engine computes one
// CellShape per cell, and detectors look at it before running any regex.

import type { PiiKind, SafeText } from '../findings.js'
import type { DetectorId } from '../policy/types.js'
import type { CellInfo } from '../tabular.js'

/** Character counts of one cell, computed once and shared by all detectors. */
export interface CellShape {
  length: number
  digits: number
  /** ASCII and non-ASCII letters. */
  letters: number
  upper: number
  spaces: number
  at: number
  comma: number
  dash: number
  slash: number
  dot: number
  hash: number
  plus: number
  /** `(` and `)`. */
  paren: number
  /** 32-bit hash of the whole value (the distinct sketch's): a key for per-column memos. */
  key: number
}

export interface ColumnContext {
  /** 0-based column index. */
  index: number
  /** The header text, lower-cased, `_`/`-`/`.` turned to spaces; '' when none. Hint only. */
  header: string
}

export interface ColumnVerdict {
  /** column: the column holds this kind; cells: some cells hold it (e.g. an ID in a notes column). */
  scope: 'column' | 'cells'
  /** Matching cells. */
  count: number
  /** Row positions of the first matching cells (at most MAX_SAMPLES). */
  positions: number[]
  confidence: number
  /** Why, in fixed words (thresholds, header hint): never a value. */
  why: SafeText
  /** Decided but not reported on its own: only makes person records (e.g. a country column without a nationality header). */
  silent?: boolean
  /** Person names only: what the table around the column must confirm (see detectors/people.ts). */
  names?: NameEvidence
  /** Reported at most at this level (an aggregate of names, see people.ts). */
  cap?: 'warning'
  /** Countries only: a plain country or region column (no nationality header): evidence of places. */
  place?: boolean
}

interface NameEvidence {
  /** Single words (first names or surnames alone): weak evidence without another name column. */
  weak: boolean
  /** The header says only `name` (or nothing): the names of places or things as much as people. */
  generic: boolean
  /** Estimated distinct values / non-empty cells. */
  distinct: number
}

interface ColumnStats {
  /** Non-empty cells seen. */
  nonEmpty: number
  /** Estimated distinct values among the cells that reach a detector (plain counts and amounts are not hashed). */
  distinct: number
}

export interface ColumnScanner {
  /** Fewest digits a matching cell has; the engine skips the rest (but see `atCells`). Default 0. */
  minDigits?: number
  /** Also called for every cell with an `@`, whatever its digits (email addresses). */
  atCells?: boolean
  /**
   * One non-blank cell; true when the cell itself matches (used to find person records row by row).
   * The engine calls it unbound (`this: void`): keep state in the closure.
   */
  cell(this: void, value: string, shape: CellShape, pos: number, info: CellInfo | undefined): boolean
  close(stats: ColumnStats): ColumnVerdict | null
}

export interface Detector {
  id: DetectorId
  /**
   * Which cells can match: `text` cells have no digit and no `@` (names,
   * countries); `digits` cells have a digit or an `@` (dates, identifiers,
   * contacts). The engine calls a scanner only with its kind of cell, and
   * calls none for a cell with no letter, fewer than 7 digits and fewer than
   * 2 of `-` `/` `.` (a count, an amount, a code): such a cell can be no
   * date, identifier, name or country (unless a scanner of its column asks
   * for plain numbers: Detector.plainCells).
   */
  cells: 'text' | 'digits'
  /**
   * This column's plain numbers (`1934`, `7`) go to the detector too, which
   * the engine otherwise passes to no scanner (the split parts of a birth
   * date); known from the header, before any cell.
   */
  plainCells?(col: ColumnContext): boolean
  kind: PiiKind
  /** Short noun for messages: `email addresses`. */
  noun: SafeText
  open(col: ColumnContext): ColumnScanner
  /**
   * True when the header alone rules the column out (the scanner would never
   * match nor decide): the engine then calls no scanner for its cells.
   */
  rulesOut?(col: ColumnContext): boolean
  /**
   * Decides this detector's column verdicts of one table together, once every
   * column has closed (a date split over year, month and day columns; a
   * column that counts only next to a column of person names). Returns one
   * entry per verdict, in order: the verdict to keep, or null to drop it.
   */
  settle?(verdicts: readonly ColumnVerdict[], table: { persons: boolean }): Array<ColumnVerdict | null>
  /**
   * Would this single value be flagged? A first row holding one is data, not
   * a header; a header cell holding one is never shown as a label.
   */
  test(value: string): boolean
  /**
   * For a column judged to hold this kind: is its header cell one more value
   * of it (a table with no header row)? Broader than `test`; defaults to it.
   */
  headerIsValue?(value: string): boolean
}
