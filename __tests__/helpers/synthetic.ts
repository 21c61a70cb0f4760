// Synthetic cross-tabs for the benchmark and tests: counts with a Total row
// and a Total column, cells below a threshold suppressed (as a publisher's
// primary suppression would) or a random share of them, deterministic for a seed.

import { SUPPRESSED } from '../../src/disclosure/cells.js'
import type { CountTable } from '../../src/disclosure/secondary.js'

export interface SyntheticOptions {
  /** Cells below this are suppressed (default 10). */
  threshold?: number
  seed?: number
  /** Spread of the counts: log-uniform in 1..e^spread (default 6, about 1..400). */
  spread?: number
  /** Instead of a threshold: suppress each interior cell with this probability (few suppressions expose many cells). */
  share?: number
}

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Interior counts (rows x cols) and their margins. */
function counts(rows: number, cols: number, opts: SyntheticOptions): { cells: number[][]; hide: (r: number, c: number) => boolean } {
  const next = rng(opts.seed ?? 1)
  const spread = opts.spread ?? 6
  const k = opts.threshold ?? 10
  const cells: number[][] = []
  const hidden = new Uint8Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const row: number[] = []
    for (let c = 0; c < cols; c++) {
      const v = Math.floor(Math.exp(next() * spread))
      row.push(v)
      hidden[r * cols + c] = opts.share === undefined ? Number(v < k) : Number(next() < opts.share)
    }
    cells.push(row)
  }
  return { cells, hide: (r, c) => hidden[r * cols + c] === 1 }
}

/** The table as CSV text: a label column, `cols` count columns and Total, then a Total row. */
export function syntheticCrossTabCsv(rows: number, cols: number, opts: SyntheticOptions = {}): string {
  const { cells, hide } = counts(rows, cols, opts)
  const colSums = new Array<number>(cols).fill(0)
  const lines: string[] = [['Area', ...Array.from({ length: cols }, (_, c) => `C${c + 1}`), 'Total'].join(',')]
  let grand = 0
  cells.forEach((row, r) => {
    let sum = 0
    const out = row.map((v, c) => {
      sum += v
      colSums[c] = (colSums[c] as number) + v
      return hide(r, c) ? '*' : String(v)
    })
    grand += sum
    lines.push([`Area ${r + 1}`, ...out, String(sum)].join(','))
  })
  lines.push(['Total', ...colSums.map(String), String(grand)].join(','))
  return lines.join('\n') + '\n'
}

/** The same table as the secondary-suppression solver sees it (the bench can time the solver alone). */
export function syntheticCrossTab(rows: number, cols: number, opts: SyntheticOptions = {}): CountTable {
  const { cells, hide } = counts(rows, cols, opts)
  const R = rows + 1
  const C = cols + 1
  const values = new Float64Array(R * C)
  const at = (r: number, c: number): number => c * R + r
  cells.forEach((row, r) =>
    row.forEach((v, c) => {
      values[at(r, c)] = hide(r, c) ? SUPPRESSED : v
      values[at(r, cols)] = (values[at(r, cols)] as number) + v
      values[at(rows, c)] = (values[at(rows, c)] as number) + v
      values[at(rows, cols)] = (values[at(rows, cols)] as number) + v
    })
  )
  const labels = new Int32Array(R)
  for (let r = 0; r < R; r++) labels[r] = r === rows ? 1 : r + 2
  return {
    rows: R,
    cols: C,
    values,
    totalCols: Array.from({ length: C }, (_, c) => c === cols),
    labels: [labels],
    isTotalLabel: (id) => id === 1
  }
}
