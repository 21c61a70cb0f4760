// Secondary (complementary) suppression: a suppressed cell is worthless when
// published totals and the other published cells give it back exactly. The
// table is turned into linear equations (margin = sum of its parts); a
// suppressed cell is exposed when the equations determine it.
//
// Two solvers, both exact:
// - Cross-tabs and single tables of margins (one total row and/or column, or a
//   long table with two dimensions) are "graphic": every cell lies on two
//   lines, a row and a column. Seen as a graph whose nodes are the lines with
//   a published total (lines without one merged into a single free node) and
//   whose edges are the unknown cells, a cell is determined exactly when its
//   edge is a bridge (lies on no cycle). Linear time (Tarjan): a
//   1,000 x 1,000 table takes well under a second once read, plan included.
// - Anything else (subtotals, more dimensions): chains of equations with one
//   unknown are solved to a fixed point, then each remaining linked group of
//   unknowns is solved by Gaussian elimination; groups too large to solve are
//   counted as not verified (the caller fails closed). Tests check that both
//   solvers agree on random cross-tabs.
//
// Then a greedy plan: suppress one more published cell on a line that pins
// each exposed cell, re-solve, repeat. Not minimal, always explained.

import { BLANK, Int32Vec, SUPPRESSED } from './cells.js'
import { outOfRange } from './typed.js'

/** An aggregate table as the solver sees it. Cell (r, c) is at index `c * rows + r`. */
export interface CountTable {
  rows: number
  /** Number of count columns. */
  cols: number
  /** parseCount codes: >= 0 a published count, SUPPRESSED, BLANK, OTHER (unknown). */
  values: Float64Array
  /** Per count column: its header names a margin (Total, All...). */
  totalCols: readonly boolean[]
  /** Per label column, the label id of each row (0 = blank). */
  labels: readonly Int32Array[]
  /** Label ids that name a margin. */
  isTotalLabel(id: number): boolean
}

export interface SecondaryResult {
  /** Suppressed cells the published numbers give back exactly (cell indices). */
  exposed: number[]
  /** Published cells to suppress as well so that no suppressed cell is exposed. */
  suggest: number[]
  /** Exposed cells the plan could not protect (remove the totals instead). */
  unprotected: number
  /** Suppressed cells in linked groups too large to verify exactly. */
  unverified: number
  /** Which solver read the table (`none`: no suppressed cell, or no margin). */
  structure: 'graph' | 'equations' | 'none'
}

export interface SecondaryOptions {
  /** Force the general solver (tests compare both solvers on cross-tabs). */
  general?: boolean
}

/** Unknown cells in one linked group beyond which elimination is not attempted. */
const MAX_ELIMINATION_UNKNOWNS = 300
/** Equations in one linked group beyond which elimination is not attempted. */
const MAX_ELIMINATION_EQUATIONS = 1200
/** Rounds of the greedy plan (suppress more, re-solve). */
const MAX_PLAN_ROUNDS = 12

/** "No such line": a table without a margin row or column. */
const NONE = -1
/** A margin found by its sums needs at least two other lines to be their sum. */
const MIN_LINES_FOR_SUM = 3
/** Non-zero places where a last or first row (column) must equal the sum of the others to count as a margin. */
const MIN_ROW_SUM_CHECKS = 1
const MIN_COLUMN_SUM_CHECKS = 2
/**
 * A long table read as a cross-tab: its grid (distinct labels of one
 * dimension x the other's) may have at most this many places per table row,
 * plus a slack for small tables; a sparser grid is not a cross-tab.
 */
const PIVOT_PLACES_PER_ROW = 4
const PIVOT_PLACES_SLACK = 64
/** Equation families (see EquationSet): a margin column's row equations, a margin row's column equations. */
const FAMILY_TOTAL_COLUMN = -1
const FAMILY_TOTAL_ROW = -2
/** Elimination: a coefficient this close to zero is zero. */
const EPSILON = 1e-9
/**
 * Plan scores for a candidate cell to suppress, lowest wins: tiers 2e15
 * apart, above the counts of any real table, so that a part beats a margin, a
 * cell whose other line already has unknowns beats one whose lines have none,
 * and a non-zero count beats a zero; within a tier, the smallest count.
 */
const SCORE_MARGIN = 8e15
const SCORE_LONELY = 4e15
const SCORE_ZERO = 2e15

const isUnknown = (code: number): boolean => code === SUPPRESSED || code < BLANK

