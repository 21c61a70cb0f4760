// Statistical disclosure control for tables a dataset's policy describes:
// small cells (primary), suppressed cells given back by totals (secondary),
// rare quasi-identifier combinations (k-anonymity) and record-level tables
// where aggregates were declared. One table check; rows are read once.

import { formatPlace, lit, MAX_SAMPLES, policyText, safe, type Finding, type Location, type SafeText } from '../findings.js'
import type { DisclosureSpec } from '../policy/types.js'
import type { Rule, TableCheck, TableContext } from '../check.js'
import { Float64Vec, headerKey, tableLocation, Int32Vec, countHeader, OTHER, parseCount, SUPPRESSED, totalLabeller } from './cells.js'
import { KAnonymity } from './k-anonymity.js'
import { SmallCells } from './primary.js'
import { RecordLevel } from './record-level.js'
import { findRecoverable, type CountTable } from './secondary.js'
import { outOfRange } from './typed.js'

/** Cells (count and label) held for the secondary-suppression check; past it the check fails closed. */
const MAX_STORED_CELLS = 4_000_000

/** k when the policy names quasi-identifiers without one. */
const DEFAULT_K = 5

interface CountColumn {
  col: number
  declared: boolean
  /** The header names counts (`count`) or may (`maybe`: when a Total column adds them up). */
  header: 'count' | 'maybe'
  small: SmallCells | null
  values: Float64Vec
  counts: number
  suppressed: number
  other: number
}

/** The disclosure checks, with the memory limit for the secondary check (tests lower it). */
export function makeDisclosureRule(maxStoredCells = MAX_STORED_CELLS): Rule {
  return {
    id: 'disclosure',
    open(ctx) {
      const ds = ctx.dataset
      if (!ds || (!ds.disclosure && !ds.aggregate)) return null
      return new DisclosureCheck(ctx, ds.disclosure, ds.aggregate, maxStoredCells)
    }
  }
}

export const disclosureRule: Rule = makeDisclosureRule()

class DisclosureCheck implements TableCheck {
  private readonly counting: boolean
  private readonly markers: Set<string>
  private readonly columns: CountColumn[] = []
  private readonly missing: string[] = []
  private readonly labelCols: number[] = []
  private readonly labelIds: Int32Vec[] = []
  private readonly intern = new Map<string, number>([['', 0]])
  private readonly totalIds: boolean[] = [false]
  private readonly isTotal: (label: string) => boolean
  private readonly positions = new Int32Vec()
  private storing = true
  private readonly kAnon: KAnonymity | null
  private readonly record: RecordLevel | null

  constructor(
    private readonly ctx: TableContext,
    spec: DisclosureSpec | undefined,
    aggregate: boolean,
    private readonly maxStoredCells: number
  ) {
    // Small and recoverable cells are checked unless the block only asks for k-anonymity.
    this.counting = spec !== undefined && (spec.minCount !== undefined || spec.countColumns !== undefined || !spec.quasiIdentifiers?.length)
    this.markers = new Set((spec?.suppressionMarkers ?? []).map((m) => m.trim()))
    this.isTotal = totalLabeller(spec?.marginLabels)
    const header = ctx.header ?? []
    const declared = spec?.countColumns
    // Count columns matter for small and recoverable cells, and to tell a
    // table of counts from a list of people; k-anonymity alone needs none.
    const chosen =
      this.counting || aggregate ? countColumnsOf(header, declared, spec?.detectCountColumns !== false, this.missing) : new Map()
    const minCount = spec?.minCount
    for (const [col, kind] of [...chosen].sort((a, b) => a[0] - b[0])) {
      this.columns.push({
        col,
        declared: declared !== undefined,
        header: kind,
        small: this.counting && minCount !== undefined ? new SmallCells(col, { minCount, allowZero: spec?.allowZero ?? true }) : null,
        values: new Float64Vec(),
        counts: 0,
        suppressed: 0,
        other: 0
      })
    }
    // Every column may serve as a label: candidates that turn out not to hold counts do.
    if (this.counting) {
      header.forEach((_, i) => {
        if (declared && chosen.has(i)) return
        this.labelCols.push(i)
        this.labelIds.push(new Int32Vec())
      })
    }
    this.storing = this.counting
    const rule = safe`disclosure ${lit('quasi-identifiers')}`
    const qi = spec?.quasiIdentifiers
    this.kAnon = qi && qi.length > 0 ? new KAnonymity(ctx, qi, spec?.k ?? DEFAULT_K, rule) : null
    this.record = aggregate ? new RecordLevel(ctx, lit('dataset aggregate')) : null
  }

