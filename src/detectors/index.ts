// Every personal-data detector, and the table check that runs them column by
// column and decides at the end of the table.

import { formatPlace, lit, MAX_SAMPLES, safe, type Finding, type Location, type PiiFinding } from '../findings.js'
import type { DetectorId } from '../policy/types.js'
import type { Rule, TableCheck, TableContext } from '../rules/types.js'
import type { CellInfo } from '../readers/types.js'
import { dateOfBirth } from './date-of-birth.js'
import { identifierDetectors } from './identifiers.js'
import { nationality } from './nationality.js'
import { personName } from './person-name.js'
import { DistinctSketch } from './sketch.js'
import { emptyShape, measureAndHash } from './shape.js'
import type { ColumnScanner, ColumnVerdict, Detector } from './types.js'

export const DETECTORS: readonly Detector[] = [personName, dateOfBirth, ...identifierDetectors, nationality]

/** Kinds that, next to a name column, make each row a record about a person. */
const RECORD_COMPANIONS: ReadonlySet<DetectorId> = new Set<DetectorId>([
  'date-of-birth',
  'a-number',
  'ssn',
  'itin',
  'email',
  'phone',
  'nationality'
])

interface ColumnState {
  nonEmpty: number
  sketch: DistinctSketch
  /** The scanners that look at this column, and their detectors (same order). */
  scanners: ColumnScanner[]
  detectors: Detector[]
}

export const detectorRule: Rule = {
  id: 'detectors',
  open(ctx) {
    const active = DETECTORS.filter((d) => ctx.levels[d.id] !== 'off')
    if (active.length === 0 && ctx.levels['person-record'] === 'off') return null
    return new DetectorCheck(ctx, active)
  }
}

class DetectorCheck implements TableCheck {
  private readonly columns: ColumnState[] = []
  private readonly shape = emptyShape()

  constructor(
    private readonly ctx: TableContext,
    private readonly active: readonly Detector[]
  ) {}

  private column(i: number): ColumnState {
    let c = this.columns[i]
    if (!c) {
      const header = normaliseHeader(this.ctx.header?.[i] ?? '')
      c = { nonEmpty: 0, sketch: new DistinctSketch(), scanners: [], detectors: [] }
      for (const d of this.active) {
        const scanner = d.open({ index: i, header })
        if (scanner === null) continue
        c.scanners.push(scanner)
        c.detectors.push(d)
      }
      this.columns[i] = c
    }
    return c
  }

  row(values: readonly string[], pos: number, info?: readonly (CellInfo | undefined)[]): void {
    const shape = this.shape
    const filter = this.ctx.cellFilter
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as string
      if (v === '') continue
      const hash = measureAndHash(v, shape)
      if (shape.spaces === shape.length) continue
      if (filter !== undefined && filter.skip(i, pos, v)) continue
      const c = this.columns[i] ?? this.column(i)
      c.nonEmpty++
      c.sketch.add(hash)
      const cellInfo = info?.[i]
      const scanners = c.scanners
      for (let k = 0; k < scanners.length; k++) (scanners[k] as ColumnScanner).cell(v, shape, pos, cellInfo)
    }
  }

  finish(): Finding[] {
    const ctx = this.ctx
    const out: PiiFinding[] = []
    const columnKinds = new Map<DetectorId, { col: number; verdict: ColumnVerdict }>()
    // First decide every column, so that header cells found to be data are
    // marked before any place (with its header label) is written.
    const decided: Array<{ d: Detector; col: number; verdict: ColumnVerdict }> = []
    this.columns.forEach((c, col) => {
      if (!c) return
      const stats = { nonEmpty: c.nonEmpty, distinct: c.sketch.estimate() }
      c.scanners.forEach((scanner, k) => {
        const d = c.detectors[k] as Detector
        const verdict = scanner.close(stats)
        if (!verdict) return
        const headerText = ctx.header?.[col]
        if (headerText !== undefined && d.test(headerText)) ctx.markHeaderUnsafe(col)
        if (verdict.scope === 'column' && !columnKinds.has(d.id)) columnKinds.set(d.id, { col, verdict })
        decided.push({ d, col, verdict })
      })
    })
    for (const { d, col, verdict } of decided) {
      const level = ctx.levels[d.id]
      if (level !== 'off') out.push(this.finding(d, col, verdict, level))
    }
    const name = columnKinds.get('person-name')
    const companions = [...columnKinds.keys()].filter((k) => RECORD_COMPANIONS.has(k))
    const recordLevel = ctx.levels['person-record']
    if (name && companions.length > 0 && recordLevel !== 'off') {
      out.push({
        kind: 'pii/person-record',
        scope: 'table',
        severity: recordLevel,
        location: this.where(name.verdict.positions[0] ?? 0, name.col),
        message: safe`this table holds records about people: ${name.verdict.count} rows with a name next to ${companions.length} other personal column(s)`,
        rule: safe`detector person-record`,
        count: name.verdict.count,
        samples: name.verdict.positions.slice(0, MAX_SAMPLES).map((p) => this.where(p, name.col)),
        confidence: name.verdict.confidence
      })
    }
    return out
  }

  private where(pos: number, col: number): Location {
    return this.ctx.locate(pos, col)
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

/** Lower-case header words: `Date_of-Birth` -> `date of birth`. */
export function normaliseHeader(h: string): string {
  return h
    .toLowerCase()
    .replace(/[_\-.:/()[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
