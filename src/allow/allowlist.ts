// Applying the policy's `allow:` list to a scan.
//
// Column entries (columns + files + kinds) are applied to findings after each
// file. Fingerprint entries are applied to cells: the detector engine passes
// each non-blank cell to a CellFilter (only when the policy has fingerprint
// entries for the file), the allowed values are kept from the detectors, and
// at the end of the table they come back as their own findings, marked
// `allowed`. An expired entry allows nothing: its findings block again, with a
// note saying that the entry expired. Every entry ends in the audit trail.

import picomatch from 'picomatch'
import { DETECTORS } from '../detectors/index.js'
import {
  formatPlace,
  MAX_SAMPLES,
  policyText,
  safe,
  type Allowance,
  type Finding,
  type Location,
  type PiiFinding,
  type PiiKind,
  type SafeText
} from '../findings.js'
import type { DetectorId, Policy } from '../policy/types.js'
import type { CellFilter, TableContext } from '../check.js'
import { memoFingerprinter } from './fingerprint.js'
import { isExpired } from '../policy/allow.js'
import { blameLines } from './blame.js'
import { resolveSalt } from './salt.js'
import type { AllowAuditEntry, AllowStatus } from '../report/types.js'
import type { AllowEntry } from '../policy/allow-entry.js'

interface Usage {
  findings: number
  cells: number
}

/**
 * What each allow entry was used for, by entry index: in one file, or summed
 * over a scan. Plain data: a worker thread sends a file's back with its findings.
 */
export type AllowUse = Record<number, Usage>

function useOf(use: AllowUse, index: number): Usage {
  let u = use[index]
  if (!u) {
    u = { findings: 0, cells: 0 }
    use[index] = u
  }
  return u
}

/** Adds a file's uses into the scan's. */
export function addUse(into: AllowUse, from: AllowUse | undefined): void {
  for (const [i, u] of Object.entries(from ?? {})) {
    const to = useOf(into, Number(i))
    to.findings += u.findings
    to.cells += u.cells
  }
}

/** A column name as compared between the policy, the base and the head: NFKC, case and spacing ignored. */
export const norm = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()

/** Kinds an allowlist never accepts: a file we could not read is never cleared. */
const NEVER_ALLOWED = /^file\/(unreadable|not-inspected)$/

interface Compiled {
  e: AllowEntry
  files: ((p: string) => boolean) | null
  kinds: ((k: string) => boolean) | null
  columns: Set<string> | null
  expired: boolean
}

/**
 * The policy's allow entries, compiled once for the clock and salt of a scan.
 * It keeps no count of its own: what the entries are used for goes into the
 * caller's AllowUse (per file, then summed in file order), so one compiled
 * list serves every scan, thread and batch alike.
 */
export class Allowlist {
  private readonly compiled: Compiled[]

  constructor(
    entries: readonly AllowEntry[],
    readonly now: Date,
    /** Needed when any entry has a fingerprint. */
    readonly salt?: string
  ) {
    this.compiled = entries.map((e) => ({
      e,
      files: e.files ? picomatch(e.files, { dot: true }) : null,
      kinds: e.kinds ? picomatch(e.kinds, { dot: true }) : null,
      columns: e.columns ? new Set(e.columns.map(norm)) : null,
      expired: isExpired(e, now)
    }))
  }

  static needsSalt(entries: readonly AllowEntry[] | undefined): boolean {
    return !!entries?.some((e) => e.fingerprint)
  }

  /** Notes into `inScope` the entries whose files cover a scanned file (stale vs out-of-scope). */
  fileScanned(rel: string, inScope: Set<number>): void {
    for (const c of this.compiled) if (!c.files || c.files(rel)) inScope.add(c.e.index)
  }

  /** The cell filter for a file, counting into `use`, or undefined when no fingerprint entry applies to it (no hashing). */
  cellFilter(rel: string, use: AllowUse): ((ctx: TableContext) => CellFilter) | undefined {
    const salt = this.salt
    const byPrint = new Map<string, Compiled[]>()
    for (const c of this.compiled) {
      if (!c.e.fingerprint || (c.files && !c.files(rel))) continue
      const list = byPrint.get(c.e.fingerprint) ?? []
      list.push(c)
      byPrint.set(c.e.fingerprint, list)
    }
    if (byPrint.size === 0 || salt === undefined) return undefined
    return (ctx) => new FingerprintFilter(ctx, byPrint, salt, use)
  }