  row(values: readonly string[], pos: number): void {
    const ctx = this.ctx
    for (const c of this.columns) {
      const code = parseCount(values[c.col] ?? '', this.markers)
      if (code >= 0) c.counts++
      else if (code === SUPPRESSED) c.suppressed++
      else if (code === OTHER) c.other++
      c.small?.add(code, pos, ctx)
      if (this.storing) c.values.push(code)
    }
    if (this.storing) {
      this.positions.push(pos)
      for (let l = 0; l < this.labelCols.length; l++) {
        const v = (values[this.labelCols[l] ?? outOfRange(l)] ?? '').trim()
        let id = this.intern.get(v)
        if (id === undefined) {
          id = this.intern.size
          this.intern.set(v, id)
          this.totalIds.push(this.isTotal(v))
        }
        ;(this.labelIds[l] ?? outOfRange(l)).push(id)
      }
      if (this.positions.length * (2 * this.columns.length + this.labelCols.length) > this.maxStoredCells) this.dropStore()
    }
    this.kAnon?.row(values, pos)
    this.record?.row(values)
  }

  private dropStore(): void {
    this.storing = false
    for (const c of this.columns) c.values = new Float64Vec()
    this.labelIds.fill(new Int32Vec())
    this.intern.clear()
  }

  finish(earlier: readonly Finding[] = []): Finding[] {
    const out: Finding[] = []
    // Auto-detected columns must hold only counts (or suppressions), under a
    // count-like header or beside a Total column; declared ones are taken as declared.
    const whole = this.columns.filter((c) => c.declared || (c.other === 0 && c.counts > 0))
    const totalled = whole.some((c) => c.header === 'count' && this.isTotal(this.ctx.header?.[c.col] ?? ''))
    const counts = whole.filter((c) => c.header === 'count' || totalled)
    if (this.counting) out.push(...this.countFindings(counts))
    if (this.kAnon) out.push(...this.kAnon.finish())
    if (this.record) out.push(...this.record.finish(counts.length, earlier))
    return out
  }

  private countFindings(counts: CountColumn[]): Finding[] {
    const ctx = this.ctx
    const out: Finding[] = []
    const table = tableLocation(ctx)
    const rule = safe`disclosure ${lit('min-count')}`
    for (const name of this.missing) {
      out.push({
        kind: 'disclosure/missing-column',
        severity: 'error',
        location: table,
        message: safe`count column "${policyText(name)}" named in the policy's \`disclosure.count-columns\` is not in this table, so its cells cannot be checked: fix the name, or narrow the dataset's \`files\``,
        rule,
        count: 1,
        samples: []
      })
    }
    if (counts.length === 0) {
      if (this.missing.length === 0) {
        out.push({
          kind: 'disclosure/not-checked',
          severity: 'warning',
          location: table,
          message: lit(
            'no count column found in this table (none declared in `disclosure.count-columns`, and no column of whole numbers under a count-like header), so it was not checked for small or recoverable cells'
          ),
          rule,
          count: 1,
          samples: []
        })
      }
      return out
    }
    for (const c of counts) {
      const f = c.small?.finding(ctx, rule)
      if (f) out.push(f)
    }
    const suppressed = counts.some((c) => c.suppressed > 0 || (c.declared && c.other > 0))
    if (!suppressed) return out
    if (!this.storing) {
      out.push({
        kind: 'disclosure/not-verified',
        severity: 'error',
        location: table,
        message: safe`this table is larger than the ${this.maxStoredCells} cells publish-guard holds for the secondary-suppression check, so its suppressed cells were not checked against its totals: split the table`,
        rule: lit('disclosure secondary'),
        count: 1,
        samples: []
      })
      return out
    }
    out.push(...this.secondary(counts))
    return out
  }

