// New in this pull request, or already on the base branch?
//
// For each changed file, the base version (`git cat-file blob base:path`,
// streamed to a temp directory) is scanned with the same policy, and each
// head finding is marked:
//   existing: the base has a finding of the same kind in the same column
//             (same file, sheet/part, header label or column), with at least
//             as many cells, and every value of that column in the head (by
//             fingerprint: all of them, not samples) is already in that base
//             column;
//   new:      anything else (a new file, a new column, more cells, one value
//             the base does not have).
// A finding with no column (a file or structure finding) is existing when
// the base has the same finding with at least as many places.
// Values are kept as salted 64-bit hashes (src/baseline/hashset.ts), 8 bytes a
// distinct value, with a random per-run salt: compared within the run and
// never written anywhere.
//
// `fail-on-existing: true` (the default) keeps existing findings blocking (a
// leak already on the default branch is still a leak) and says so; `false`
// reports them without blocking.

import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { safe, type Finding, type Location, type SafeText } from '../findings.js'
import { blobExists, requireCommit } from '../git/run.js'
import { materialise } from '../git/materialise.js'
import type { ResolvedPolicy } from '../resolve.js'
import { readTabular } from '../readers/index.js'
import type { TableMeta } from '../tabular.js'
import type { Report } from '../report/types.js'
import type { CellFilter, Rule, TableContext } from '../check.js'
import { scan } from '../scan.js'
import { TableScan } from '../table.js'
import { columnIndex, norm } from '../allow/allowlist.js'
import { verdict } from '../verdict.js'
import { memoFingerprinter } from '../allow/fingerprint.js'
import { HashSet64 } from './hashset.js'

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
  /** The policy the head was scanned with: the base is scanned with the same. */
  policy: ResolvedPolicy
  /** The head scan's report; a new report is returned, this one is not changed. */
  head: Report
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
  /** `${file}|${columnKey}` of every column holding a finding, in the files the base has. */
  const wantedColumns = new Set<string>()
  for (const { path } of inBase) for (const f of byFile.get(path) as Finding[]) wantedColumns.add(`${path}|${columnKey(f.location)}`)
  // Head: every value of those columns, read again (a light pass: no detectors).
  const headValues = new Map<string, HashSet64>()
  for (const { path } of inBase)
    await collectHead(join(opts.repoRoot, path), path, opts.policy, new ColumnValues(path, wantedColumns, salt, headValues))
  const baseCounts = new Map<string, number>()
  /** `${file}|${columnKey}` -> every value's hash in that base column. */
  const baseValues = new Map<string, HashSet64>()
  if (inBase.length) {
    const copy = await materialise(opts.repoRoot, inBase, 'publish-guard-base-')
    try {
      const base = await scan({
        policy: opts.policy,
        paths: copy.files,
        root: copy.dir,
        cellFilter: wantedColumns.size
          ? (file) => (ctx) => new BaseValues(ctx, new ColumnValues(file, wantedColumns, salt, baseValues))
          : undefined
      })
      for (const f of base.findings) {
        const count = 'count' in f && f.count !== undefined ? f.count : 1
        baseCounts.set(findingKey(f), (baseCounts.get(findingKey(f)) ?? 0) + count)
      }
    } finally {
      await copy.cleanup()
    }
  }

  const failOnExisting = opts.policy.policy.failOnExisting ?? true
  for (const f of findings) {
    f.novelty = isExisting(f, changed, baseCounts, headValues, baseValues) ? 'existing' : 'new'
    if (f.novelty === 'existing' && !f.allowed) f.message = existingNote(f.message, failOnExisting)
  }
  return {
    ...opts.head,
    blocked: verdict(findings, { failOn: opts.head.failOn, failOnExisting }),
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
  headValues: Map<string, HashSet64>,
  baseValues: Map<string, HashSet64>
): boolean {
  if (!changed.has(f.location.file)) return true
  const baseCount = baseCounts.get(findingKey(f))
  if (baseCount === undefined) return false
  const count = 'count' in f && f.count !== undefined ? f.count : 1
  if (count > baseCount) return false
  // A finding about the file or its structure, not a column: the same finding is enough.
  if (columnIndex(f.location) < 0) return true
  const key = `${f.location.file}|${columnKey(f.location)}`
  const head = headValues.get(key)
  if (head === undefined) return false
  return head.within(baseValues.get(key) ?? new HashSet64())
}

