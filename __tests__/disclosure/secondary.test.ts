import { findRecoverable, type CountTable } from '../../src/disclosure/secondary.js'
import { BLANK, SUPPRESSED } from '../../src/disclosure/cells.js'
import { syntheticCrossTab, syntheticCrossTabCsv } from '../helpers/synthetic.js'

/** A small deterministic random source. */
function rng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

/** A random cross-tab with optional margins and a random suppression pattern. */
function randomTable(seed: number): CountTable {
  const next = rng(seed)
  const rows = 2 + Math.floor(next() * 5)
  const cols = 2 + Math.floor(next() * 5)
  const withRowTotals = next() < 0.8
  const withColTotals = next() < 0.8
  const R = rows + (withColTotals ? 1 : 0)
  const C = cols + (withRowTotals ? 1 : 0)
  const values = new Float64Array(R * C)
  const at = (r: number, c: number): number => c * R + r
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = 1 + Math.floor(next() * 50)
      values[at(r, c)] = v
      if (withRowTotals) values[at(r, cols)] = (values[at(r, cols)] as number) + v
      if (withColTotals) values[at(rows, c)] = (values[at(rows, c)] as number) + v
      if (withRowTotals && withColTotals) values[at(rows, cols)] = (values[at(rows, cols)] as number) + v
    }
  }
  const share = 0.15 + next() * 0.4
  for (let i = 0; i < values.length; i++) if (next() < share) values[i] = SUPPRESSED
  const labels = new Int32Array(R)
  for (let r = 0; r < R; r++) labels[r] = withColTotals && r === rows ? 1 : r + 2
  return {
    rows: R,
    cols: C,
    values,
    totalCols: Array.from({ length: C }, (_, c) => withRowTotals && c === cols),
    labels: [labels],
    isTotalLabel: (id) => id === 1
  }
}

describe('secondary suppression solvers', () => {
  test('the graph solver (bridges) and exact elimination agree on 500 random cross-tabs', () => {
    let exposedSeen = 0
    for (let seed = 1; seed <= 500; seed++) {
      const t = randomTable(seed)
      const graph = findRecoverable(t)
      const general = findRecoverable(t, { general: true })
      expect(general.unverified).toBe(0)
      expect([seed, graph.exposed]).toEqual([seed, general.exposed])
      if (graph.exposed.length > 0) expect(graph.structure).toBe('graph')
      exposedSeen += graph.exposed.length
    }
    // The sample has both outcomes.
    expect(exposedSeen).toBeGreaterThan(50)
  })

  test('the plan protects every exposed cell it can: after it, nothing is recoverable', () => {
    let planned = 0
    for (let seed = 1; seed <= 200; seed++) {
      const t = randomTable(seed)
      const res = findRecoverable(t)
      if (res.exposed.length === 0 || res.unprotected > 0) continue
      planned++
      const values = Float64Array.from(t.values)
      for (const c of res.suggest) {
        expect(values[c]).toBeGreaterThanOrEqual(0)
        values[c] = SUPPRESSED
      }
      expect(findRecoverable({ ...t, values }).exposed).toEqual([])
    }
    expect(planned).toBeGreaterThan(20)
  })

  test('blank cells are zeros that no margin needs; a blank margin gives no equation', () => {
    // 2 x 2 with a Total column only; row 1's total is blank, so its single * is safe.
    const t: CountTable = {
      rows: 2,
      cols: 3,
      values: Float64Array.from([SUPPRESSED, 5, 20, BLANK, BLANK, 25]),
      totalCols: [false, false, true],
      labels: [Int32Array.from([2, 3])],
      isTotalLabel: () => false
    }
    // Column-major: col0 = [*, 5], col1 = [20, blank], col2 (Total) = [blank, 25].
    expect(findRecoverable(t).exposed).toEqual([])
  })

  test('a table that breaks the solver input contract throws instead of being read as zeros', () => {
    // Three rows, but the label column has one entry: the rows past it have no label to read.
    const t: CountTable = {
      rows: 3,
      cols: 3,
      values: Float64Array.from([SUPPRESSED, 5, 5, 4, 6, 10, 4, 11, 15]),
      totalCols: [false, false, true],
      labels: [Int32Array.from([2])],
      isTotalLabel: () => false
    }
    expect(() => findRecoverable(t)).toThrow(RangeError)
  })

  test('synthetic tables for the bench: CSV text and solver input describe the same table', () => {
    const text = syntheticCrossTabCsv(3, 4, { seed: 7 })
    const lines = text.trim().split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[0]).toBe('Area,C1,C2,C3,C4,Total')
    const t = syntheticCrossTab(3, 4, { seed: 7 })
    const cell = (r: number, c: number): string => {
      const v = t.values[c * t.rows + r] as number
      return v === SUPPRESSED ? '*' : String(v)
    }
    for (let r = 0; r < 4; r++) {
      expect(lines[r + 1]?.split(',').slice(1)).toEqual(Array.from({ length: 5 }, (_, c) => cell(r, c)))
    }
  })
})
