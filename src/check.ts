// A table check sees every row of one table and returns findings at its end.
// Detectors, policy rules (columns, fields) and disclosure checks all have
// this shape, so the scan treats them alike.

import type { Finding, Location, SafeText } from './findings.js'
import type { Dataset, DetectorLevels, Policy } from './policy/types.js'
import type { CellInfo, TableMeta } from './tabular.js'

export interface TableContext {
  meta: TableMeta
  policy: Policy
  dataset: Dataset | null
  /** What the rules keep across the tables of one file (a workbook's sheets), by rule id; new for every file. */
  fileScope: FileScope
  levels: DetectorLevels
  /** Header cells as read (null: the table has no header row). Compare, never print. */
  header: readonly string[] | null
  /** Where the header row is (line or sheet row). */
  headerPos: number | null
  /** The exact place of a cell. */
  locate(pos: number, col: number): Location
  /** The place of a header cell, with its label when safe to show. */
  locateHeader(col: number): Location
  /** A whole column (`column 3 (Name)`, `Sheet1!C`), with its label when safe to show. */
  locateColumn(col: number): Location
  /** The header text when it is safe to show: never when a detector flags it as a value. */
  label(col: number): SafeText | undefined
  /** A detector found that this header cell is itself a value (headerless data). */
  markHeaderUnsafe(col: number): void
  /** Sees each non-blank cell before the detectors (value fingerprints; absent unless needed). */
  cellFilter?: CellFilter
}

/** A per-table hook on cell values (src/allow/): allowlisted values, base-branch comparison. */
export interface CellFilter {
  /** True: the detectors do not see this cell (an allowlisted value). */
  skip(col: number, pos: number, value: string): boolean
  /** At the end of the table, after every check: may add to or annotate the table's findings. */
  finish(findings: Finding[]): Finding[]
}

export interface TableCheck {
  row(values: readonly string[], pos: number, info?: readonly (CellInfo | undefined)[]): void
  /** `earlier`: the findings of the checks that finished before (detectors first). */
  finish(earlier?: readonly Finding[]): Finding[]
}

export interface Rule {
  id: string
  open(ctx: TableContext): TableCheck | null
  /** The file's last table is done: checks across its tables (e.g. foreign keys between sheets). */
  endFile?(scope: FileScope): Finding[]
}

/** State a rule keeps across the tables of one file, under its id (cross-sheet foreign keys). */
export type FileScope = Map<string, unknown>