function existingNote(message: SafeText, failOnExisting: boolean): SafeText {
  return failOnExisting
    ? safe`${message} [already on the base branch: still blocking, because data already published is still exposed (policy fail-on-existing: true)]`
    : safe`${message} [already on the base branch: reported, not blocking (policy fail-on-existing: false)]`
}

/** Reads a head file again with no detector, only to hash the values of the wanted columns. */
async function collectHead(abs: string, rel: string, resolved: ResolvedPolicy, into: ColumnValues): Promise<void> {
  const { policy, limits } = resolved
  const rule: Rule = {
    id: 'novelty',
    open(ctx) {
      const table = into.table(ctx)
      return {
        row(values, pos) {
          for (let col = 0; col < values.length; col++) {
            const v = values[col] as string
            if (v.trim() !== '') table.add(col, pos, v)
          }
        },
        finish() {
          table.end()
          return []
        }
      }
    }
  }
  try {
    await readTabular(
      abs,
      rel,
      {
        table: (meta: TableMeta) =>
          new TableScan(meta, { policy, dataset: null, levels: policy.detectors, rules: [rule], fileScope: new Map() }, () => undefined)
      },
      { limits }
    )
  } catch {
    // Unreadable now: its findings say so; no values, so nothing in it is "existing" by value.
  }
}

/**
 * The values of the wanted columns of one file, as salted 64-bit hashes in
 * one set per column. A column is recorded under its label and under its
 * number (a finding names it by its label when shown, else by number).
 */
class ColumnValues {
  private readonly print: (value: string) => string

  constructor(
    private readonly file: string,
    private readonly wanted: Set<string>,
    salt: string,
    private readonly into: Map<string, HashSet64>
  ) {
    this.print = memoFingerprinter(salt)
  }

  table(ctx: TableContext): { add(col: number, pos: number, value: string): void; end(): void } {
    const sets: Array<HashSet64 | null | undefined> = []
    return {
      add: (col, _pos, value) => {
        let set = sets[col]
        if (set === undefined) {
          // A column only matters if a head finding sits in a column with its label or number.
          const loc = ctx.locateColumn(col)
          set =
            this.wanted.has(`${this.file}|${columnKey(loc)}`) || this.wanted.has(`${this.file}|${columnKey({ ...loc, header: undefined })}`)
              ? new HashSet64()
              : null
          sets[col] = set
        }
        if (set === null) return
        const p = this.print(value)
        set.add(parseInt(p.slice(4, 12), 16), parseInt(p.slice(12, 20), 16))
      },
      end: () => {
        sets.forEach((set, col) => {
          if (!set) return
          // Labels are read again at the end: the detectors may have withheld one meanwhile.
          const loc = ctx.locateColumn(col)
          for (const key of [`${this.file}|${columnKey(loc)}`, `${this.file}|${columnKey({ ...loc, header: undefined })}`]) {
            const have = this.into.get(key) ?? new HashSet64()
            set.forEach((hi, lo) => have.add(hi, lo))
            this.into.set(key, have)
          }
        })
      }
    }
  }
}

/** Base scan: every value of the columns that can match, seen through the detectors' cell filter. */
class BaseValues implements CellFilter {
  private readonly table: ReturnType<ColumnValues['table']>

  constructor(ctx: TableContext, values: ColumnValues) {
    this.table = values.table(ctx)
  }

  skip(col: number, pos: number, value: string): boolean {
    this.table.add(col, pos, value)
    return false
  }

  finish(findings: Finding[]): Finding[] {
    this.table.end()
    return findings
  }
}
