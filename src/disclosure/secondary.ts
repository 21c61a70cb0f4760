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

/** Unknown cells in one linked group beyond which elimination is not attempted. */
const MAX_ELIMINATION_UNKNOWNS = 300
const MAX_ELIMINATION_EQUATIONS = 1200
const MAX_PLAN_ROUNDS = 12

/**
 * Collects equations by family (the equations one margin gives: a Total
 * column's row equations, a Total row's column equations) and keeps a family
 * only when its equations hold where they can be checked: fully published
 * ones add up, partly published ones leave a non-negative remainder. A
 * "Total" that is not the sum of the cells shown (unlisted categories,
 * rounding) then gives no equation, and recovers nothing.
 */
class EquationSet {
  private readonly cells: Int32Array[] = []
  private readonly coefs: Int8Array[] = []
  private readonly family: number[] = []
  private readonly bad = new Set<number>()

  constructor(private readonly values: Float64Array) {}

  /** margin = sum of parts (cells absent from the table left out by the caller). */
  add(margin: number, parts: readonly number[], family: number): void {
    const cs = Int32Array.from([margin, ...parts])
    const ks = new Int8Array(cs.length).fill(1)
    ks[0] = -1
    let rest = 0
    let open = false
    for (let i = 0; i < cs.length; i++) {
      const v = this.values[cs[i] as number] as number
      if (v >= 0) rest += (ks[i] as number) * v
      else if (v !== BLANK) open = true
    }
    const marginKnown = (this.values[margin] as number) >= 0
    if (open ? marginKnown && rest > 0 : rest !== 0) this.bad.add(family)
    this.cells.push(cs)
    this.coefs.push(ks)
    this.family.push(family)
  }

  done(graphic: boolean): Equations {
    const keep = (_: unknown, e: number): boolean => !this.bad.has(this.family[e] as number)
    return { cells: this.cells.filter(keep), coefs: this.coefs.filter(keep), graphic }
  }
}

interface Equations {
  /** Per equation: the cells on it, and +1 (part) or -1 (the margin). */
  cells: Int32Array[]
  coefs: Int8Array[]
  /** Every cell is on at most two equations, signed as a graph's incidence. */
  graphic: boolean
}

const isUnknown = (code: number): boolean => code === SUPPRESSED || code < BLANK

export interface SecondaryOptions {
  /** Force the general solver (tests compare both solvers on cross-tabs). */
  general?: boolean
}

/** The exposed suppressed cells of a table, and what to suppress as well. */
export function findRecoverable(t: CountTable, opts: SecondaryOptions = {}): SecondaryResult {
  let anyUnknown = false
  for (let i = 0; i < t.values.length && !anyUnknown; i++) anyUnknown = isUnknown(t.values[i] as number)
  const eqs = anyUnknown ? buildEquations(t, opts.general === true) : null
  if (!eqs || eqs.cells.length === 0) return { exposed: [], suggest: [], unprotected: 0, unverified: 0, structure: 'none' }
  const cellEqs = incidence(eqs, t.values.length)
  const working = Float64Array.from(t.values)
  const first = solve(eqs, cellEqs, working)
  const suggest: number[] = []
  let exposed = first.exposed
  for (let round = 0; exposed.length > 0 && round < MAX_PLAN_ROUNDS; round++) {
    let added = 0
    const open = unknownsPerEquation(eqs, working)
    for (const cell of exposed) {
      const pick = complement(cell, eqs, cellEqs, working, open)
      if (pick < 0) continue
      working[pick] = SUPPRESSED
      for (let k = cellEqs.start[pick] as number; k < (cellEqs.start[pick + 1] as number); k++) {
        const e = cellEqs.list[k] as number
        open[e] = (open[e] as number) + 1
      }
      suggest.push(pick)
      added++
    }
    if (added === 0) break
    exposed = solve(eqs, cellEqs, working).exposed
  }
  return {
    exposed: first.exposed,
    suggest,
    unprotected: exposed.length,
    unverified: first.unverified,
    structure: eqs.graphic ? 'graph' : 'equations'
  }
}

// ---------------------------------------------------------------- margins

/** Rows whose label names a margin; when none is labelled, a first or last row that sums the others. */
function totalRows(t: CountTable): Uint8Array {
  const out = new Uint8Array(t.rows)
  let any = false
  for (const col of t.labels) {
    for (let r = 0; r < t.rows; r++) {
      if (t.isTotalLabel(col[r] as number)) {
        out[r] = 1
        any = true
      }
    }
  }
  const sum = any || t.rows < 3 ? -1 : sumLine(t, true, 1)
  if (sum >= 0) out[sum] = 1
  return out
}