/** The exposed suppressed cells of a table, and what to suppress as well. */
export function findRecoverable(t: CountTable, opts: SecondaryOptions = {}): SecondaryResult {
  const eqs = hasUnknown(t.values) ? buildEquations(t, opts.general === true) : null
  if (!eqs || eqs.cells.length === 0) return { exposed: [], suggest: [], unprotected: 0, unverified: 0, structure: 'none' }
  const cellEqs = incidence(eqs, t.values.length)
  const working = Float64Array.from(t.values)
  const first = solve(eqs, cellEqs, working)
  const plan = protect(first.exposed, eqs, cellEqs, working)
  return {
    exposed: first.exposed,
    suggest: plan.suggest,
    unprotected: plan.unprotected,
    unverified: first.unverified,
    structure: eqs.graphic ? 'graph' : 'equations'
  }
}

function hasUnknown(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (isUnknown(values[i] ?? outOfRange(i))) return true
  return false
}

// ---------------------------------------------------------------- margins

/** Rows whose label names a margin; when none is labelled, a first or last row that sums the others. */
function totalRows(t: CountTable): Uint8Array {
  const out = new Uint8Array(t.rows)
  let any = false
  for (const col of t.labels) {
    for (let r = 0; r < t.rows; r++) {
      if (t.isTotalLabel(col[r] ?? outOfRange(r))) {
        out[r] = 1
        any = true
      }
    }
  }
  const sum = any || t.rows < MIN_LINES_FOR_SUM ? NONE : sumLine(t, true, MIN_ROW_SUM_CHECKS)
  if (sum >= 0) out[sum] = 1
  return out
}

/** Count columns that are margins: labelled, or equal to the sum of the other count columns on every fully published row. */
function totalColumns(t: CountTable): number[] {
  const labelled: number[] = []
  t.totalCols.forEach((isTotal, c) => isTotal && labelled.push(c))
  if (labelled.length > 0 || t.cols < MIN_LINES_FOR_SUM) return labelled
  const sum = sumLine(t, false, MIN_COLUMN_SUM_CHECKS)
  return sum >= 0 ? [sum] : []
}

/**
 * The last or first row (`rows`) or column that equals the sum of the other
 * lines at every place where they are all published, with at least
 * `minChecked` non-zero checks: a margin verified arithmetically. NONE if none.
 */
function sumLine(t: CountTable, rows: boolean, minChecked: number): number {
  const nLines = rows ? t.rows : t.cols
  const nCross = rows ? t.cols : t.rows
  const at = (line: number, x: number): number => (rows ? x * t.rows + line : line * t.rows + x)
  const get = (line: number, x: number): number => t.values[at(line, x)] ?? outOfRange(at(line, x))
  // Across each place x: the sum of all lines (margin included), and whether every line is published there.
  const sums = new Float64Array(nCross)
  const known = new Uint8Array(nCross).fill(1)
  for (let x = 0; x < nCross; x++) {
    for (let line = 0; line < nLines; line++) {
      const v = get(line, x)
      if (v >= 0) sums[x] = (sums[x] ?? outOfRange(x)) + v
      else if (v !== BLANK) known[x] = 0
    }
  }
  // A margin is half of its place's sum wherever that sum is known.
  for (const line of [nLines - 1, 0]) {
    let checked = 0
    let ok = true
    for (let x = 0; x < nCross && ok; x++) {
      if (!known[x]) continue
      const v = get(line, x)
      const s = sums[x] ?? outOfRange(x)
      if (v < 0 || v * 2 !== s) ok = false
      else if (s > 0) checked++
    }
    if (ok && checked >= minChecked) return line
  }
  return NONE
}

// ---------------------------------------------------------------- equations

interface Equations {
  /** Per equation, the cells on it: its margin first (coefficient -1), then its parts (+1). */
  cells: Int32Array[]
  /** Every cell is on at most two equations, signed as a graph's incidence. */
  graphic: boolean
}

/** Where an equation's margin is among its cells; its parts follow. */
const MARGIN_AT = 0

/**
 * Collects equations by family (the equations one margin gives: a Total
 * column's row equations, a Total row's column equations) and keeps a family
 * only when its equations hold where they can be checked: fully published
 * ones add up, partly published ones leave a non-negative remainder. A
 * "Total" that is not the sum of the cells shown (unlisted categories,
 * rounding) then gives no equation, and recovers nothing.
 */
class EquationSet {
  private readonly eqs: Array<{ cells: Int32Array; family: number }> = []
  private readonly bad = new Set<number>()

  constructor(private readonly values: Float64Array) {}