  private secondary(counts: CountColumn[]): Finding[] {
    const ctx = this.ctx
    const rows = this.positions.length
    const values = new Float64Array(rows * counts.length)
    counts.forEach((c, j) => values.set(c.values.data.subarray(0, rows), j * rows))
    const totalIds = this.totalIds
    const t: CountTable = {
      rows,
      cols: counts.length,
      values,
      totalCols: counts.map((c) => this.isTotal(ctx.header?.[c.col] ?? '')),
      labels: this.labelIds.filter((_, l) => !counts.some((c) => c.col === this.labelCols[l])).map((v) => v.data.subarray(0, rows)),
      isTotalLabel: (id) => totalIds[id] === true
    }
    const res = findRecoverable(t)
    const place = (cell: number): Location => {
      const r = cell % rows
      const c = counts[(cell - r) / rows] ?? outOfRange((cell - r) / rows)
      return { ...ctx.locate(this.positions.data[r] ?? outOfRange(r), c.col), header: ctx.label(c.col) }
    }
    const rule = lit('disclosure secondary')
    const table = tableLocation(ctx)
    const out: Finding[] = []
    const firstCell = res.exposed[0]
    if (firstCell !== undefined) {
      const firstExposed = formatPlace(place(firstCell))
      const fix = res.suggest.length > 0
      const cells = fix ? res.suggest : res.exposed
      const samples = cells.slice(0, MAX_SAMPLES).map(place)
      const rest: SafeText =
        res.unprotected > 0
          ? safe`; even then ${res.unprotected} cell(s) stay recoverable, so also remove or coarsen the totals that pin them`
          : safe``
      out.push({
        kind: 'disclosure/recoverable-suppression',
        severity: 'error',
        location: samples[0] ?? table,
        message: fix
          ? safe`${res.exposed.length} suppressed cell(s) can be recovered exactly from published totals and the other published cells of their rows or columns (first at ${firstExposed}): suppress the ${res.suggest.length} published cell(s) listed here as well (complementary suppression)${rest}`
          : safe`${res.exposed.length} suppressed cell(s), listed here, can be recovered exactly from published totals and the other published cells of their rows or columns: no published cell on their lines can be suppressed instead, so remove or coarsen those totals`,
        rule,
        count: cells.length,
        samples
      })
    }
    if (res.unverified > 0) {
      out.push({
        kind: 'disclosure/not-verified',
        severity: 'error',
        location: table,
        message: safe`${res.unverified} suppressed cell(s) are linked through so many totals that publish-guard could not verify exactly whether they can be recovered: simplify the margins (publish fewer subtotals) or split the table`,
        rule,
        count: res.unverified,
        samples: []
      })
    }
    return out
  }
}

/** Declared count columns (names not found go to `missing`), or every column that may hold counts. */
function countColumnsOf(
  header: readonly string[],
  declared: readonly string[] | undefined,
  detect: boolean,
  missing: string[]
): Map<number, 'count' | 'maybe'> {
  const chosen = new Map<number, 'count' | 'maybe'>()
  if (declared) {
    const index = new Map<string, number>()
    header.forEach((h, i) => index.has(headerKey(h)) || index.set(headerKey(h), i))
    for (const name of declared) {
      const i = index.get(headerKey(name))
      if (i === undefined) missing.push(name)
      else chosen.set(i, 'count')
    }
  } else if (detect) {
    header.forEach((h, i) => {
      const kind = countHeader(h)
      if (kind !== 'never') chosen.set(i, kind)
    })
  }
  return chosen
}