/** Count columns that are margins: labelled, or equal to the sum of the other count columns on every fully published row. */
function totalColumns(t: CountTable): number[] {
  const labelled: number[] = []
  t.totalCols.forEach((isTotal, c) => isTotal && labelled.push(c))
  if (labelled.length > 0 || t.cols < 3) return labelled
  const sum = sumLine(t, false, 2)
  return sum >= 0 ? [sum] : []
}

/**
 * The last or first row (`rows`) or column that equals the sum of the other
 * lines at every place where they are all published, with at least
 * `minChecked` non-zero checks: a margin verified arithmetically. -1 if none.
 */
function sumLine(t: CountTable, rows: boolean, minChecked: number): number {
  const nLines = rows ? t.rows : t.cols
  const nCross = rows ? t.cols : t.rows
  const get = (line: number, x: number): number => (rows ? t.values[x * t.rows + line] : t.values[line * t.rows + x]) as number
  const sums = new Float64Array(nCross)
  const known = new Uint8Array(nCross).fill(1)
  for (let x = 0; x < nCross; x++) {
    for (let line = 0; line < nLines; line++) {
      const v = get(line, x)
      if (v >= 0) sums[x] = (sums[x] as number) + v
      else if (v !== BLANK) known[x] = 0
    }
  }
  for (const line of [nLines - 1, 0]) {
    let checked = 0
    let ok = true
    for (let x = 0; x < nCross && ok; x++) {
      if (!known[x]) continue
      const v = get(line, x)
      const s = sums[x] as number
      if (v < 0 || v * 2 !== s) ok = false
      else if (s > 0) checked++
    }
    if (ok && checked >= minChecked) return line
  }
  return -1
}

// ---------------------------------------------------------------- equations

function buildEquations(t: CountTable, general: boolean): Equations {
  const isTotalRow = totalRows(t)
  const totalCols = totalColumns(t)
  const varying = t.labels.filter((col) => {
    for (let r = 1; r < t.rows; r++) if (col[r] !== col[0]) return true
    return false
  })
  let nTotalRows = 0
  for (let r = 0; r < t.rows; r++) nTotalRows += isTotalRow[r] as number
  if (general) return generalEquations(t, isTotalRow, totalCols[0] ?? -1, varying)
  if (nTotalRows <= 1 && totalCols.length <= 1) {
    return gridEquations(t.rows, t.cols, (r, c) => c * t.rows + r, t.values, isTotalRow.indexOf(1), totalCols[0] ?? -1)
  }
  if (t.cols === 1 && varying.length === 2) {
    const pivot = pivotEquations(t, varying[0] as Int32Array, varying[1] as Int32Array)
    if (pivot) return pivot
  }
  return generalEquations(t, isTotalRow, totalCols[0] ?? -1, varying)
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
  if (tc >= 0) for (let r = 0; r < R; r++) line(C, (c) => cell(r, c), tc, 0)
  if (tr >= 0) for (let c = 0; c < C; c++) line(R, (r) => cell(r, c), tr, 1)
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
  const where = new Map<number, number>()
  const ra = new Int32Array(t.rows)
  const cb = new Int32Array(t.rows)
  for (let r = 0; r < t.rows; r++) {
    const ta = t.isTotalLabel(a[r] as number)
    const tb = t.isTotalLabel(b[r] as number)
    // A blank label next to a margin label is a margin too ("Grand total", "").
    ra[r] = keyOf(rowKey, ta || (tb && a[r] === 0) ? TOTAL : (a[r] as number))
    cb[r] = keyOf(colKey, tb || (ta && b[r] === 0) ? TOTAL : (b[r] as number))
  }
  const R = rowKey.size
  const C = colKey.size
  if (R * C > 4 * t.rows + 64) return null // too sparse to be a cross-tab
  for (let r = 0; r < t.rows; r++) {
    const k = (ra[r] as number) * C + (cb[r] as number)
    if (where.has(k)) return null // duplicate: the two labels do not identify a cell
    where.set(k, r)
  }
  return gridEquations(R, C, (r, c) => where.get(r * C + c) ?? -1, t.values, rowKey.get(TOTAL) ?? -1, colKey.get(TOTAL) ?? -1)
}

/**
 * Subtotals and more dimensions: each margin row sums the rows that are not
 * margins and share its labels outside the dimensions where it says Total (a
 * blank label on a margin row counts as Total); a margin column sums its row.
 */