  /** margin = sum of parts (cells absent from the table left out by the caller). */
  add(margin: number, parts: readonly number[], family: number): void {
    const cells = Int32Array.from([margin, ...parts])
    // What the published cells leave of the margin, and whether an unknown takes part.
    let rest = 0
    let open = false
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i] ?? outOfRange(i)
      const v = this.values[c] ?? outOfRange(c)
      if (v >= 0) rest += (i === MARGIN_AT ? -1 : 1) * v
      else if (v !== BLANK) open = true
    }
    const marginKnown = (this.values[margin] ?? outOfRange(margin)) >= 0
    if (open ? marginKnown && rest > 0 : rest !== 0) this.bad.add(family)
    this.eqs.push({ cells, family })
  }

  done(graphic: boolean): Equations {
    return { cells: this.eqs.filter((e) => !this.bad.has(e.family)).map((e) => e.cells), graphic }
  }
}

/**
 * The table's equations, read the simplest way its margins allow: a grid with
 * at most one margin row and one margin column (graphic), a long table of two
 * dimensions laid out as such a grid (graphic), or general equations.
 */
function buildEquations(t: CountTable, general: boolean): Equations {
  const isTotalRow = totalRows(t)
  const totalCols = totalColumns(t)
  const tc = totalCols[0] ?? NONE
  // The label columns that are dimensions: not the same on every row.
  const varying = t.labels.filter((col) => {
    for (let r = 1; r < t.rows; r++) if (col[r] !== col[0]) return true
    return false
  })
  let nTotalRows = 0
  for (const isTotal of isTotalRow) nTotalRows += isTotal
  if (general) return generalEquations(t, isTotalRow, tc, varying)
  if (nTotalRows <= 1 && totalCols.length <= 1) {
    return gridEquations(t.rows, t.cols, (r, c) => c * t.rows + r, t.values, isTotalRow.indexOf(1), tc)
  }
  const [a, b] = varying
  if (t.cols === 1 && varying.length === 2 && a && b) {
    const pivot = pivotEquations(t, a, b)
    if (pivot) return pivot
  }
  return generalEquations(t, isTotalRow, tc, varying)
}

/**
 * A grid of R x C cells (cell(r, c) -> table cell, -1 when absent) with at
 * most one margin row `tr` and one margin column `tc`: row r's equation is
 * cell(r, tc) = sum of its other cells; column c's is cell(tr, c) = sum of
 * its other cells. Lines without a published margin have no equation.
 */
function gridEquations(
  R: number,
  C: number,
  cell: (r: number, c: number) => number,
  values: Float64Array,
  tr: number,
  tc: number
): Equations {
  const eqs = new EquationSet(values)
  const present = (i: number): boolean => i >= 0 && values[i] !== BLANK
  const line = (n: number, at: (k: number) => number, total: number, family: number): void => {
    if (total < 0 || !present(at(total))) return
    const parts: number[] = []
    for (let k = 0; k < n; k++) if (k !== total && present(at(k))) parts.push(at(k))
    eqs.add(at(total), parts, family)
  }
  if (tc >= 0) for (let r = 0; r < R; r++) line(C, (c) => cell(r, c), tc, FAMILY_TOTAL_COLUMN)
  if (tr >= 0) for (let c = 0; c < C; c++) line(R, (r) => cell(r, c), tr, FAMILY_TOTAL_ROW)
  return eqs.done(true)
}

/** A long table with two dimensions and one count column, laid out as a cross-tab. */
function pivotEquations(t: CountTable, a: Int32Array, b: Int32Array): Equations | null {
  const rowKey = new Map<number, number>()
  const colKey = new Map<number, number>()
  const TOTAL = -1
  const keyOf = (m: Map<number, number>, id: number): number => {
    let k = m.get(id)
    if (k === undefined) m.set(id, (k = m.size))
    return k
  }
  // Each table row's place in the grid: its row and column keys.
  const ra = new Int32Array(t.rows)
  const cb = new Int32Array(t.rows)
  for (let r = 0; r < t.rows; r++) {
    const ia = a[r] ?? outOfRange(r)
    const ib = b[r] ?? outOfRange(r)
    const ta = t.isTotalLabel(ia)
    const tb = t.isTotalLabel(ib)
    // A blank label next to a margin label is a margin too ("Grand total", "").
    ra[r] = keyOf(rowKey, ta || (tb && ia === 0) ? TOTAL : ia)
    cb[r] = keyOf(colKey, tb || (ta && ib === 0) ? TOTAL : ib)
  }
  const R = rowKey.size
  const C = colKey.size
  if (R * C > PIVOT_PLACES_PER_ROW * t.rows + PIVOT_PLACES_SLACK) return null // too sparse to be a cross-tab
  // Grid place -> table row; every place at most once.
  const where = new Map<number, number>()
  for (let r = 0; r < t.rows; r++) {
    const k = (ra[r] ?? outOfRange(r)) * C + (cb[r] ?? outOfRange(r))
    if (where.has(k)) return null // duplicate: the two labels do not identify a cell
    where.set(k, r)
  }
  return gridEquations(R, C, (r, c) => where.get(r * C + c) ?? -1, t.values, rowKey.get(TOTAL) ?? NONE, colKey.get(TOTAL) ?? NONE)
}

