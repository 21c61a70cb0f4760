// The cell checks of a Table Schema: each checked cell cast to its field's
// type and tested against its constraints, in batches of rows, column by
// column. Keyed columns keep their cast values for the key checks (KeyCheck).

import type { TableCheck } from '../check.js'
import type { Value } from './types.js'
import type { Column } from './header.js'
import type { Hits } from './hits.js'

/**
 * Rows wait here (their checked cells, or the reader's array itself when it
 * is never reused: TableMeta.freshRows) and are checked BATCH_ROWS at a
 * time, column by column: one field's cast and test run over many cells in
 * a row, which measured 0.15–0.2 s less on the bench's 1M rows than going
 * cell by cell through each row. What they find is then applied row by row
 * (reportRow, then the row's keys), in the order checking each row at once
 * would give, so findings, their order and the key results are the same.
 */
const BATCH_ROWS = 256

/** What a found cell broke, when not constraints (those are the broken checks' bits, > 0). */
const EMPTY_BUT_REQUIRED = -1
const NOT_OF_TYPE = -2
/** `found` holds pairs: the cell (row × checked columns + column), then what it broke. */
const PAIR = 2

type CellInfos = Parameters<TableCheck['row']>[2]

export class CellBatch {
  /** The columns with something to check per cell (a text column without constraint or key is not looked at). */
  private readonly checked: Column[]
  /**
   * A new array per batch, not one kept for the whole table: the reader's
   * strings are young, and storing them into a long-lived (old-generation)
   * array takes V8's write barrier slow path (a remembered-set entry per
   * store) and keeps them alive through scavenges; a batch's own young array
   * does neither. Measured on the bench's 1M rows: see docs/schema.md, Speed.
   */
  private cells: string[] = []
  /** The waiting rows themselves, instead of `cells`, when the reader never reuses a row's array (TableMeta.freshRows). */
  private rowsWaiting: Array<readonly string[]> = []
  /** Per waiting cell: 1 when the reader says it is a date-formatted number (CellInfo.date). */
  private readonly dates: Uint8Array
  /** Per waiting row: its position (line or sheet row). */
  readonly positions = new Float64Array(BATCH_ROWS)
  /** Per waiting row: 1 when the reader gave cell information. */
  private readonly withInfo = new Uint8Array(BATCH_ROWS)
  private waiting = 0
  /** Cast values of keyed columns, per waiting row (keyCount each, at Column.keySlot; undefined: empty or not of its type). */
  castVals: Array<Value | undefined> = []
  /** What the batch's cells broke, in pairs (PAIR). */
  private readonly found: number[] = []
  /** The found pairs' indexes in row order (check), and the next one to report (reportRow). */
  private order: number[] = []
  private next = 0

  constructor(
    columns: Column[],
    /** How many columns a key reads (Column.keySlot >= 0). */
    private readonly keyCount: number,
    private readonly freshRows: boolean,
    private readonly hits: Hits
  ) {
    this.checked = columns.filter((m) => m.keySlot >= 0 || m.required || m.cast !== null || m.test !== null)
    this.dates = new Uint8Array(BATCH_ROWS * this.checked.length)
  }

  /** Keep a row for the batch; true when the batch is full (check it). */
  push(values: readonly string[], pos: number, info: CellInfos): boolean {
    const checked = this.checked
    const n = checked.length
    const r = this.waiting
    const at = r * n
    if (this.freshRows) this.rowsWaiting[r] = values
    else {
      const cells = this.cells
      for (let k = 0; k < n; k++) cells[at + k] = values[(checked[k] as Column).col] ?? ''
    }
    if (info !== undefined) {
      this.withInfo[r] = 1
      for (let k = 0; k < n; k++) this.dates[at + k] = info[(checked[k] as Column).col]?.date === true ? 1 : 0
    } else this.withInfo[r] = 0
    this.positions[r] = pos
    return ++this.waiting === BATCH_ROWS
  }

  /** Cast and test the waiting cells, column by column; how many rows wait (report each with reportRow, then clear). */
  check(): number {
    const rows = this.waiting
    this.waiting = 0
    const checked = this.checked
    const n = checked.length
    const { cells, dates, withInfo, castVals, found, freshRows, rowsWaiting, keyCount } = this
    for (let k = 0; k < n; k++) {
      const m = checked[k] as Column
      const { missing, cast, test, keySlot, col } = m
      for (let r = 0; r < rows; r++) {
        const at = r * n + k
        const raw = freshRows ? ((rowsWaiting[r] as readonly string[])[col] ?? '') : (cells[at] as string)
        if (missing === null ? raw === '' : missing.has(raw)) {
          if (m.required) found.push(at, EMPTY_BUT_REQUIRED)
          continue
        }
        const v = cast === null ? raw : cast(raw, withInfo[r] === 1 ? dates[at] === 1 : undefined)
        if (v === undefined) {
          found.push(at, NOT_OF_TYPE)
          continue
        }
        if (keySlot >= 0) castVals[r * keyCount + keySlot] = v
        if (test !== null) {
          const broken = test(v, raw)
          if (broken !== 0) found.push(at, broken)
        }
      }
    }
    // Row order: sort the (rare) findings by cell, row-major.
    this.order =
      found.length > 0
        ? Array.from({ length: found.length / PAIR }, (_, i) => i).sort((x, y) => (found[PAIR * x] as number) - (found[PAIR * y] as number))
        : []
    this.next = 0
    return rows
  }

  /** The findings of waiting row r (found at `pos`), in its cells' order. */
  reportRow(r: number, pos: number): void {
    const order = this.order
    let next = this.next
    if (next === order.length) return
    const { checked, found } = this
    const n = checked.length
    for (; next < order.length && Math.floor((found[PAIR * (order[next] as number)] as number) / n) === r; next++) {
      const i = order[next] as number
      const m = checked[(found[PAIR * i] as number) % n] as Column
      const what = found[PAIR * i + 1] as number
      if (what === EMPTY_BUT_REQUIRED) this.hits.add('schema/constraint/required', m.col, pos)
      else if (what === NOT_OF_TYPE) this.hits.add('schema/type', m.col, pos)
      else this.broke(m, what, pos)
    }
    this.next = next
  }

  /** A cell that breaks constraints: one hit per broken check, in the checks' order (bit j: checks[j]). */
  private broke(m: Column, broken: number, pos: number): void {
    const checks = m.field.checks
    for (let j = 0; j < checks.length; j++)
      if (broken & (1 << j)) this.hits.add(`schema/constraint/${(checks[j] as (typeof checks)[number]).name}`, m.col, pos)
  }

  /** Drop the batch's texts and values (nothing of a cell outlives its batch). */
  clear(): void {
    this.found.length = 0
    if (this.freshRows) this.rowsWaiting = new Array<readonly string[]>(BATCH_ROWS)
    else this.cells = new Array<string>(BATCH_ROWS * this.checked.length)
    if (this.keyCount > 0) this.castVals = new Array<Value | undefined>(BATCH_ROWS * this.keyCount)
  }

  /** Rows wait to be checked. */
  get pending(): boolean {
    return this.waiting > 0
  }
}