function generalEquations(t: CountTable, isTotalRow: Uint8Array, tc: number, varying: Int32Array[]): Equations {
  const eqs = new EquationSet(t.values)
  const at = (r: number, c: number): number => c * t.rows + r
  const present = (i: number): boolean => t.values[i] !== BLANK
  if (tc >= 0) {
    for (let r = 0; r < t.rows; r++) {
      if (!present(at(r, tc))) continue
      const parts: number[] = []
      for (let c = 0; c < t.cols; c++) if (c !== tc && present(at(r, c))) parts.push(at(r, c))
      eqs.add(at(r, tc), parts, -1)
    }
  }
  const keyFor = (r: number, dims: readonly number[]): string => dims.map((d) => (varying[d] as Int32Array)[r]).join(',')
  // Each margin row: the dimensions where it is not a margin (its group is
  // fixed there), and its key on them.
  const margins: Array<{ row: number; fixed: number[]; sig: string; key: string }> = []
  for (let R = 0; R < t.rows; R++) {
    if (!isTotalRow[R]) continue
    const anyLabel = varying.some((col) => t.isTotalLabel(col[R] as number))
    const fixed: number[] = []
    varying.forEach((col, d) => {
      const id = col[R] as number
      if (!(t.isTotalLabel(id) || (id === 0 && anyLabel) || !anyLabel)) fixed.push(d)
    })
    margins.push({ row: R, fixed, sig: fixed.join(','), key: keyFor(R, fixed) })
  }
  const bySigKey = new Map<string, number[]>()
  for (const m of margins) {
    const k = `${m.sig}|${m.key}`
    const list = bySigKey.get(k)
    if (list) list.push(m.row)
    else bySigKey.set(k, [m.row])
  }
  const groups = new Map<string, Map<string, number[]>>()
  const leavesOf = (fixed: number[], sig: string, key: string): number[] | undefined => {
    let index = groups.get(sig)
    if (!index) {
      index = new Map()
      for (let r = 0; r < t.rows; r++) {
        if (isTotalRow[r]) continue
        const k = keyFor(r, fixed)
        const list = index.get(k)
        if (list) list.push(r)
        else index.set(k, [r])
      }
      groups.set(sig, index)
    }
    return index.get(key)
  }
  for (const m of margins) {
    const leaves = leavesOf(m.fixed, m.sig, m.key)
    if (!leaves) continue
    // A grand total is the sum of its subtotals when they cover its rows:
    // fewer unknowns per equation, smaller linked groups, same information.
    const parts = subtotalsCovering(m, leaves) ?? leaves
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

  /** Margin rows one dimension finer than `m` whose groups partition `leaves`, if any. */
  function subtotalsCovering(m: (typeof margins)[number], leaves: number[]): number[] | null {
    for (let d = 0; d < varying.length; d++) {
      if (m.fixed.includes(d)) continue
      const finer = [...m.fixed, d].sort((x, y) => x - y)
      const col = varying[d] as Int32Array
      const subs = new Map<number, number>()
      let ok = true
      const probes = new Map<number, number>()
      for (const r of leaves) if (!probes.has(col[r] as number)) probes.set(col[r] as number, r)
      for (const [v, probe] of probes) {
        // The subtotal row for value v of dimension d within m's group.
        const rows = bySigKey.get(`${finer.join(',')}|${keyFor(probe, finer)}`)
        if (!rows || rows.length !== 1) {
          ok = false
          break
        }
        subs.set(v, rows[0] as number)
      }
      if (ok && subs.size > 0) return [...subs.values()]
    }
    return null
  }
}

/** For each cell, the equations it is on (CSR). */
function incidence(eqs: Equations, nCells: number): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(nCells + 1)
  for (const cs of eqs.cells) for (const c of cs) start[c + 1] = (start[c + 1] as number) + 1
  for (let i = 0; i < nCells; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number)
  const fill = start.slice(0, nCells)
  const list = new Int32Array(start[nCells] as number)
  eqs.cells.forEach((cs, e) => {
    for (const c of cs) {
      list[fill[c] as number] = e
      fill[c] = (fill[c] as number) + 1
    }
  })
  return { start, list }
}

// ---------------------------------------------------------------- solving

interface Solved {
  exposed: number[]
  unverified: number
}

function solve(eqs: Equations, cellEqs: ReturnType<typeof incidence>, values: Float64Array): Solved {
  return eqs.graphic ? bridges(eqs, cellEqs, values) : chainsThenElimination(eqs, cellEqs, values)
}