/**
 * Subtotals and more dimensions: each margin row sums the rows that are not
 * margins and share its labels outside the dimensions where it says Total (a
 * blank label on a margin row counts as Total); a margin column sums its row.
 */
function generalEquations(t: CountTable, isTotalRow: Uint8Array, tc: number, varying: readonly Int32Array[]): Equations {
  const eqs = new EquationSet(t.values)
  const at = (r: number, c: number): number => c * t.rows + r
  const present = (i: number): boolean => t.values[i] !== BLANK
  // A margin column: each row's count there is the sum of the row's other counts.
  if (tc >= 0) {
    for (let r = 0; r < t.rows; r++) {
      if (!present(at(r, tc))) continue
      const parts: number[] = []
      for (let c = 0; c < t.cols; c++) if (c !== tc && present(at(r, c))) parts.push(at(r, c))
      eqs.add(at(r, tc), parts, FAMILY_TOTAL_COLUMN)
    }
  }
  // A margin row: in each count column, the sum of the rows of its group.
  const groups = new RowGroups(t, isTotalRow, varying)
  for (const m of groups.margins) {
    const parts = groups.partsOf(m)
    if (!parts) continue
    for (let c = 0; c < t.cols; c++) {
      if (!present(at(m.row, c))) continue
      eqs.add(
        at(m.row, c),
        parts.filter((r) => present(at(r, c))).map((r) => at(r, c)),
        m.row
      )
    }
  }
  return eqs.done(false)
}

/** A margin row of a long table: the dimensions where it is not a margin (its group is fixed there), and its labels on them. */
interface MarginRow {
  row: number
  fixed: number[]
  /** `fixed` as a key. */
  sig: string
  /** Its labels on `fixed`, as a key. */
  key: string
}

/** The margin rows of a long table, and the rows each one sums. */
class RowGroups {
  readonly margins: MarginRow[] = []
  /** `sig|key` -> the margin rows with those fixed dimensions and labels. */
  private readonly bySigKey = new Map<string, number[]>()
  /** sig -> (key -> the rows that are not margins with those labels on sig's dimensions), built when first asked. */
  private readonly leaves = new Map<string, Map<string, number[]>>()

  constructor(
    private readonly t: CountTable,
    private readonly isTotalRow: Uint8Array,
    private readonly varying: readonly Int32Array[]
  ) {
    for (let r = 0; r < t.rows; r++) {
      if (!isTotalRow[r]) continue
      const anyLabel = varying.some((col) => t.isTotalLabel(col[r] ?? outOfRange(r)))
      const fixed: number[] = []
      varying.forEach((col, d) => {
        const id = col[r] ?? outOfRange(r)
        if (!(t.isTotalLabel(id) || (id === 0 && anyLabel) || !anyLabel)) fixed.push(d)
      })
      this.margins.push({ row: r, fixed, sig: fixed.join(','), key: this.keyFor(r, fixed) })
    }
    for (const m of this.margins) {
      const k = `${m.sig}|${m.key}`
      const list = this.bySigKey.get(k)
      if (list) list.push(m.row)
      else this.bySigKey.set(k, [m.row])
    }
  }

  /**
   * The rows margin `m` sums: the margin rows one dimension finer when their
   * groups cover its rows (a grand total as the sum of its subtotals: fewer
   * unknowns per equation, smaller linked groups, same information), else
   * the rows of its group that are not margins; undefined when it has none.
   */
  partsOf(m: MarginRow): number[] | undefined {
    const leaves = this.leavesOf(m)
    return leaves && (this.subtotalsCovering(m, leaves) ?? leaves)
  }

  private keyFor(r: number, dims: readonly number[]): string {
    return dims.map((d) => (this.varying[d] ?? outOfRange(d))[r]).join(',')
  }

  private leavesOf(m: MarginRow): number[] | undefined {
    let index = this.leaves.get(m.sig)
    if (!index) {
      index = new Map()
      for (let r = 0; r < this.t.rows; r++) {
        if (this.isTotalRow[r]) continue
        const k = this.keyFor(r, m.fixed)
        const list = index.get(k)
        if (list) list.push(r)
        else index.set(k, [r])
      }
      this.leaves.set(m.sig, index)
    }
    return index.get(m.key)
  }

