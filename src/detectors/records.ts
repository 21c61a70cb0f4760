// Person records, row by row, in bounded memory. While the table streams we
// do not yet know which columns will be judged names, birth dates or
// identifiers, so for every row with a name-like cell we remember which
// other columns matched (a bit mask over the first 32 columns) and count rows
// per distinct mask. At the end, the rows whose name column was judged a
// name column and whose mask meets a judged companion column are the person
// records: an exact row count, not a column-pair guess.

import { MAX_SAMPLES } from '../findings.js'

/** Distinct companion masks kept per name column; more fall into one overflow tally. */
const MAX_MASKS = 512
/** Positions kept per name column to pick samples from at the end. */
const MAX_POSITIONS = 4 * MAX_SAMPLES
export const MASK_COLUMNS = 32

interface Tally {
  masks: Map<number, number>
  /** Rows of the same mask in a row (most tables repeat one mask) not yet counted into `masks`. */
  runMask: number
  run: number
  /** Rows whose mask could not be kept: counted when any companion column is judged. */
  overflow: number
  positions: number[]
  positionMasks: number[]
}

export class RecordTally {
  /** Per name column index (an array: this is looked up on every row with a name). */
  private readonly byName: Array<Tally | undefined> = []

  /** A row where column `nameCol` looks like a name and the columns in `mask` matched a companion detector. */
  add(nameCol: number, mask: number, pos: number): void {
    let t = this.byName[nameCol]
    if (t === undefined) {
      t = { masks: new Map(), runMask: 0, run: 0, overflow: 0, positions: [], positionMasks: [] }
      this.byName[nameCol] = t
    }
    if (t.run > 0 && mask === t.runMask) t.run++
    else {
      flush(t)
      t.runMask = mask
      t.run = 1
    }
    if (t.positions.length < MAX_POSITIONS) {
      t.positions.push(pos)
      t.positionMasks.push(mask)
    }
  }

  /**
   * Rows of `nameCol` that meet a judged companion column; the first row
   * positions; `used`, the companion columns met by those rows (a mask; all
   * of `companions` when some rows' masks were not kept).
   */
  count(nameCol: number, companions: number): { rows: number; positions: number[]; used: number } {
    const t = this.byName[nameCol]
    if (!t || companions === 0) return { rows: 0, positions: [], used: 0 }
    flush(t)
    let rows = t.overflow
    let used = t.overflow > 0 ? companions : 0
    for (const [mask, k] of t.masks) {
      if ((mask & companions) === 0) continue
      rows += k
      used |= mask & companions
    }
    const positions: number[] = []
    for (let i = 0; i < t.positions.length && positions.length < MAX_SAMPLES; i++) {
      if (((t.positionMasks[i] as number) & companions) !== 0) positions.push(t.positions[i] as number)
    }
    return { rows, positions, used }
  }
}

/** Counts the pending run of one mask into the tally (as that many single adds would). */
function flush(t: Tally): void {
  if (t.run === 0) return
  const mask = t.runMask
  const k = t.masks.get(mask)
  if (k !== undefined) t.masks.set(mask, k + t.run)
  else if (t.masks.size < MAX_MASKS) t.masks.set(mask, t.run)
  else t.overflow += t.run
  t.run = 0
}