  /** Marks the file's findings allowed by column entries; notes expired ones, counting into `use`. Mutates and returns them. */
  apply(findings: Finding[], use: AllowUse): Finding[] {
    for (const f of findings) {
      if (f.allowed || NEVER_ALLOWED.test(f.kind)) continue
      const hits = this.compiled.filter((c) => !c.e.fingerprint && this.matches(c, f))
      const live = hits.find((c) => !c.expired)
      if (live) {
        f.allowed = allowance(live.e)
        useOf(use, live.e.index).findings++
      } else if (hits[0]) {
        useOf(use, hits[0].e.index).findings++
        f.message = expiredNote(f.message, hits[0].e)
      }
    }
    this.allowRecords(findings, use)
    return findings
  }

  /**
   * A person-record finding whose every contributing column holds an allowed
   * finding is allowed too, with the allowance of its name column: allowing
   * a table's name and phone columns allows the records they make.
   */
  private allowRecords(findings: Finding[], use: AllowUse): void {
    const allowedAt = (c: Location): Allowance | undefined =>
      findings.find(
        (g) =>
          g.allowed &&
          g.kind !== 'pii/person-record' &&
          g.location.file === c.file &&
          g.location.sheet === c.sheet &&
          g.location.part === c.part &&
          columnIndex(g.location) === columnIndex(c) &&
          columnIndex(c) >= 0
      )?.allowed
    for (const f of findings) {
      if (f.allowed || f.kind !== 'pii/person-record' || !('columns' in f) || !f.columns?.length) continue
      const allowances = f.columns.map(allowedAt)
      if (!allowances.every((a) => a !== undefined)) continue
      const a = allowances[0] as Allowance
      f.allowed = a
      useOf(use, a.entry - 1).findings++
    }
  }

  private matches(c: Compiled, f: Finding): boolean {
    if (c.files && !c.files(f.location.file)) return false
    if (c.kinds && !c.kinds(f.kind)) return false
    if (c.columns) {
      const h = f.location.header
      if (h === undefined || !c.columns.has(norm(h))) return false
    }
    return true
  }

  /** The audit trail of a scan's uses, with the last change of each entry from git blame when the policy is in a repository. */
  async auditTrail(use: AllowUse, inScope: ReadonlySet<number>, policySource: string | null, root: string): Promise<AllowAuditEntry[]> {
    const trail = this.audit(use, inScope)
    if (policySource === null) return trail
    const lines = this.compiled.map(({ e }) => (e.line === undefined ? null : ([e.line, e.endLine ?? e.line] as const)))
    const blamed = await blameLines(root, policySource, lines)
    trail.forEach((a, i) => {
      const b = blamed[i]
      if (b) a.lastChanged = b
    })
    return trail
  }

  audit(use: AllowUse, inScope: ReadonlySet<number>): AllowAuditEntry[] {
    return this.compiled.map(({ e, expired }) => {
      const u = use[e.index] ?? { findings: 0, cells: 0 }
      const used = u.findings + u.cells > 0
      const status: AllowStatus = expired ? 'expired' : used ? 'used' : inScope.has(e.index) ? 'stale' : 'out-of-scope'
      const a: AllowAuditEntry = { entry: e.index + 1, reason: policyText(e.reason), status, findings: u.findings, cells: u.cells }
      if (e.line !== undefined) a.line = e.line
      if (e.expires) a.expires = policyText(e.expires)
      if (e.columns) a.columns = e.columns.map(policyText)
      if (e.files) a.files = e.files.map(policyText)
      if (e.kinds) a.kinds = e.kinds.map(policyText)
      if (e.fingerprint) a.fingerprint = e.fingerprint
      return a
    })
  }
}

function allowance(e: AllowEntry): Allowance {
  const a: Allowance = { reason: policyText(e.reason), entry: e.index + 1 }
  if (e.expires) a.expires = policyText(e.expires)
  return a
}

function entryName(e: AllowEntry): SafeText {
  return e.line !== undefined ? safe`allow entry ${e.index + 1} (policy line ${e.line})` : safe`allow entry ${e.index + 1}`
}

function expiredNote(message: SafeText, e: AllowEntry): SafeText {
  return safe`${message} [${entryName(e)} expired on ${policyText(e.expires ?? '')}: no longer allowed; renew it with a reason or fix the data]`
}