  /** Margin rows one dimension finer than `m` whose groups partition `leaves`, if any. */
  private subtotalsCovering(m: MarginRow, leaves: readonly number[]): number[] | null {
    for (const [d, col] of this.varying.entries()) {
      if (m.fixed.includes(d)) continue
      const finer = [...m.fixed, d].sort((x, y) => x - y)
      // One row of m's group per value of dimension d.
      const probes = new Map<number, number>()
      for (const r of leaves) {
        const v = col[r] ?? outOfRange(r)
        if (!probes.has(v)) probes.set(v, r)
      }
      // The subtotal row for each value v of dimension d within m's group.
      const subs = new Map<number, number>()
      let ok = true
      for (const [v, probe] of probes) {
        const rows = this.bySigKey.get(`${finer.join(',')}|${this.keyFor(probe, finer)}`)
        const only = rows?.length === 1 ? rows[0] : undefined
        if (only === undefined) {
          ok = false
          break
        }
        subs.set(v, only)
      }
      if (ok && subs.size > 0) return [...subs.values()]
    }
    return null
  }
}

/** For each cell, the equations it is on (CSR): cell c's are `list[start[c]]` up to `list[start[c + 1] - 1]`. */
interface Incidence {
  start: Int32Array
  list: Int32Array
}

function incidence(eqs: Equations, nCells: number): Incidence {
  const start = new Int32Array(nCells + 1)
  for (const cs of eqs.cells) for (const c of cs) start[c + 1] = (start[c + 1] ?? outOfRange(c + 1)) + 1
  for (let i = 0; i < nCells; i++) start[i + 1] = (start[i + 1] ?? outOfRange(i + 1)) + (start[i] ?? outOfRange(i))
  const fill = start.slice(0, nCells)
  const list = new Int32Array(start[nCells] ?? outOfRange(nCells))
  eqs.cells.forEach((cs, e) => {
    for (const c of cs) {
      const k = fill[c] ?? outOfRange(c)
      list[k] = e
      fill[c] = k + 1
    }
  })
  return { start, list }
}

// ---------------------------------------------------------------- solving

interface Solved {
  exposed: number[]
  unverified: number
}

function solve(eqs: Equations, cellEqs: Incidence, values: Float64Array): Solved {
  return eqs.graphic ? bridges(cellEqs, values, eqs.cells.length) : chainsThenElimination(eqs, cellEqs, values)
}

/**
 * Graphic systems: an unknown cell is determined exactly when its edge is a
 * bridge. Nodes are the equations, plus one FREE node (`nEqs`) for the lines
 * without a published margin.
 */
function bridges(cellEqs: Incidence, values: Float64Array, nEqs: number): Solved {
  const nNodes = nEqs + 1
  const g = unknownEdges(cellEqs, values, nEqs)
  const adj = adjacency(g.ends, g.edgeCell.length, nNodes)
  const exposed = bridgeCells(g, adj, nNodes)
  exposed.sort((x, y) => x - y)
  return { exposed, unverified: 0 }
}

/** The graph's edges: edge e is cell `edgeCell[e]`, between nodes `ends[2e]` and `ends[2e + 1]`. */
interface Edges {
  edgeCell: Int32Vec
  ends: Int32Vec
}

/** One edge per unknown cell between its two equations (FREE for a missing one); a cell on no margin or a loop is left out (never determined). */
function unknownEdges(cellEqs: Incidence, values: Float64Array, free: number): Edges {
  const edgeCell = new Int32Vec()
  const ends = new Int32Vec()
  for (let cell = 0; cell < values.length; cell++) {
    if (!isUnknown(values[cell] ?? outOfRange(cell))) continue
    const s = cellEqs.start[cell] ?? outOfRange(cell)
    const n = (cellEqs.start[cell + 1] ?? outOfRange(cell + 1)) - s
    const a = n > 0 ? (cellEqs.list[s] ?? outOfRange(s)) : free
    const b = n > 1 ? (cellEqs.list[s + 1] ?? outOfRange(s + 1)) : free
    if (a === b) continue
    edgeCell.push(cell)
    ends.push(a)
    ends.push(b)
  }
  return { edgeCell, ends }
}

/** For each node, its edges (CSR): node v's are `edge[start[v]]` up to `edge[start[v + 1] - 1]`. */
interface Adjacency {
  start: Int32Array
  edge: Int32Array
}

