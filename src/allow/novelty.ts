// New in this pull request, or already on the base branch?
//
// For each changed file, the base version (`git cat-file blob base:path`,
// streamed to a temp directory) is scanned with the same policy, and each
// head finding is marked:
//   existing: the base has a finding of the same kind in the same column
//             (same file, sheet/part, header label or column), with at least
//             as many cells, and every sample value of the head finding (by
//             fingerprint) is already in that base column;
//   new:      anything else (a new file, a new column, more cells, a value
//             the base does not have).
// Fingerprints here use a random per-run salt: they are compared within the
// run and never written anywhere.
//
// `fail-on-existing: true` (the default) keeps existing findings blocking (a
// leak already on the default branch is still a leak) and says so; `false`
// reports them without blocking.

import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { safe, type Finding, type Location, type SafeText } from '../findings.js'
import { ConfigError } from '../errors.js'
import { blobExists, requireCommit } from '../git/run.js'
import { materialise } from '../git/materialise.js'
import type { Policy } from '../policy/types.js'
import { readTabular } from '../readers/index.js'
import type { RowSink, TableMeta } from '../readers/types.js'
import type { Report } from '../report/types.js'
import type { CellFilter, TableContext } from '../rules/types.js'
import { scan } from '../scan.js'
import { columnIndex, norm } from './allowlist.js'
import { parseCellRef } from './cell.js'
import { blocksMerge } from './present.js'
import { fingerprint, memoFingerprinter } from './fingerprint.js'
import { resolveSalt } from './salt.js'

export interface ChangedFile {
  /** Repository-relative path in the head. */
  path: string
  /** Its path in the base, when renamed. */
  previousPath?: string
}

export interface NoveltyOptions {
  /** The head checkout (the scanned working tree), a git repository. */
  repoRoot: string
  /** The base commit or ref (`pull_request.base.sha`). */
  baseRef: string
  /** The PR's changed files (added, modified, renamed). Findings in other files are `existing`. */
  changed: ReadonlyArray<string | ChangedFile>
  policy: Policy
  /** The head scan's report; a new report is returned, this one is not changed. */
  head: Report
  now?: Date
}

const tableKey = (sheet: string | undefined, part: string | undefined): string => `${sheet ?? ''}|${part ?? ''}`

/** Same column, across base and head: header label when shown, else column number. */
function columnKey(l: Location): string {
  const h = l.header === undefined ? undefined : norm(l.header)
  return `${tableKey(l.sheet, l.part)}|${h ?? `#${columnIndex(l)}`}`
}

function findingKey(f: Finding): string {
  return `${f.location.file}|${f.kind}|${columnKey(f.location)}`
}

/** A sample place as the reader reports it: table, row position, 0-based column. */
function placeKey(l: Location): string | null {
  if (l.line !== undefined && l.column !== undefined) return `${tableKey(l.sheet, l.part)}|${l.line}|${l.column - 1}`
  const ref = l.cell === undefined ? null : parseCellRef(l.cell)
  return ref ? `${tableKey(l.sheet, l.part)}|${ref.row}|${ref.col}` : null
}

const samplesOf = (f: Finding): Location[] => ('samples' in f && f.samples ? f.samples : [])

/** Without the base commit every finding would look new: a ConfigError that says how to fetch it. */
export function requireBase(repoRoot: string, baseRef: string): Promise<void> {
  return requireCommit(baseRef, repoRoot, {
    role: 'base',
    needed: 'findings cannot be compared with the base branch (new in this pull request, or already there)',
    orFetch: true
  })
}

export async function markNovelty(opts: NoveltyOptions): Promise<Report> {
  await requireBase(opts.repoRoot, opts.baseRef)
  const salt = randomBytes(16).toString('hex')
  const changed = new Map(opts.changed.map((c) => (typeof c === 'string' ? { path: c } : c)).map((c) => [c.path, c]))
  const findings = opts.head.findings.map((f) => ({ ...f }))

  // Head: the fingerprints of each finding's sample cells.
  const samplePrints = new Map<Finding, Array<string | null>>()
  const byFile = new Map<string, Finding[]>()
  for (const f of findings) {
    if (!changed.has(f.location.file)) continue
    const list = byFile.get(f.location.file) ?? []
    list.push(f)
    byFile.set(f.location.file, list)
  }
  // Base: the changed files with findings that the base has (the others' findings are all new).
  const inBase: Array<{ path: string; spec: string }> = []
  for (const path of byFile.keys()) {
    const c = changed.get(path) as ChangedFile
    const spec = `${opts.baseRef}:${c.previousPath ?? path}`
    if (await blobExists(spec, opts.repoRoot)) inBase.push({ path, spec })
  }
  // Head sample values are only compared in files the base has: read only those again.
  for (const { path } of inBase) {
    const fs = byFile.get(path) as Finding[]
    const prints = await printsAt(join(opts.repoRoot, path), path, fs.flatMap(samplesOf), salt)
    for (const f of fs) samplePrints.set(f, samplesOf(f).map((s) => prints.get(placeKey(s) ?? '') ?? null))
  }
  const baseCounts = new Map<string, number>()
  /** `${file}|${columnKey}` -> sample fingerprints seen in that base column. */
  const baseValues = new Map<string, Set<string>>()
  if (inBase.length) {
    const wanted = new Set<string>()
    const wantedColumns = new Set<string>()
    for (const [f, ps] of samplePrints) {
      for (const p of ps) if (p) wanted.add(p)
      wantedColumns.add(`${f.location.file}|${columnKey(f.location)}`)
    }
    const copy = await materialise(opts.repoRoot, inBase, 'publish-guard-base-')
    try {
      const needsSalt = opts.policy.allow?.some((e) => e.fingerprint)
      const base = await scan({
        policy: opts.policy,
        paths: copy.files,
        root: copy.dir,
        now: opts.now,
        ...(needsSalt ? { salt: (await resolveSalt(opts.policy.salt, opts.repoRoot)).value } : {}),
        cellFilter: wanted.size ? (file) => (ctx) => new BaseValues(ctx, file, wanted, wantedColumns, salt, baseValues) : undefined
      })
      for (const f of base.findings) {
        const count = 'count' in f && f.count !== undefined ? f.count : 1
        baseCounts.set(findingKey(f), (baseCounts.get(findingKey(f)) ?? 0) + count)
      }
    } finally {
      await copy.cleanup()
    }
  }

  const failOnExisting = opts.policy.failOnExisting ?? true
  for (const f of findings) {
    f.novelty = isExisting(f, changed, baseCounts, baseValues, samplePrints) ? 'existing' : 'new'
    if (f.novelty === 'existing' && !f.allowed) f.message = existingNote(f.message, failOnExisting)
  }
  return {
    ...opts.head,
    blocked: findings.some((f) => blocksMerge(f, opts.head.failOn, failOnExisting)),
    failOnExisting,
    totals: {
      ...opts.head.totals,
      new: findings.filter((f) => f.novelty === 'new' && !f.allowed).length,
      existing: findings.filter((f) => f.novelty === 'existing' && !f.allowed).length
    },
    findings
  }
}

