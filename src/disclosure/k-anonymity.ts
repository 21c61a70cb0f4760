// k-anonymity for record-level tables: every combination of the declared
// quasi-identifiers must occur at least k times. Combinations are kept as
// 64-bit hashes with a count (never their values), up to a limit; past it the
// table is reported as not verified (fail closed).

import { formatPlace, MAX_SAMPLES, policyText, safe, type DisclosureFinding, type Finding, type SafeText } from '../findings.js'
import type { TableContext } from '../check.js'
import { fmix32 } from '../detectors/sketch.js'
import { headerKey, tableLocation } from './cells.js'
import { outOfRange } from './typed.js'

/** Distinct combinations held in memory (16 bytes each, at most half the slots used). */
const MAX_COMBINATIONS = 1_000_000

/**
 * Combination -> (count, first row), keyed by two independent 32-bit hashes
 * (64 bits: a collision between two combinations is vanishingly rare). Open
 * addressing over typed arrays: no per-combination objects, no values kept.
 */
class ComboCounts {
  private cap = 1 << 12
  private a = new Uint32Array(this.cap)
  private b = new Uint32Array(this.cap)
  counts = new Int32Array(this.cap)
  first = new Int32Array(this.cap)
  size = 0

  constructor(private readonly limit: number) {}

  /** false when the table is full (`limit` combinations). */
  add(ha: number, hb: number, pos: number): boolean {
    let i = this.find(ha, hb)
    if (this.counts[i] !== 0) {
      this.counts[i] = (this.counts[i] ?? outOfRange(i)) + 1
      return true
    }
    if (this.size >= this.limit) return false
    if ((this.size + 1) * 2 > this.cap) {
      this.grow()
      i = this.find(ha, hb)
    }
    this.a[i] = ha
    this.b[i] = hb
    this.counts[i] = 1
    this.first[i] = pos
    this.size++
    return true
  }

  private find(ha: number, hb: number): number {
    const mask = this.cap - 1
    let i = (ha ^ Math.imul(hb, 0x9e3779b1)) & mask
    while (this.counts[i] !== 0 && (this.a[i] !== ha || this.b[i] !== hb)) i = (i + 1) & mask
    return i
  }

  private grow(): void {
    const { a, b, counts, first } = this
    this.cap *= 2
    this.a = new Uint32Array(this.cap)
    this.b = new Uint32Array(this.cap)
    this.counts = new Int32Array(this.cap)
    this.first = new Int32Array(this.cap)
    for (let j = 0; j < counts.length; j++) {
      const n = counts[j] ?? outOfRange(j)
      if (n === 0) continue
      const ha = a[j] ?? outOfRange(j)
      const hb = b[j] ?? outOfRange(j)
      const i = this.find(ha, hb)
      this.a[i] = ha
      this.b[i] = hb
      this.counts[i] = n
      this.first[i] = first[j] ?? outOfRange(j)
    }
  }
}

export class KAnonymity {
  private readonly combos: ComboCounts
  private overflow = false
  private rows = 0
  private readonly cols: number[]
  private readonly missing: string[]

  constructor(
    private readonly ctx: TableContext,
    private readonly names: readonly string[],
    private readonly k: number,
    private readonly rule: SafeText,
    /** Distinct combinations held; past it the table is not verified. */
    private readonly limit = MAX_COMBINATIONS
  ) {
    this.combos = new ComboCounts(limit)
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
    if (this.missing.length > 0 || this.overflow) return
    this.rows++
    // Two FNV-1a hashes of the trimmed, ASCII-lower-cased values, one pass, no string built.
    let ha = 0x811c9dc5
    let hb = 0x01000193 ^ 0x5bd1e995
    for (const c of this.cols) {
      const v = values[c] ?? ''
      let s = 0
      let e = v.length
      while (s < e && v.charCodeAt(s) <= 32) s++
      while (e > s && v.charCodeAt(e - 1) <= 32) e--
      for (let i = s; i < e; i++) {
        let ch = v.charCodeAt(i)
        if (ch >= 65 && ch <= 90) ch += 32
        ha = Math.imul(ha ^ ch, 0x01000193)
        hb = Math.imul(hb ^ ch, 0x5bd1e995) ^ (hb >>> 15)
      }
      ha = Math.imul(ha ^ 0x1f, 0x01000193)
      hb = Math.imul(hb ^ 0x1f, 0x5bd1e995) ^ (hb >>> 15)
    }
    if (!this.combos.add(fmix32(ha), fmix32(hb), pos)) this.overflow = true
  }

  finish(): Finding[] {
    const ctx = this.ctx
    const where = tableLocation(ctx)
    const missing = this.missing[0]
    if (missing !== undefined) {
      return [
        {
          kind: 'disclosure/missing-column',
          severity: 'error',
          location: where,
          message: safe`quasi-identifier column "${policyText(missing)}" named in the policy is not in this table (${this.missing.length} missing), so k-anonymity cannot be checked: fix the column names in \`disclosure.quasi-identifiers\``,
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
          message: safe`this table has more than ${this.limit} distinct quasi-identifier combinations, more than publish-guard holds in memory, so k-anonymity was not verified: split the table or generalise the quasi-identifiers`,
          rule: this.rule,
          count: this.rows,
          samples: []
        }
      ]
    }
    let rowsAffected = 0
    let combos = 0
    const firsts: number[] = []
    const { counts, first: firstPos } = this.combos
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i] ?? outOfRange(i)
      if (n === 0 || n >= this.k) continue
      rowsAffected += n
      combos++
      firsts.push(firstPos[i] ?? outOfRange(i))
    }
    if (rowsAffected === 0) return []
    firsts.sort((a, b) => a - b)
    const col = this.cols[0] ?? outOfRange(0)
    const samples = firsts.slice(0, MAX_SAMPLES).map((p) => ctx.locate(p, col))
    const first = ctx.locateColumn(col)
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