/** Graphic systems: an unknown cell is determined exactly when its edge is a bridge. */
function bridges(eqs: Equations, cellEqs: ReturnType<typeof incidence>, values: Float64Array): Solved {
  const FREE = eqs.cells.length
  const nNodes = FREE + 1
  const edgeCell = new Int32Vec()
  const ends = new Int32Vec()
  for (let cell = 0; cell < values.length; cell++) {
    if (!isUnknown(values[cell] as number)) continue
    const s = cellEqs.start[cell] as number
    const n = (cellEqs.start[cell + 1] as number) - s
    const a = n > 0 ? (cellEqs.list[s] as number) : FREE
    const b = n > 1 ? (cellEqs.list[s + 1] as number) : FREE
    if (a === b) continue // on no published margin, or a loop: never determined
    edgeCell.push(cell)
    ends.push(a)
    ends.push(b)
  }
  const m = edgeCell.length
  const deg = new Int32Array(nNodes + 1)
  for (let i = 0; i < 2 * m; i++) {
    const n = (ends.data[i] as number) + 1
    deg[n] = (deg[n] as number) + 1
  }
  for (let i = 0; i < nNodes; i++) deg[i + 1] = (deg[i + 1] as number) + (deg[i] as number)
  const adjStart = deg
  const fill = adjStart.slice(0, nNodes)
  const adjEdge = new Int32Array(2 * m)
  for (let e = 0; e < m; e++) {
    const a = ends.data[2 * e] as number
    const b = ends.data[2 * e + 1] as number
    adjEdge[fill[a] as number] = e
    fill[a] = (fill[a] as number) + 1
    adjEdge[fill[b] as number] = e
    fill[b] = (fill[b] as number) + 1
  }
  const disc = new Int32Array(nNodes).fill(-1)
  const low = new Int32Array(nNodes)
  const parentEdge = new Int32Array(nNodes).fill(-1)
  const it = adjStart.slice(0, nNodes)
  const stack = new Int32Array(nNodes)
  const exposed: number[] = []
  let time = 0
  for (let s = 0; s < nNodes; s++) {
    if (disc[s] !== -1 || adjStart[s] === adjStart[s + 1]) continue
    let top = 0
    stack[top++] = s
    disc[s] = low[s] = time++
    while (top > 0) {
      const v = stack[top - 1] as number
      if ((it[v] as number) < (adjStart[v + 1] as number)) {
        const e = adjEdge[it[v] as number] as number
        it[v] = (it[v] as number) + 1
        if (e === parentEdge[v]) continue
        const a = ends.data[2 * e] as number
        const w = a === v ? (ends.data[2 * e + 1] as number) : a
        if (disc[w] === -1) {
          parentEdge[w] = e
          disc[w] = low[w] = time++
          stack[top++] = w
        } else if ((disc[w] as number) < (low[v] as number)) low[v] = disc[w] as number
      } else {
        top--
        if (top > 0) {
          const p = stack[top - 1] as number
          if ((low[v] as number) < (low[p] as number)) low[p] = low[v] as number
          if ((low[v] as number) > (disc[p] as number)) exposed.push(edgeCell.data[parentEdge[v] as number] as number)
        }
      }
    }
  }
  exposed.sort((x, y) => x - y)
  return { exposed, unverified: 0 }
}