/** 0-based column of a place (line/column or `B7`/`B`), or -1. */
export function columnIndex(l: Location): number {
  if (l.column !== undefined) return l.column - 1
  const m = l.cell === undefined ? null : /^([A-Z]+)/.exec(l.cell)
  if (!m) return -1
  let n = 0
  for (const ch of m[1] as string) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

interface CellHits {
  count: number
  positions: number[]
}

/** One table's fingerprint matching. Per cell: one hash and a map lookup. */
class FingerprintFilter implements CellFilter {
  /** key `${col}|${entry}|${kind}` -> allowed cells. */
  private readonly allowed = new Map<string, CellHits>()
  /** key `${col}|${entry}` -> kinds of cells that an expired entry no longer allows. */
  private readonly expired = new Map<string, Set<PiiKind>>()
  private readonly print: (value: string) => string

  constructor(
    private readonly ctx: TableContext,
    private readonly byPrint: Map<string, Compiled[]>,
    salt: string,
    private readonly use: AllowUse
  ) {
    this.print = memoFingerprinter(salt)
  }

  skip(col: number, pos: number, value: string): boolean {
    const entries = this.byPrint.get(this.print(value))
    if (!entries) return false
    const kinds = DETECTORS.filter((d) => this.ctx.levels[d.id] !== 'off' && d.test(value))
    let expired: Compiled | undefined
    for (const c of entries) {
      if (!this.columnOk(c, col)) continue
      const ks = c.kinds ? kinds.filter((d) => c.kinds?.(d.kind)) : kinds
      if (c.kinds && ks.length === 0) continue
      if (c.expired) {
        expired ??= c
        continue
      }
      useOf(this.use, c.e.index).cells++
      for (const d of ks) {
        const key = `${col}|${c.e.index}|${d.id}`
        const h = this.allowed.get(key) ?? { count: 0, positions: [] }
        h.count++
        if (h.positions.length < MAX_SAMPLES) h.positions.push(pos)
        this.allowed.set(key, h)
      }
      return true
    }
    if (expired) {
      const key = `${col}|${expired.e.index}`
      const set = this.expired.get(key) ?? new Set<PiiKind>()
      for (const d of kinds) set.add(d.kind)
      this.expired.set(key, set)
    }
    return false
  }

  private columnOk(c: Compiled, col: number): boolean {
    if (!c.columns) return true
    const h = this.ctx.header?.[col]
    return h !== undefined && c.columns.has(norm(h))
  }

  finish(findings: Finding[]): Finding[] {
    const ctx = this.ctx
    for (const [key, kinds] of this.expired) {
      const [col, index] = key.split('|').map(Number) as [number, number]
      const c = [...this.byPrint.values()].flat().find((x) => x.e.index === index) as Compiled
      for (const f of findings) {
        if (columnIndex(f.location) === col && kinds.has(f.kind as PiiKind)) {
          f.message = expiredNote(f.message, c.e)
          useOf(this.use, index).findings++
        }
      }
    }
    const out = [...findings]
    for (const [key, h] of this.allowed) {
      const [colS, indexS, id] = key.split('|') as [string, string, DetectorId]
      const col = Number(colS)
      const d = DETECTORS.find((x) => x.id === id)
      const c = [...this.byPrint.values()].flat().find((x) => x.e.index === Number(indexS))
      const level = ctx.levels[id]
      if (!d || !c || level === 'off') continue
      const column = ctx.locateColumn(col)
      const samples = h.positions.map((p) => ctx.locate(p, col))
      const f: PiiFinding = {
        kind: d.kind,
        scope: 'cells',
        severity: ctx.meta.hidden ? 'error' : level,
        location: samples[0] ? { ...samples[0], header: column.header } : column,
        message: safe`${d.noun} in ${formatPlace(column)}: ${h.count} cell(s) hold a value the policy allows by fingerprint`,
        rule: entryName(c.e),
        count: h.count,
        samples,
        allowed: allowance(c.e)
      }
      out.push(f)
      useOf(this.use, c.e.index).findings++
    }
    return out
  }
}

/** The policy's allow entries compiled, or undefined when it has none. Resolves the salt (at `root`) only when needed and not given. */
export async function openAllowlist(policy: Policy, root: string, now = new Date(), salt?: string): Promise<Allowlist | undefined> {
  const entries = policy.allow
  if (!entries?.length) return undefined
  const s = Allowlist.needsSalt(entries) ? (salt ?? (await resolveSalt(policy.salt, root)).value) : undefined
  return new Allowlist(entries, now, s)
}

type FilterFactory = ((ctx: TableContext) => CellFilter | undefined) | undefined

/** Both filters see every cell; a cell is skipped when either skips it. */
export function joinFilters(a: FilterFactory, b: FilterFactory): FilterFactory {
  if (!a || !b) return a ?? b
  return (ctx) => {
    const fa = a(ctx)
    const fb = b(ctx)
    if (!fa || !fb) return fa ?? fb
    return {
      skip: (col, pos, value) => {
        const sa = fa.skip(col, pos, value)
        return fb.skip(col, pos, value) || sa
      },
      finish: (findings) => fb.finish(fa.finish(findings))
    }
  }
}