function isExisting(
  f: Finding,
  changed: Map<string, ChangedFile>,
  baseCounts: Map<string, number>,
  baseValues: Map<string, Set<string>>,
  samplePrints: Map<Finding, Array<string | null>>
): boolean {
  if (!changed.has(f.location.file)) return true
  const baseCount = baseCounts.get(findingKey(f))
  if (baseCount === undefined) return false
  const count = 'count' in f && f.count !== undefined ? f.count : 1
  if (count > baseCount) return false
  const prints = samplePrints.get(f) ?? []
  const seen = baseValues.get(`${f.location.file}|${columnKey(f.location)}`)
  return prints.every((p) => p !== null && seen?.has(p) === true)
}

function existingNote(message: SafeText, failOnExisting: boolean): SafeText {
  return failOnExisting
    ? safe`${message} [already on the base branch: still blocking, because data already published is still exposed (policy fail-on-existing: true)]`
    : safe`${message} [already on the base branch: reported, not blocking (policy fail-on-existing: false)]`
}

/** Reads a head file once and fingerprints the cells at the given places. */
async function printsAt(abs: string, rel: string, places: Location[], salt: string): Promise<Map<string, string>> {
  const want = new Set(places.map(placeKey).filter((k): k is string => k !== null))
  const out = new Map<string, string>()
  if (want.size === 0) return out
  try {
    await readTabular(abs, rel, {
      table(meta: TableMeta): RowSink {
        const t = tableKey(meta.sheet, meta.part)
        let found: Array<[string, string]> = []
        return {
          row(values, pos) {
            for (let col = 0; col < values.length; col++) {
              const k = `${t}|${pos}|${col}`
              const v = values[col] as string
              if (want.has(k) && v.trim() !== '') found.push([k, fingerprint(v, salt)])
            }
          },
          end() {
            for (const [k, p] of found) out.set(k, p)
          },
          abort() {
            found = []
          }
        }
      }
    })
  } catch {
    // Unreadable now: its findings say so; no sample values, so nothing is "existing" by value.
  }
  return out
}

/** Base scan: which of the wanted fingerprints occur in which column. Hashes only columns that can match. */
class BaseValues implements CellFilter {
  private readonly hits = new Map<number, Set<string>>()
  private readonly columns = new Map<number, boolean>()
  private readonly print: (value: string) => string

  constructor(
    private readonly ctx: TableContext,
    private readonly file: string,
    private readonly wanted: Set<string>,
    private readonly wantedColumns: Set<string>,
    salt: string,
    private readonly into: Map<string, Set<string>>
  ) {
    this.print = memoFingerprinter(salt)
  }

  skip(col: number, _pos: number, value: string): boolean {
    let maybe = this.columns.get(col)
    if (maybe === undefined) {
      // A column can only matter if a head finding sits in a column with its label or number.
      const loc = this.ctx.locateColumn(col)
      maybe =
        this.wantedColumns.has(`${this.file}|${columnKey(loc)}`) ||
        this.wantedColumns.has(`${this.file}|${columnKey({ ...loc, header: undefined })}`)
      this.columns.set(col, maybe)
    }
    if (!maybe) return false
    const p = this.print(value)
    if (this.wanted.has(p)) {
      const set = this.hits.get(col) ?? new Set<string>()
      set.add(p)
      this.hits.set(col, set)
    }
    return false
  }

  finish(findings: Finding[]): Finding[] {
    for (const [col, prints] of this.hits) {
      // Findings name a column by its label, or (table-level places) by its number: record both.
      const loc = this.ctx.locateColumn(col)
      for (const key of [`${this.file}|${columnKey(loc)}`, `${this.file}|${columnKey({ ...loc, header: undefined })}`]) {
        const set = this.into.get(key) ?? new Set<string>()
        for (const p of prints) set.add(p)
        this.into.set(key, set)
      }
    }
    return findings
  }
}
