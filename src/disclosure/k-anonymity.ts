// k-anonymity for record-level tables: every combination of the declared
// quasi-identifiers must occur at least k times. Combinations are kept as
// 53-bit hashes with a count (never their values), up to a limit; past it the
// table is reported as not verified (fail closed).

import { formatPlace, MAX_SAMPLES, policyText, safe, type DisclosureFinding, type Finding, type SafeText } from '../findings.js'
import { hash32 } from '../detectors/sketch.js'
import type { TableContext } from '../rules/types.js'
import { headerKey, Int32Vec, tableLocation } from './cells.js'

/** Distinct combinations held in memory (about 40 bytes each). */
export const MAX_COMBINATIONS = 2_000_000

/** A 53-bit hash of one row's combination: two independent 32-bit hashes. */
function comboHash(parts: string): number {
  const a = hash32(parts)
  const b = hash32('\u0002' + parts + '\u0003')
  return a * 0x200000 + (b & 0x1fffff)
}

export class KAnonymity {
  private readonly ids = new Map<number, number>()
  private readonly counts = new Int32Vec()
  private readonly firstPos = new Int32Vec()
  private overflow = false
  private rows = 0
  private readonly cols: number[]
  private readonly missing: string[]

  constructor(
    private readonly ctx: TableContext,
    private readonly names: readonly string[],
    private readonly k: number,
    private readonly rule: SafeText
  ) {
    const index = new Map<string, number>()
    ctx.header?.forEach((h, i) => {
      if (!index.has(headerKey(h))) index.set(headerKey(h), i)
    })
    this.cols = []
    this.missing = []
    for (const n of names) {
      const i = index.get(headerKey(n))
      if (i === undefined) this.missing.push(n)
      else this.cols.push(i)
    }
  }

  row(values: readonly string[], pos: number): void {
    if (this.missing.length > 0) return
    this.rows++
    let key = ''
    for (const c of this.cols) key += (values[c] ?? '').trim().toLowerCase() + '\u0001'
    const h = comboHash(key)
    const id = this.ids.get(h)
    if (id !== undefined) {
      this.counts.data[id] = (this.counts.data[id] as number) + 1
      return
    }
    if (this.ids.size >= MAX_COMBINATIONS) {
      this.overflow = true
      return
    }
    this.ids.set(h, this.counts.length)
    this.counts.push(1)
    this.firstPos.push(pos)
  }

  finish(): Finding[] {
    const ctx = this.ctx
    const where = tableLocation(ctx)
    if (this.missing.length > 0) {
      return [
        {
          kind: 'disclosure/missing-column',
          severity: 'error',
          location: where,
          message: safe`quasi-identifier column "${policyText(this.missing[0] as string)}" named in the policy is not in this table (${this.missing.length} missing), so k-anonymity cannot be checked: fix the column names in \`disclosure.quasi-identifiers\``,
          rule: this.rule,
          count: this.missing.length,
          samples: []
        }
      ]
    }
    if (this.overflow) {
      return [
        {
          kind: 'disclosure/not-verified',
          severity: 'error',
          location: where,
          message: safe`this table has more than ${MAX_COMBINATIONS} distinct quasi-identifier combinations, more than publish-guard holds in memory, so k-anonymity was not verified: split the table or generalise the quasi-identifiers`,
          rule: this.rule,
          count: this.rows,
          samples: []
        }
      ]
    }
    let rowsAffected = 0
    let combos = 0
    const firsts: number[] = []
    for (let i = 0; i < this.counts.length; i++) {
      const n = this.counts.data[i] as number
      if (n >= this.k) continue
      rowsAffected += n
      combos++
      firsts.push(this.firstPos.data[i] as number)
    }
    if (rowsAffected === 0) return []
    firsts.sort((a, b) => a - b)
    const samples = firsts.slice(0, MAX_SAMPLES).map((p) => ctx.locate(p, this.cols[0] as number))
    const first = ctx.locateColumn(this.cols[0] as number)
    const list = this.names.map((n) => policyText(n)).join(', ') as SafeText
    const finding: DisclosureFinding = {
      kind: 'disclosure/k-anonymity',
      severity: 'error',
      location: samples[0] ?? first,
      message: safe`${rowsAffected} row(s) of ${this.rows} fall in ${combos} combination(s) of the quasi-identifiers (${list}) seen fewer than ${this.k} times, which can single out a person (first such row at ${formatPlace(samples[0] ?? first)}): generalise them (age bands, regions, months) or suppress these rows`,
      rule: this.rule,
      count: rowsAffected,
      samples
    }
    return [finding]
  }
}