function adjacency(ends: Int32Vec, m: number, nNodes: number): Adjacency {
  const start = new Int32Array(nNodes + 1)
  for (let i = 0; i < 2 * m; i++) {
    const v = ends.data[i] ?? outOfRange(i)
    start[v + 1] = (start[v + 1] ?? outOfRange(v + 1)) + 1
  }
  for (let i = 0; i < nNodes; i++) start[i + 1] = (start[i + 1] ?? outOfRange(i + 1)) + (start[i] ?? outOfRange(i))
  const fill = start.slice(0, nNodes)
  const edge = new Int32Array(2 * m)
  for (let e = 0; e < m; e++) {
    const a = ends.data[2 * e] ?? outOfRange(2 * e)
    const b = ends.data[2 * e + 1] ?? outOfRange(2 * e + 1)
    const ka = fill[a] ?? outOfRange(a)
    edge[ka] = e
    fill[a] = ka + 1
    const kb = fill[b] ?? outOfRange(b)
    edge[kb] = e
    fill[b] = kb + 1
  }
  return { start, edge }
}

/** The cells whose edge is a bridge: Tarjan's lowlink, depth first without recursion. */
function bridgeCells(g: Edges, adj: Adjacency, nNodes: number): number[] {
  const ends = g.ends.data
  const disc = new Int32Array(nNodes).fill(-1)
  const low = new Int32Array(nNodes)
  const parentEdge = new Int32Array(nNodes).fill(-1)
  /** Per node, the next of its edges to follow. */
  const next = adj.start.slice(0, nNodes)
  const stack = new Int32Array(nNodes)
  const out: number[] = []
  let time = 0
  for (let s = 0; s < nNodes; s++) {
    if (disc[s] !== -1 || adj.start[s] === adj.start[s + 1]) continue
    let top = 0
    stack[top++] = s
    disc[s] = low[s] = time++
    while (top > 0) {
      const v = stack[top - 1] ?? outOfRange(top - 1)
      const k = next[v] ?? outOfRange(v)
      if (k < (adj.start[v + 1] ?? outOfRange(v + 1))) {
        // Follow v's next edge; a node already seen lowers v's lowlink.
        const e = adj.edge[k] ?? outOfRange(k)
        next[v] = k + 1
        if (e === parentEdge[v]) continue
        const a = ends[2 * e] ?? outOfRange(2 * e)
        const w = a === v ? (ends[2 * e + 1] ?? outOfRange(2 * e + 1)) : a
        const dw = disc[w] ?? outOfRange(w)
        if (dw === -1) {
          parentEdge[w] = e
          disc[w] = low[w] = time++
          stack[top++] = w
        } else if (dw < (low[v] ?? outOfRange(v))) low[v] = dw
      } else {
        // v is done: pass its lowlink up; its parent edge is a bridge when nothing below v reaches above it.
        top--
        if (top > 0) {
          const p = stack[top - 1] ?? outOfRange(top - 1)
          const lv = low[v] ?? outOfRange(v)
          if (lv < (low[p] ?? outOfRange(p))) low[p] = lv
          if (lv > (disc[p] ?? outOfRange(p))) {
            const e = parentEdge[v] ?? outOfRange(v)
            out.push(g.edgeCell.data[e] ?? outOfRange(e))
          }
        }
      }
    }
  }
  return out
}

/** Equations with one unknown left, to a fixed point; then exact elimination per linked group. */
function chainsThenElimination(eqs: Equations, cellEqs: Incidence, values: Float64Array): Solved {
  const { determined, left } = chains(eqs, cellEqs, values)
  const groups = linkedGroups(eqs, values, left, determined)
  let unverified = 0
  for (const g of groups) {
    if (g.cells.length > MAX_ELIMINATION_UNKNOWNS || g.eqs.length > MAX_ELIMINATION_EQUATIONS) {
      unverified += g.cells.length
      continue
    }
    for (const c of eliminate(g.cells, g.eqs, eqs)) determined.add(c)
  }
  return { exposed: [...determined].sort((x, y) => x - y), unverified }
}

/**
 * Solves the equations with one unknown left, and again each time that
 * leaves another with one: the cells so determined, and how many unknowns
 * each equation still has.
 */
