// Every personal-data detector, and the table check that runs them column by
// column and decides at the end of the table.

import { formatPlace, lit, MAX_SAMPLES, safe, type Finding, type Location, type PiiFinding } from '../findings.js'
import { DETECTOR_IDS } from '../catalog.js'
import type { DetectorId } from '../policy/types.js'
import type { Rule, TableCheck, TableContext } from '../check.js'
import type { CellInfo } from '../tabular.js'
import { openAttribute, openHandleByValue, type AttributeKind, type AttributeScanner } from './attributes.js'
import { dateOfBirth } from './date-of-birth.js'
import { identifierDetectors } from './identifiers.js'
import { nationality } from './nationality.js'
import { KEY_COLUMNS, KeyValueLayout } from './layout.js'
import { judgeNames } from './people.js'
import { personName } from './person-name.js'
import { MASK_COLUMNS, RecordTally } from './records.js'
import { DistinctSketch, hash32 } from './sketch.js'
import { emptyShape, measure, ShapeCache } from './shape.js'
import type { ColumnContext, ColumnScanner, ColumnVerdict, Detector } from './types.js'

export const DETECTORS: readonly Detector[] = [personName, dateOfBirth, ...identifierDetectors, nationality]

/** Kinds that, next to a name column, make each row a record about a person. */
// Every detector but the name itself and the record verdict.
const RECORD_COMPANIONS: ReadonlySet<DetectorId> = new Set<DetectorId>(
  DETECTOR_IDS.filter((id) => id !== 'person-name' && id !== 'person-record')
)

/**
 * Made for a column when its first non-empty cell arrives. A table may have
 * thousands of columns (up to MAX_COLUMNS), so this stays small: plain small
 * arrays (a typed array costs more than its contents at this size), caches
 * and the sketch that grow with the column's cells.
 */
/**
 * Column findings one detector makes per table; its further columns are
 * reported together in one more finding (a table may have 16,384 columns).
 */
export const MAX_COLUMN_FINDINGS = 100

interface ColumnState {
  col: ColumnContext
  nonEmpty: number
  sketch: DistinctSketch
  /** Per active detector: its scanner, null when the header rules the column out or no cell of its kind came. */
  scanners: Array<ColumnScanner | null>
  /** The scanners for text cells and for digit cells (opened with the first such cell), with their detector's index in `active`. */
  text: Array<ColumnScanner['cell']> | null
  textIdx: readonly number[]
  digits: Array<ColumnScanner['cell']> | null
  digitIdx: readonly number[]
  /** Per entry of `digits`: fewest digits of a cell it can match, and whether it wants every cell with an `@` (1). */
  minDigits: readonly number[]
  atCells: readonly number[]
  /** Some detector wants this column's plain numbers too (split birth dates: Detector.plainCells), known from the header. */
  plain: boolean
  shapes: ShapeCache
}

/** Shared placeholders of a column whose scanners are not opened yet (never written). */
const EMPTY_SCANNERS: Array<ColumnScanner | null> = []
const NO_INDEX: readonly number[] = []

export const detectorRule: Rule = {
  id: 'detectors',
  open(ctx) {
    const active = DETECTORS.filter((d) => ctx.levels[d.id] !== 'off')
    if (active.length === 0 && ctx.levels['person-record'] === 'off') return null
    return new DetectorCheck(ctx, active)
  }
}

/**
 * Would a detector flag this single value? A header row that holds one is
 * data, and a header cell that holds one is never shown as a label.
 */
export function isDataValue(v: string): boolean {
  for (const d of DETECTORS) if (d.test(v)) return true
  return false
}

class DetectorCheck implements TableCheck {
  private readonly columns: ColumnState[] = []
  private readonly shape = emptyShape()
  /** Index in `active` of the name detector (-1 when off), and which detectors are record companions. */
  private readonly nameIdx: number
  private readonly companion: boolean[]
  private readonly records = new RecordTally()
  /** Columns with a name-like cell in the current row (reused). */
  private readonly nameCols: number[] = []
  /** Per column: the person attribute its header names (age, sex, address, handle), or null (see attributes.ts). */
  private readonly attrs: Array<AttributeScanner | null> = []
  private attrCount = 0
  /** Records spread over rows under a key column (see layout.ts). */
  private readonly layout = new KeyValueLayout()

