// Primary suppression: a published count in 1..k-1 (or 0..k-1 when zero is
// not allowed) identifies the few people it counts. One finding per column,
// with the number of cells and the first places; never the counts themselves.

import { formatPlace, MAX_SAMPLES, safe, type DisclosureFinding, type Location } from '../findings.js'
import type { TableContext } from '../check.js'

export interface PrimaryOptions {
  minCount: number
  allowZero: boolean
}

/** The small cells of one column, counted as the rows stream by. */
export class SmallCells {
  count = 0
  readonly samples: Location[] = []

  constructor(
    private readonly col: number,
    private readonly opts: PrimaryOptions
  ) {}

  /** `code` from parseCount. */
  add(code: number, pos: number, ctx: TableContext): void {
    if (code < 0 || code >= this.opts.minCount) return
    if (code === 0 && this.opts.allowZero) return
    this.count++
    if (this.samples.length < MAX_SAMPLES) this.samples.push(ctx.locate(pos, this.col))
  }

  finding(ctx: TableContext, rule: ReturnType<typeof safe>): DisclosureFinding | null {
    if (this.count === 0) return null
    const column = ctx.locateColumn(this.col)
    const k = this.opts.minCount
    const range = this.opts.allowZero ? safe`1 to ${k - 1}` : safe`0 to ${k - 1}`
    const first = this.samples[0]
    return {
      kind: 'disclosure/small-cell',
      severity: 'error',
      location: first ? { ...first, header: column.header } : column,
      message: safe`${this.count} cell(s) in ${formatPlace(column)} hold a count below ${k} (${range}), small enough to identify the people counted: suppress them (e.g. replace with *) or combine categories, then check that totals do not give them away`,
      rule,
      count: this.count,
      samples: this.samples
    }
  }
}
