// A dataset declared `aggregate: true` must hold counts, not people. A table
// whose rows look like individuals contradicts the declaration: the detectors
// found person records or a column of names, birth dates, IDs, emails or
// phones, or it has no count column and a text column that is
// almost all distinct over many rows (names, IDs, free text).

import { formatPlace, safe, type DisclosureFinding, type Finding, type SafeText } from '../findings.js'
import { DistinctSketch, hash32 } from '../detectors/sketch.js'
import type { TableContext } from '../check.js'

/** Rows before a distinct text column says "one row per person". */
const RECORD_MIN_ROWS = 50
/** Share of distinct values in that column. */
const RECORD_DISTINCT_SHARE = 0.9

const LETTER = /\p{L}/u

/** Column kinds that only a table of individuals has (a nationality column alone is an aggregate dimension). */
const PERSON_COLUMNS: ReadonlySet<string> = new Set([
  'pii/person-name',
  'pii/date-of-birth',
  'pii/a-number',
  'pii/ssn',
  'pii/itin',
  'pii/email',
  'pii/phone'
])

export class RecordLevel {
  private readonly text: number[] = []
  private readonly sketches: DistinctSketch[] = []
  rows = 0

  constructor(
    private readonly ctx: TableContext,
    private readonly rule: SafeText
  ) {}

  row(values: readonly string[]): void {
    this.rows++
    for (let i = 0; i < values.length; i++) {
      const v = (values[i] ?? '').trim()
      if (v === '' || !LETTER.test(v)) continue
      this.text[i] = (this.text[i] ?? 0) + 1
      ;(this.sketches[i] ??= new DistinctSketch()).add(hash32(v.toLowerCase()))
    }
  }

  /** `countColumns`: how many count columns the table has; `earlier`: the detectors' findings. */
  finish(countColumns: number, earlier: readonly Finding[]): Finding[] {
    const ctx = this.ctx
    const record =
      earlier.find((f) => f.kind === 'pii/person-record') ??
      earlier.find((f) => PERSON_COLUMNS.has(f.kind) && 'scope' in f && f.scope === 'column')
    if (record) {
      return [
        this.finding(
          safe`the detectors found a column of personal data about individuals (${formatPlace(record.location)})`,
          record.location
        )
      ]
    }
    if (countColumns > 0) return []
    let best = -1
    let bestShare = 0
    this.sketches.forEach((s, col) => {
      const n = this.text[col] ?? 0
      if (n < RECORD_MIN_ROWS || n < this.rows * 0.5) return
      const share = Math.min(1, s.estimate() / n)
      if (share >= RECORD_DISTINCT_SHARE && share > bestShare) {
        best = col
        bestShare = share
      }
    })
    if (best < 0) return []
    const where = ctx.locateColumn(best)
    return [
      this.finding(
        safe`it has no count column, and ${formatPlace(where)} holds a different text in about ${Math.round(bestShare * 100)}% of ${this.text[best] ?? 0} rows, as a list of individuals does`,
        where
      )
    ]
  }

  private finding(why: SafeText, location: DisclosureFinding['location']): DisclosureFinding {
    return {
      kind: 'disclosure/record-level',
      severity: 'error',
      location,
      message: safe`the policy declares this dataset aggregate (counts only), but this table of ${this.rows} rows looks like one row per person: ${why}. Publish the aggregate table instead, or remove \`aggregate: true\` if records are meant to be published`,
      rule: this.rule,
      // The table is the finding: one place.
      count: 1,
      samples: [location]
    }
  }
}