  constructor(
    private readonly ctx: TableContext,
    private readonly active: readonly Detector[]
  ) {
    this.nameIdx = active.findIndex((d) => d.id === 'person-name')
    this.companion = active.map((d) => RECORD_COMPANIONS.has(d.id))
  }

  private column(i: number): ColumnState {
    let c = this.columns[i]
    if (!c) {
      const header = normaliseHeader(this.ctx.header?.[i] ?? '')
      const col = { index: i, header }
      c = {
        col,
        nonEmpty: 0,
        sketch: new DistinctSketch(),
        scanners: EMPTY_SCANNERS,
        text: null,
        textIdx: NO_INDEX,
        digits: null,
        digitIdx: NO_INDEX,
        minDigits: NO_INDEX,
        atCells: NO_INDEX,
        plain: this.active.some((d) => d.cells === 'digits' && d.plainCells?.(col) === true),
        shapes: new ShapeCache()
      }
      this.columns[i] = c
      const attr = openAttribute(header)
      this.attrs[i] = attr
      if (attr !== null) this.attrCount++
    }
    return c
  }

  /**
   * Opens the column's scanners of one kind when its first cell of that kind
   * arrives: a column of names never opens the identifier scanners, a column
   * of numbers never the name scanners. A scanner that no cell reaches would
   * decide nothing (no detector decides without a matching cell).
   */
  private openKind(c: ColumnState, kind: Detector['cells']): void {
    if (c.scanners === EMPTY_SCANNERS) c.scanners = this.active.map(() => null)
    const cells: Array<ColumnScanner['cell']> = []
    const idx: number[] = []
    const minDigits: number[] = []
    const atCells: number[] = []
    this.active.forEach((d, k) => {
      if (d.cells !== kind || d.rulesOut?.(c.col) === true) return
      const s = d.open(c.col)
      c.scanners[k] = s
      // The cell functions themselves (called without `this`, see ColumnScanner.cell):
      // one call per cell instead of a property look-up on scanners of many shapes.
      cells.push(s.cell)
      idx.push(k)
      minDigits.push(s.minDigits ?? 0)
      atCells.push(s.atCells === true ? 1 : 0)
    })
    if (kind === 'text') {
      c.text = cells
      c.textIdx = idx
    } else {
      c.digits = cells
      c.digitIdx = idx
      c.minDigits = minDigits
      c.atCells = atCells
    }
  }

