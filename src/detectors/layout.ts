// Long (key/value) layouts: one record spread over several rows, a column
// of keys (`name`, `offense`, `sentence`... or a blank key for the name row)
// repeating beside a column of values.
//
//   key,info
//   ,First Middle Last
//   Offense:,...
//   Sentence:,...
//
// The values column is not a name column (names are a fifth of its cells),
// but the rows under one key are nearly all names while the rows under the
// other keys are not: each name comes with the fields under the other keys,
// a record about that person. Bounded: at most KEYS distinct keys in each of
// the first KEY_COLUMNS columns (a column with more is no key column and is
// dropped), and counts per key and name column.

import { MAX_SAMPLES } from '../findings.js'

export const KEY_COLUMNS = 3
const KEYS = 48
/** Name columns tracked (as the record masks). */
const NAME_COLUMNS = 32
/** Keys longer than this are values, not keys. */
const KEY_LENGTH = 40

interface KeyColumn {
  /** Key hash -> slot. */
  slots: Map<number, number>
  /** Rows per slot. */
  rows: number[]
  /** Per slot: name cells per name column (NAME_COLUMNS entries each). */
  names: Int32Array
  /** Per slot and name column: first positions. */
  positions: Map<number, number[]>
  /** The previous row's slot, and rows whose key differs from the previous row's. */
  last: number
  changes: number
}

export interface LayoutVerdict {
  /** The column that holds the names. */
  col: number
  /** Name rows (one per record). */
  names: number
  /** Keys beside the name key that come with most records (fields about each person). */
  fields: number
  positions: number[]
}

export class KeyValueLayout {
  /** False once every key column has too many distinct keys: then rows are not looked at. */
  on = true
  /** Per row: the key cells' hashes (0 for a blank cell), filled by the caller. */
  readonly keys = new Int32Array(KEY_COLUMNS)
  private readonly cols: Array<KeyColumn | null> = []
  private rows = 0

  constructor() {
    for (let k = 0; k < KEY_COLUMNS; k++)
      this.cols.push({ slots: new Map(), rows: [], names: new Int32Array(KEYS * NAME_COLUMNS), positions: new Map(), last: -1, changes: 0 })
  }

  /**
   * One row: `values` its cells (for key lengths), `nameCols` the columns whose
   * cell looked like a name (first `names` entries). Resets `keys` after.
   */
  row(values: readonly string[], nameCols: readonly number[], names: number, pos: number): void {
    this.rows++
    let live = 0
    for (let k = 0; k < KEY_COLUMNS; k++) {
      const c = this.cols[k]
      if (!c) continue
      const h = this.keys[k] as number
      this.keys[k] = 0
      let slot = c.slots.get(h)
      if (slot === undefined) {
        if (c.slots.size === KEYS || (values[k] ?? '').length > KEY_LENGTH) {
          this.cols[k] = null
          continue
        }
        slot = c.slots.size
        c.slots.set(h, slot)
        c.rows.push(0)
      }
      live++
      c.rows[slot] = (c.rows[slot] as number) + 1
      if (slot !== c.last) c.changes++
      c.last = slot
      for (let j = 0; j < names; j++) {
        const col = nameCols[j] as number
        if (col === k || col >= NAME_COLUMNS) continue
        const at = slot * NAME_COLUMNS + col
        c.names[at] = (c.names[at] as number) + 1
        let p = c.positions.get(at)
        if (p === undefined) c.positions.set(at, (p = []))
        if (p.length < MAX_SAMPLES) p.push(pos)
      }
    }
    if (live === 0) this.on = false
  }

  /**
   * The layout, if the table is one: a key column whose rows under one key
   * hold names in one column (at least 40 % of them, at least 3: the rest may
   * be continuation lines) while that
   * column holds names in at most 5 % of the rows under the other keys, and
   * those other keys come with the records (at least two keys with half as
   * many rows each), and the key changes from row to row (a record's rows
   * follow each other; a table sorted by a category changes key rarely).
   */
  judge(): LayoutVerdict | null {
    let best: LayoutVerdict | null = null
    for (let k = 0; k < KEY_COLUMNS; k++) {
      const c = this.cols[k]
      if (!c || c.slots.size < 3 || c.slots.size === this.rows || c.changes < this.rows / 2) continue
      const slots = c.rows.length
      for (let col = 0; col < NAME_COLUMNS; col++) {
        if (col === k) continue
        let total = 0
        for (let s = 0; s < slots; s++) total += c.names[s * NAME_COLUMNS + col] as number
        if (total < 3) continue
        for (let s = 0; s < slots; s++) {
          const rk = c.rows[s] as number
          const hits = c.names[s * NAME_COLUMNS + col] as number
          const otherRows = this.rows - rk
          if (hits < 3 || hits / rk < 0.4 || otherRows < rk || (total - hits) / otherRows > 0.05) continue
          // Fields that come with most records.
          let fields = 0
          for (let t = 0; t < slots; t++) if (t !== s && (c.rows[t] as number) >= rk / 2) fields++
          if (fields < 2) continue
          if (!best || hits > best.names) best = { col, names: hits, fields, positions: c.positions.get(s * NAME_COLUMNS + col) ?? [] }
        }
      }
    }
    return best
  }
}
