// The detector interface is column-aware: a detector sees one column's
// header and its streamed values, keeps a bounded state, and decides once at
// the end of the table. Per-cell work must be cheap: the engine computes one
// CellShape per cell, and detectors look at it before running any regex.

import type { PiiKind, SafeText } from '../findings.js'
import type { DetectorId } from '../policy/types.js'
import type { CellInfo } from '../readers/types.js'

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
}

export interface ColumnStats {
  /** Non-empty cells seen. */
  nonEmpty: number
  /** Estimated distinct non-empty values. */
  distinct: number
}

export interface ColumnScanner {
  cell(value: string, shape: CellShape, pos: number, info: CellInfo | undefined): void
  close(stats: ColumnStats): ColumnVerdict | null
}

export interface Detector {
  id: DetectorId
  kind: PiiKind
  /** Short noun for messages: `email addresses`. */
  noun: SafeText
  /**
   * A scanner for one column, or null when this detector has nothing to look
   * at in it (e.g. it needs a header hint the column lacks): the engine then
   * makes no per-cell call for it in that column.
   */
  open(col: ColumnContext): ColumnScanner | null
  /** Would this single value be flagged? (Used to keep data out of header labels.) */
  test(value: string): boolean
}