/** Equations with one unknown left, to a fixed point; then exact elimination per linked group. */
function chainsThenElimination(eqs: Equations, cellEqs: ReturnType<typeof incidence>, values: Float64Array): Solved {
  const nEq = eqs.cells.length
  const left = new Int32Array(nEq)
  const xor = new Int32Array(nEq)
  const queue = new Int32Vec()
  eqs.cells.forEach((cs, e) => {
    let n = 0
    let x = 0
    for (const c of cs) {
      if (isUnknown(values[c] as number)) {
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
    const e = queue.data[q] as number
    if (left[e] !== 1) continue
    const cell = xor[e] as number
    determined.add(cell)
    for (let k = cellEqs.start[cell] as number; k < (cellEqs.start[cell + 1] as number); k++) {
      const f = cellEqs.list[k] as number
      left[f] = (left[f] as number) - 1
      xor[f] = (xor[f] as number) ^ cell
      if (left[f] === 1) queue.push(f)
    }
  }
  // Linked groups of the unknowns still open (union-find over their equations).
  const parent = new Map<number, number>()
  const find = (x: number): number => {
    let r = x
    while (parent.get(r) !== r) r = parent.get(r) as number
    let y = x
    while (y !== r) {
      const n = parent.get(y) as number
      parent.set(y, r)
      y = n
    }
    return r
  }
  const open: number[][] = []
  eqs.cells.forEach((cs, e) => {
    if ((left[e] as number) < 2) return
    const unk = Array.from(cs).filter((c) => isUnknown(values[c] as number) && !determined.has(c))
    for (const c of unk) if (!parent.has(c)) parent.set(c, c)
    for (let i = 1; i < unk.length; i++) {
      const a = find(unk[0] as number)
      const b = find(unk[i] as number)
      if (a !== b) parent.set(a, b)
    }
    open[e] = unk
  })
  const groups = new Map<number, { cells: number[]; eqs: number[] }>()
  for (const c of parent.keys()) {
    const r = find(c)
    let g = groups.get(r)
    if (!g) groups.set(r, (g = { cells: [], eqs: [] }))
    g.cells.push(c)
  }
  open.forEach((unk, e) => {
    if (unk) groups.get(find(unk[0] as number))?.eqs.push(e)
  })
  let unverified = 0
  for (const g of groups.values()) {
    if (g.cells.length > MAX_ELIMINATION_UNKNOWNS || g.eqs.length > MAX_ELIMINATION_EQUATIONS) {
      unverified += g.cells.length
      continue
    }
    for (const c of eliminate(g.cells, g.eqs, eqs)) determined.add(c)
  }
  return { exposed: [...determined].sort((x, y) => x - y), unverified }
}

/** Reduced row echelon form: an unknown is determined when its pivot row has no free unknown. */
function eliminate(cells: number[], eqIds: number[], eqs: Equations): number[] {
  const n = cells.length
  const col = new Map<number, number>(cells.map((c, i) => [c, i]))
  const rows: Float64Array[] = eqIds.map((e) => {
    const row = new Float64Array(n)
    const cs = eqs.cells[e] as Int32Array
    const ks = eqs.coefs[e] as Int8Array
    for (let i = 0; i < cs.length; i++) {
      const j = col.get(cs[i] as number)
      if (j !== undefined) row[j] = (row[j] as number) + (ks[i] as number)
    }
    return row
  })
  const EPS = 1e-9
  const pivotOf: number[] = []
  let r = 0
  for (let j = 0; j < n && r < rows.length; j++) {
    let best = -1
    let bestAbs = EPS
    for (let i = r; i < rows.length; i++) {
      const a = Math.abs((rows[i] as Float64Array)[j] as number)
      if (a > bestAbs) {
        bestAbs = a
        best = i
      }
    }
    if (best < 0) continue
    const swap = rows[r] as Float64Array
    rows[r] = rows[best] as Float64Array
    rows[best] = swap
    const pr = rows[r] as Float64Array
    const pv = pr[j] as number
    for (let k = 0; k < n; k++) pr[k] = (pr[k] as number) / pv
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue
      const row = rows[i] as Float64Array
      const f = row[j] as number
      if (Math.abs(f) <= EPS) continue
      for (let k = 0; k < n; k++) row[k] = (row[k] as number) - f * (pr[k] as number)
    }
    pivotOf[r] = j
    r++
  }
  const out: number[] = []
  for (let i = 0; i < r; i++) {
    const row = rows[i] as Float64Array
    let alone = true
    for (let k = 0; k < n && alone; k++) if (k !== pivotOf[i] && Math.abs(row[k] as number) > EPS) alone = false
    if (alone) out.push(cells[pivotOf[i] as number] as number)
  }
  return out
}

/** How many unknown cells each equation has. */
function unknownsPerEquation(eqs: Equations, values: Float64Array): Int32Array {
  const open = new Int32Array(eqs.cells.length)
  eqs.cells.forEach((cs, e) => {
    let n = 0
    for (const c of cs) if (isUnknown(values[c] as number)) n++
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
function complement(cell: number, eqs: Equations, cellEqs: ReturnType<typeof incidence>, values: Float64Array, open: Int32Array): number {
  let best = -1
  let bestScore = Infinity
  // The line with the fewest unknowns is the one that pins the cell: look there first.
  const lines = Array.from(cellEqs.list.subarray(cellEqs.start[cell] as number, cellEqs.start[cell + 1] as number))
  lines.sort((x, y) => (open[x] as number) - (open[y] as number))
  for (const e of lines) {
    const cs = eqs.cells[e] as Int32Array
    const ks = eqs.coefs[e] as Int8Array
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i] as number
      const v = values[c] as number
      if (c === cell || v < 0) continue
      let lonely = 1
      for (let j = cellEqs.start[c] as number; j < (cellEqs.start[c + 1] as number); j++) {
        const f = cellEqs.list[j] as number
        if (f !== e && (open[f] as number) > 0) lonely = 0
      }
      const score = (ks[i] === -1 ? 8e15 : 0) + lonely * 4e15 + (v === 0 ? 2e15 : v)
      if (score < bestScore) {
        bestScore = score
        best = c
      }
    }
    if (best >= 0) return best
  }
  return best
}