function chains(eqs: Equations, cellEqs: Incidence, values: Float64Array): { determined: Set<number>; left: Int32Array } {
  const nEq = eqs.cells.length
  const left = new Int32Array(nEq)
  // The xor of an equation's open unknowns: the unknown itself when one is left.
  const xor = new Int32Array(nEq)
  const queue = new Int32Vec()
  eqs.cells.forEach((cs, e) => {
    let n = 0
    let x = 0
    for (const c of cs) {
      if (isUnknown(values[c] ?? outOfRange(c))) {
        n++
        x ^= c
      }
    }
    left[e] = n
    xor[e] = x
    if (n === 1) queue.push(e)
  })
  const determined = new Set<number>()
  for (let q = 0; q < queue.length; q++) {
    const e = queue.data[q] ?? outOfRange(q)
    if (left[e] !== 1) continue
    const cell = xor[e] ?? outOfRange(e)
    determined.add(cell)
    for (let k = cellEqs.start[cell] ?? outOfRange(cell), end = cellEqs.start[cell + 1] ?? outOfRange(cell + 1); k < end; k++) {
      const f = cellEqs.list[k] ?? outOfRange(k)
      left[f] = (left[f] ?? outOfRange(f)) - 1
      xor[f] = (xor[f] ?? outOfRange(f)) ^ cell
      if (left[f] === 1) queue.push(f)
    }
  }
  return { determined, left }
}

/** Disjoint sets of cells (union-find with path compression), in the order first added. */
class UnionFind {
  private readonly parent = new Map<number, number>()

  add(x: number): void {
    if (!this.parent.has(x)) this.parent.set(x, x)
  }

  find(x: number): number {
    let root = x
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p
    for (let y = x; y !== root; ) {
      const up = this.parent.get(y)
      this.parent.set(y, root)
      if (up === undefined) break
      y = up
    }
    return root
  }

  union(x: number, y: number): void {
    const a = this.find(x)
    const b = this.find(y)
    if (a !== b) this.parent.set(a, b)
  }

  members(): IterableIterator<number> {
    return this.parent.keys()
  }
}

/** The unknowns still open after the chains, in groups linked by their equations, with those equations. */
function linkedGroups(
  eqs: Equations,
  values: Float64Array,
  left: Int32Array,
  determined: ReadonlySet<number>
): Iterable<{ cells: number[]; eqs: number[] }> {
  const sets = new UnionFind()
  /** Per equation still open: its id and one of its unknowns. */
  const openEqs: Array<{ e: number; cell: number }> = []
  eqs.cells.forEach((cs, e) => {
    if ((left[e] ?? outOfRange(e)) < 2) return
    let head = -1
    for (const c of cs) {
      if (!isUnknown(values[c] ?? outOfRange(c)) || determined.has(c)) continue
      sets.add(c)
      if (head < 0) head = c
      else sets.union(head, c)
    }
    openEqs.push({ e, cell: head })
  })
  const groups = new Map<number, { cells: number[]; eqs: number[] }>()
  for (const c of sets.members()) {
    const r = sets.find(c)
    let g = groups.get(r)
    if (!g) groups.set(r, (g = { cells: [], eqs: [] }))
    g.cells.push(c)
  }
  for (const { e, cell } of openEqs) groups.get(sets.find(cell))?.eqs.push(e)
  return groups.values()
}

/** Reduced row echelon form: an unknown is determined when its pivot row has no free unknown. */
function eliminate(cells: readonly number[], eqIds: readonly number[], eqs: Equations): number[] {
  const n = cells.length
  const rows = coefficientRows(cells, eqIds, eqs)
  const pivots = reduce(rows, n)
  // Columns whose pivot row has no other non-zero coefficient.
  const alone = new Uint8Array(n)
  pivots.forEach((j, i) => {
    const row = rows[i] ?? outOfRange(i)
    for (let k = 0; k < n; k++) if (k !== j && Math.abs(row[k] ?? outOfRange(k)) > EPSILON) return
    alone[j] = 1
  })
  return cells.filter((_, j) => alone[j] === 1)
}

/** The equations `eqIds` as rows of coefficients over `cells` (the group's unknowns; other cells are known). */
function coefficientRows(cells: readonly number[], eqIds: readonly number[], eqs: Equations): Float64Array[] {
  const col = new Map<number, number>(cells.map((c, i) => [c, i]))
  return eqIds.map((e) => {
    const row = new Float64Array(cells.length)
    const cs = eqs.cells[e] ?? outOfRange(e)
    cs.forEach((c, i) => {
      const j = col.get(c)
      if (j !== undefined) row[j] = (row[j] ?? outOfRange(j)) + (i === MARGIN_AT ? -1 : 1)
    })
    return row
  })
}

