// What every reader produces: tables of cells with exact places, pushed row
// by row to a sink (no reader holds a whole table), plus findings about the
// file's structure. Readers know nothing of detectors or policy.

import type { Finding, SafeText } from './findings.js'

type Addressing = 'line' | 'cell' | 'record'

export interface TableMeta {
  /** Repository-relative path. */
  file: string
  /**
   * `line`: text file, positions are physical lines; `cell`: sheet rows,
   * `B7`-style places; `record`: numbered items of a part (pivot cache
   * records, shared strings), placed as `part, record 812, column 2`.
   */
  addressing: Addressing
  /** What a position counts under `record` addressing (default `record`). */
  unit?: SafeText
  /**
   * The table has no header row and is not a data table of its own (comments,
   * unused strings, text of a part): every row is data, and the dataset's
   * column and field rules do not apply.
   */
  noHeader?: boolean
  /** The sheet as shown: its name when it passes the safe-label check, else `sheet 2`. */
  sheet?: SafeText
  /** The sheet's name as read: compare (schema `sheets`, `--at`), never print. */
  sheetName?: string
  /** A place outside the visible grid: `hidden sheet`, `pivot cache 1`, `comments`. */
  part?: SafeText
  /** The table is not shown to a reader of the file (hidden sheet, cache, comment). */
  hidden?: boolean
  /**
   * Every row array given to row() is new and never changed afterwards (the
   * CSV reader's): a check may keep it until the table ends instead of
   * copying its cells. Otherwise the reader may reuse its arrays.
   */
  freshRows?: boolean
  /**
   * Where a cell's value is, when a row is not one line of fields (records,
   * HTML rows): called with the `pos` given to row() and the 0-based column.
   */
  locate?: (pos: number, col: number) => ValuePlace
  /**
   * Records: the table's own path in its document, JSON Pointer style
   * (`/staff`; '' for the whole document). Made of keys: a key that looks
   * like a value is not shown.
   */
  path?: string
}

/** A value's place as its reader knows it. */
export interface ValuePlace {
  line?: number
  /** Records: the character column of the value; pages: the field number. */
  column?: number
  /** Records: the element's index in the table's array (absent in NDJSON: the line says which record). */
  record?: number
  /** Records: the path in the record (`/contact/email`), made of keys. */
  key?: string
}

/** Extra facts about one cell that a text file cannot carry. */
export interface CellInfo {
  /** The number was formatted as a date: the value is an ISO date (yyyy-mm-dd). */
  date?: boolean
  /** The cell is hidden (hidden row or column, cosmetic hiding). */
  hidden?: boolean
}

export interface RowSink {
  /**
   * One row. `values[i]` is column i (0-based; '' when empty). `pos` is the
   * physical line (text) or the sheet row number (workbooks). The array may
   * be reused by the reader after the call returns.
   */
  row(values: readonly string[], pos: number, info?: readonly (CellInfo | undefined)[]): void
  /** The table is complete. */
  end(): void
  /** Discard: the reader restarts this table (e.g. with another encoding). */
  abort(): void
}

export interface TableSink {
  table(meta: TableMeta): RowSink
}

export interface ReadResult {
  /** `csv`, `tsv`, `xlsx`, ... */
  format: string
  /** Structure findings (hidden parts, ragged rows, metadata). */
  findings: Finding[]
  /** Parts that can hold text and were not read: named in the report. */
  notInspected: SafeText[]
}