  row(values: readonly string[], pos: number, info?: readonly (CellInfo | undefined)[]): void {
    const shape = this.shape
    const filter = this.ctx.cellFilter
    const nameIdx = this.nameIdx
    const companion = this.companion
    const nameCols = this.nameCols
    let names = 0
    let mask = 0
    const layout = this.layout.on ? this.layout : null
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as string
      if (v === '') continue
      const c = this.columns[i] ?? this.column(i)
      const shapes = c.shapes
      let seen = false
      if (shapes.on && v.length <= 255) {
        seen = shapes.load(hash32(v), v.length, shape)
        if (!seen) shapes.store(measure(v, shape))
      } else measure(v, shape)
      if (shape.spaces === shape.length) continue
      // Cells the policy allows (allowlist) are not personal data to report.
      if (filter !== undefined && filter.skip(i, pos, v)) continue
      c.nonEmpty++
      if (layout !== null && i < KEY_COLUMNS) layout.keys[i] = shape.key
      // Person attributes see every cell (an age is a plain number); a cell
      // starting with `@` may start a column of handles.
      // (attrCount is read per cell: the first row opens the columns.)
      if ((this.attrCount > 0 || (shape.at > 0 && v.charCodeAt(0) === 64)) && this.attribute(i, v, c.nonEmpty) && i < MASK_COLUMNS)
        mask |= 1 << i
      // A count, an amount, a code: no detector can match (see Detector.cells), but the parts of a split birth date.
      if (shape.letters === 0 && shape.digits < 7 && shape.dash + shape.slash + shape.dot < 2 && shape.at === 0 && !c.plain) continue
      // A value whose shape was cached went through here before with the same
      // hash (nothing position-dependent skips it without a filter): adding it
      // again would change nothing.
      if (!(seen && filter === undefined) && shape.key < c.sketch.limit) c.sketch.add(shape.key)
      const cellInfo = info?.[i]
      const text = shape.digits === 0 && shape.at === 0
      if ((text ? c.text : c.digits) === null) this.openKind(c, text ? 'text' : 'digits')
      const scanners = (text ? c.text : c.digits) as Array<ColumnScanner['cell']>
      const which = text ? c.textIdx : c.digitIdx
      const mins = c.minDigits
      const atCells = c.atCells
      const at = shape.at > 0
      for (let j = 0; j < scanners.length; j++) {
        if (!text && shape.digits < (mins[j] as number) && !(at && atCells[j] === 1)) continue
        if (!(scanners[j] as ColumnScanner['cell'])(v, shape, pos, cellInfo)) continue
        const k = which[j] as number
        if (k === nameIdx) nameCols[names++] = i
        else if (companion[k] && i < MASK_COLUMNS) mask |= 1 << i
      }
    }
    if (mask !== 0) for (let j = 0; j < names; j++) this.records.add(nameCols[j] as number, mask & ~(1 << (nameCols[j] as number)), pos)
    if (layout !== null) layout.row(values, nameCols, names, pos)
  }

  /** One cell for the person attributes (see attributes.ts); true when it holds one. */
  private attribute(i: number, v: string, nonEmpty: number): boolean {
    let attr = this.attrs[i] ?? null
    if (attr === null) {
      if (v.charCodeAt(0) !== 64) return false
      attr = this.attrs[i] = openHandleByValue(nonEmpty - 1)
      this.attrCount++
    }
    return attr.cell(v, this.shape)
  }

  finish(): Finding[] {
    const ctx = this.ctx
    const out: PiiFinding[] = []
    const nameCols: Array<{ col: number; verdict: ColumnVerdict }> = []
    let companions = 0
    let farCompanion = false
    /** Companion columns past the mask's 32: not tracked row by row. */
    const farCols: number[] = []
    const companionKinds = new Set<DetectorId>()
    // First decide every column, so that header cells found to be data are
    // marked before any place (with its header label) is written.
    const decided: Array<{ d: Detector; col: number; verdict: ColumnVerdict }> = []
    const closed: Closed[] = []
    this.columns.forEach((c, col) => {
      if (!c) return
      const stats = { nonEmpty: c.nonEmpty, distinct: c.sketch.estimate() }
      c.scanners.forEach((scanner, k) => {
        const verdict = scanner?.close(stats)
        if (verdict) closed.push({ k, col, verdict })
      })
    })
    // Verdicts that depend on other columns (split birth dates) are settled together.
    for (const { k, col, verdict } of settle(this.active, closed)) decided.push({ d: this.active[k] as Detector, col, verdict })
    // Person attributes (age, sex, address, handle) are record companions only.
    const attrKinds = new Set<AttributeKind>()
    this.attrs.forEach((a, col) => {
      const c = this.columns[col]
      if (!a || !c || !a.close(c.nonEmpty)) return
      attrKinds.add(a.kind)
      if (col < MASK_COLUMNS) companions |= 1 << col
      else {
        farCompanion = true
        farCols.push(col)
      }
    })
    // Names are people unless the table says otherwise (places, aggregates of names; see people.ts).
    const judged = judgeNames({
      headers: ctx.header ?? undefined,
      attributes: attrKinds,
      verdicts: decided.map(({ d, col, verdict }) => ({ id: d.id, col, verdict }))
    })
    const reported: typeof decided = []
    // One finding per column and detector, up to MAX_COLUMN_FINDINGS; a
    // detector's further columns make one finding between them, so that the
    // report of a very wide table stays bounded.
    const perDetector = new Map<Detector, number>()
    const rest = new Map<Detector, Array<{ col: number; verdict: ColumnVerdict }>>()
    for (const { d, col, verdict } of decided) {
      const judgement = d.id === 'person-name' && verdict.scope === 'column' ? judged.get(col) : undefined
      const headerText = ctx.header?.[col]
      if (headerText !== undefined && (d.headerIsValue ?? d.test)(headerText)) ctx.markHeaderUnsafe(col)
      if (judgement === 'none') continue
      if (verdict.scope === 'column') {
        if (d.id === 'person-name') {
          if (judgement === 'person') nameCols.push({ col, verdict })
        } else if (RECORD_COMPANIONS.has(d.id)) {
          companionKinds.add(d.id)
          if (col < MASK_COLUMNS) companions |= 1 << col
          else {
            farCompanion = true
            farCols.push(col)
          }
        }
      }
      if (!verdict.silent) reported.push({ d, col, verdict: judgement === 'warn' ? { ...verdict, cap: 'warning' } : verdict })
    }
    for (const { d, col, verdict } of reported) {
      const level = ctx.levels[d.id]
      if (level === 'off') continue
      const n = (perDetector.get(d) ?? 0) + 1
      perDetector.set(d, n)
      if (n < MAX_COLUMN_FINDINGS) out.push(this.finding(d, col, verdict, verdict.cap === 'warning' ? 'warning' : level))
      else {
        const more = rest.get(d) ?? []
        more.push({ col, verdict })
        rest.set(d, more)
      }
    }
    for (const [d, more] of rest) {
      const level = ctx.levels[d.id] as 'warning' | 'error'
      const only = more.length === 1 ? more[0] : undefined
      out.push(only ? this.finding(d, only.col, only.verdict, level) : this.moreColumns(d, more, level))
    }
    const recordLevel = ctx.levels['person-record']
    this.layoutFindings(out, nameCols.length > 0, recordLevel)
    if (recordLevel !== 'off' && nameCols.length > 0 && (companions !== 0 || farCompanion)) {
      // The name column with the most record rows speaks for the table.
      let best: { col: number; verdict: ColumnVerdict; rows: number; positions: number[]; used: number } | null = null
      for (const { col, verdict } of nameCols) {
        const r = this.records.count(col, companions & ~(1 << col))
        // Companions past the first 32 columns are not tracked row by row:
        // then every name row counts (the column-pair approximation).
        const rows = farCompanion ? Math.max(r.rows, verdict.count) : r.rows
        const positions = r.positions.length > 0 ? r.positions : farCompanion ? verdict.positions : []
        if (rows > 0 && (!best || rows > best.rows)) best = { col, verdict, rows, positions, used: r.used }
      }
      if (best) {
        out.push({
          kind: 'pii/person-record',
          scope: 'table',
          severity: recordLevel,
          location: this.where(best.positions[0] ?? 0, best.col),
          message: safe`this table holds records about people: ${best.rows} rows with a name next to ${companionKinds.size + attrKinds.size} other kind(s) of personal data`,
          rule: safe`detector person-record`,
          count: best.rows,
          samples: best.positions.map((p) => this.where(p, best.col)),
          confidence: best.verdict.confidence,
          columns: this.recordColumns(best.col, best.used, farCols)
        })
      }
    }
    return out
  }

  /** The columns a record is made of: its name column, then the companion columns its rows met. */
  private recordColumns(nameCol: number, used: number, farCols: number[]): Location[] {
    const cols = [nameCol]
    for (let c = 0; c < MASK_COLUMNS; c++) if (c !== nameCol && (used & (1 << c)) !== 0) cols.push(c)
    cols.push(...farCols)
    return cols.map((c) => this.ctx.locateColumn(c))
  }

  /**
   * A key/value layout (see layout.ts): its names are person names, and each
   * with the fields under the other keys a person record. Only when no name
   * column was judged in the ordinary way.
   */
  private layoutFindings(out: PiiFinding[], named: boolean, recordLevel: 'off' | 'warning' | 'error'): void {
    if (named || this.nameIdx === -1) return
    const kv = this.layout.judge()
    if (kv === null) return
    const d = this.active[this.nameIdx] as Detector
    const verdict: ColumnVerdict = {
      scope: 'column',
      count: kv.names,
      positions: kv.positions,
      confidence: 0.8,
      why: safe`a key/value layout: ${kv.names} rows under one key are names, each followed by rows of ${kv.fields} other key(s)`
    }
    const level = this.ctx.levels['person-name']
    if (level !== 'off') out.push(this.finding(d, kv.col, verdict, level))
    if (recordLevel === 'off') return
    out.push({
      kind: 'pii/person-record',
      scope: 'table',
      severity: recordLevel,
      location: this.where(kv.positions[0] ?? 0, kv.col),
      message: safe`this table holds records about people: ${kv.names} names in a key/value layout, each with ${kv.fields} other field(s)`,
      rule: safe`detector person-record`,
      count: kv.names,
      samples: kv.positions.map((p) => this.where(p, kv.col)),
      confidence: 0.8
    })
  }

  private where(pos: number, col: number): Location {
    return this.ctx.locate(pos, col)
  }

  /** The columns of one detector past MAX_COLUMN_FINDINGS - 1, as one finding (one sample per column). */
  private moreColumns(d: Detector, more: ReadonlyArray<{ col: number; verdict: ColumnVerdict }>, level: 'warning' | 'error'): PiiFinding {
    const first = more[0] as { col: number; verdict: ColumnVerdict }
    const samples: Location[] = []
    let count = 0
    let confidence = 0
    for (const { col, verdict } of more) {
      count += verdict.count
      confidence = Math.max(confidence, verdict.confidence)
      const p = verdict.positions[0]
      if (p !== undefined && samples.length < MAX_SAMPLES) samples.push(this.where(p, col))
    }
    const column = this.ctx.locateColumn(first.col)
    const hiddenNote = this.ctx.meta.hidden ? safe` (hidden from readers of the file)` : safe``
    return {
      kind: d.kind,
      scope: more.every((m) => m.verdict.scope === 'column') ? 'column' : 'cells',
      severity: this.ctx.meta.hidden ? 'error' : level,
      location: samples[0] ? { ...samples[0], header: column.header } : column,
      message: safe`${d.noun} in ${more.length} more columns of this table, from ${formatPlace(column)} on${hiddenNote} (one finding for them all; the first columns are reported one by one)`,
      rule: safe`detector ${lit(d.id)}`,
      count,
      samples,
      confidence
    }
  }

  private finding(d: Detector, col: number, v: ColumnVerdict, level: 'warning' | 'error'): PiiFinding {
    const samples = v.positions.map((p) => this.where(p, col))
    const column = this.ctx.locateColumn(col)
    const first = samples[0] ? { ...samples[0], header: column.header } : column
    const hiddenNote = this.ctx.meta.hidden ? safe` (hidden from readers of the file)` : safe``
    return {
      kind: d.kind,
      scope: v.scope,
      // Personal data in a place a reader of the file cannot see is never a mere warning.
      severity: this.ctx.meta.hidden ? 'error' : level,
      location: first,
      message: safe`${d.noun} in ${formatPlace(column)}${hiddenNote}: ${v.why}`,
      rule: safe`detector ${lit(d.id)}`,
      count: v.count,
      samples,
      confidence: v.confidence
    }
  }
}

interface Closed {
  /** Index of the detector in `active`. */
  k: number
  col: number
  verdict: ColumnVerdict
}

/** Lets each detector that decides its columns together do so (see Detector.settle); drops the verdicts it drops. */
function settle(active: readonly Detector[], closed: readonly Closed[]): Closed[] {
  const persons = closed.some((e) => (active[e.k] as Detector).id === 'person-name' && e.verdict.scope === 'column')
  const out: Closed[] = []
  active.forEach((d, k) => {
    const mine = closed.filter((e) => e.k === k)
    if (!d.settle || mine.length === 0) return void out.push(...mine)
    const kept = d.settle(
      mine.map((e) => e.verdict),
      { persons }
    )
    mine.forEach((e, i) => {
      const verdict = kept[i]
      if (verdict) out.push({ ...e, verdict })
    })
  })
  // Column order, as the table reads.
  return out.sort((a, b) => a.col - b.col || a.k - b.k)
}

/** Lower-case header words without accents: `Date_of-Birth` -> `date of birth`, `País` -> `pais`. */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[_\-.:,;/()[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