/** Gauss-Jordan elimination with partial pivoting, in place: the pivot column of each leading row, in order. */
function reduce(rows: Float64Array[], n: number): number[] {
  const pivots: number[] = []
  let r = 0
  for (let j = 0; j < n && r < rows.length; j++) {
    // The largest coefficient in column j at or below row r.
    let best = -1
    let bestAbs = EPSILON
    for (let i = r; i < rows.length; i++) {
      const a = Math.abs((rows[i] ?? outOfRange(i))[j] ?? outOfRange(j))
      if (a > bestAbs) {
        bestAbs = a
        best = i
      }
    }
    if (best < 0) continue
    const pr = rows[best] ?? outOfRange(best)
    rows[best] = rows[r] ?? outOfRange(r)
    rows[r] = pr
    // Scale the pivot row to 1 at j, and clear column j in every other row.
    const pv = pr[j] ?? outOfRange(j)
    for (let k = 0; k < n; k++) pr[k] = (pr[k] ?? outOfRange(k)) / pv
    for (const row of rows) {
      if (row === pr) continue
      const f = row[j] ?? outOfRange(j)
      if (Math.abs(f) <= EPSILON) continue
      for (let k = 0; k < n; k++) row[k] = (row[k] ?? outOfRange(k)) - f * (pr[k] ?? outOfRange(k))
    }
    pivots.push(j)
    r++
  }
  return pivots
}

// ---------------------------------------------------------------- plan

/**
 * The greedy plan: for each exposed cell, suppress one more published cell
 * (`complement`), re-solve, repeat. Returns the cells to suppress and how
 * many exposed cells are left at the end. `working` is changed.
 */
function protect(exposed: number[], eqs: Equations, cellEqs: Incidence, working: Float64Array): { suggest: number[]; unprotected: number } {
  const suggest: number[] = []
  let left = exposed
  for (let round = 0; left.length > 0 && round < MAX_PLAN_ROUNDS; round++) {
    let added = 0
    const open = unknownsPerEquation(eqs, working)
    for (const cell of left) {
      const pick = complement(cell, eqs, cellEqs, working, open)
      if (pick < 0) continue
      working[pick] = SUPPRESSED
      for (let k = cellEqs.start[pick] ?? outOfRange(pick), end = cellEqs.start[pick + 1] ?? outOfRange(pick + 1); k < end; k++) {
        const e = cellEqs.list[k] ?? outOfRange(k)
        open[e] = (open[e] ?? outOfRange(e)) + 1
      }
      suggest.push(pick)
      added++
    }
    if (added === 0) break
    left = solve(eqs, cellEqs, working).exposed
  }
  return { suggest, unprotected: left.length }
}

/** How many unknown cells each equation has. */
function unknownsPerEquation(eqs: Equations, values: Float64Array): Int32Array {
  const open = new Int32Array(eqs.cells.length)
  eqs.cells.forEach((cs, e) => {
    let n = 0
    for (const c of cs) if (isUnknown(values[c] ?? outOfRange(c))) n++
    open[e] = n
  })
  return open
}

/**
 * A published cell to suppress so that `cell` is no longer pinned: on its
 * line with the fewest unknowns, a part (not a margin) whose other line
 * already has unknowns (so that a cycle, which no total can resolve, forms
 * soon), non-zero, smallest.
 */
function complement(cell: number, eqs: Equations, cellEqs: Incidence, values: Float64Array, open: Int32Array): number {
  let best = -1
  let bestScore = Infinity
  // The line with the fewest unknowns is the one that pins the cell: look there first.
  const lines = Array.from(cellEqs.list.subarray(cellEqs.start[cell] ?? outOfRange(cell), cellEqs.start[cell + 1] ?? outOfRange(cell + 1)))
  lines.sort((x, y) => (open[x] ?? outOfRange(x)) - (open[y] ?? outOfRange(y)))
  for (const e of lines) {
    const cs = eqs.cells[e] ?? outOfRange(e)
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i] ?? outOfRange(i)
      const v = values[c] ?? outOfRange(c)
      if (c === cell || v < 0) continue
      // Lonely: none of c's other lines has an unknown yet.
      let lonely = 1
      for (let j = cellEqs.start[c] ?? outOfRange(c), end = cellEqs.start[c + 1] ?? outOfRange(c + 1); j < end; j++) {
        const f = cellEqs.list[j] ?? outOfRange(j)
        if (f !== e && (open[f] ?? outOfRange(f)) > 0) lonely = 0
      }
      const score = (i === MARGIN_AT ? SCORE_MARGIN : 0) + lonely * SCORE_LONELY + (v === 0 ? SCORE_ZERO : v)
      if (score < bestScore) {
        bestScore = score
        best = c
      }
    }
    if (best >= 0) return best
  }
  return best
}
