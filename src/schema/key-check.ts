// The key checks of a Table Schema: unique columns, the primary key and
// foreign keys, within one table and across the sheets of one workbook
// (through the file's scope), all drawing on one key budget per table.

import type { Finding, Location, SafeText } from '../findings.js'
import type { FileScope, TableContext } from '../check.js'
import { MAX_SAMPLES } from '../findings.js'
import type { Value } from './types.js'
import { addKey, type AddResult, ColumnKeys, KeyBudget, KeyHasher, KeyLog, KeySet, type KeyStore, PendingRefs } from './keys.js'
import { schemasOf, type ForeignKey, type PreparedSchemas, type Schema } from './load.js'
import { foreignKeyFinding, keyLimitFinding, unresolvedFinding } from './build-findings.js'
import type { Column, ColumnMap } from './header.js'
import type { Hits } from './hits.js'

/** The schema rule's id: what it keeps in a file's scope is under it. */
export const SCHEMA_RULE_ID = 'schema'

/** Joins the referenced fields' names into one id (in no name). */
const REF_SEPARATOR = '\u0001'
const refKeyOf = (refFields: string[]): string => refFields.join(REF_SEPARATOR)

/** A reference to a sheet that ends later in the file: resolved with that sheet's keys (or none) when it ends, or when the file does. */
interface WaitingRef {
  resource: string
  refKey: string
  resolve(keys: KeySet | undefined): Finding[]
}

/** Key sets of finished sheets and references still waiting for their sheet, per file. */
interface FileKeys {
  done: Map<string, Map<string, KeySet>>
  waiting: WaitingRef[]
}

function fileKeys(scope: FileScope): FileKeys {
  let s = scope.get(SCHEMA_RULE_ID) as FileKeys | undefined
  if (!s) scope.set(SCHEMA_RULE_ID, (s = { done: new Map(), waiting: [] }))
  return s
}

/** The file's last table is done: the references still waiting (to sheets that ended before them, or never came). */
export function endFileKeys(scope: FileScope): Finding[] {
  const s = scope.get(SCHEMA_RULE_ID) as FileKeys | undefined
  if (!s) return []
  return s.waiting.flatMap((w) => w.resolve(s.done.get(w.resource)?.get(w.refKey)))
}

interface UniqueKey {
  m: Column
  keys: ColumnKeys
  full: boolean
}

interface PrimaryKey {
  cols: Column[]
  keys: KeyStore
  /** A one-column key's run-aware keys (ColumnKeys); null for a composite key. */
  single: ColumnKeys | null
}

interface ForeignRef {
  fk: ForeignKey
  cols: Column[]
  /** References not found (yet) in the referenced keys. */
  pending: PendingRefs
  /** The referenced keys when they are this table's own (collected while it streams). */
  self: KeySet | null
  /** The referenced keys of a sheet that ended before this one. */
  other: KeySet | undefined
}

/** Keys this table collects for references to it (by refFields). */
interface Collected {
  cols: Column[]
  keys: KeySet
  refKey: string
}

export class KeyCheck {
  readonly budget: KeyBudget
  private readonly hasher = new KeyHasher()
  private readonly unique: UniqueKey[] = []
  private readonly pk: PrimaryKey | null = null
  private readonly fks: ForeignRef[] = []
  private readonly collect: Collected[] = []
  /** Foreign keys to another file: named in the report, not checked (with the column of their first field). */
  private readonly unchecked: Array<{ fk: ForeignKey; col: number }> = []
  /** The row where the budget ran out (null: it did not). */
  private limitAt: number | null = null
  /** No key is read while the table streams (no foreign key from or to it): unique and primary keys are logged (KeyLog). */
  private readonly logged: boolean
  /** How many columns a key reads: each row's keyed cast values, at Column.keySlot. */
  readonly keyCount: number
  /** The batch being keyed (CellBatch.castVals), and where the row being keyed starts in it. */
  private vals: Array<Value | undefined> = []
  private rowAt = 0
  private readonly sheet: string | undefined

  constructor(
    private readonly ctx: TableContext,
    schema: Schema,
    map: ColumnMap,
    schemas: PreparedSchemas | undefined,
    private readonly hits: Hits,
    private readonly rule: SafeText,
    keysPerTable: number
  ) {
    this.budget = new KeyBudget(keysPerTable)
    const byName = (name: string): Column | undefined => map.byName(name)
    const state = fileKeys(ctx.fileScope)
    const sheet = (this.sheet = ctx.meta.sheetName ?? ctx.meta.sheet)
    for (const fk of schema.foreignKeys) {
      const cols = fk.fields.map(byName)
      if (!allFound(cols)) continue // a missing column is reported as such
      const self = fk.resource === '' || fk.resource === sheet
      if (!self && sheet === undefined) {
        this.unchecked.push({ fk, col: (cols[0] as Column).col })
        continue
      }
      let selfKeys: KeySet | null = null
      if (self) {
        const refCols = fk.refFields.map(byName)
        if (!allFound(refCols)) continue
        selfKeys = this.collectFor(refCols, fk.refFields)
      }
      const other = self ? undefined : state.done.get(fk.resource)?.get(refKeyOf(fk.refFields))
      this.fks.push({ fk, cols, pending: new PendingRefs(this.budget), self: selfKeys, other })
    }
    // Other tables of this file may reference this sheet: keep the keys they name.
    if (sheet !== undefined) {
      for (const s of allSchemas(ctx, schemas)) {
        for (const fk of s.foreignKeys) {
          if (fk.resource !== sheet || s === schema) continue
          const refCols = fk.refFields.map(byName)
          if (allFound(refCols)) this.collectFor(refCols, fk.refFields)
        }
      }
    }
    this.logged = this.fks.length === 0 && this.collect.length === 0
    const store = (): KeyStore => (this.logged ? new KeyLog(this.budget) : new KeySet(this.budget))
    for (const m of map.columns) if (m.field.unique) this.unique.push({ m, keys: new ColumnKeys(store(), this.hasher), full: false })
    const pkCols = schema.primaryKey.map(byName)
    if (pkCols.length && allFound(pkCols)) {
      const keys = store()
      this.pk = { cols: pkCols, keys, single: pkCols.length === 1 ? new ColumnKeys(keys, this.hasher) : null }
    }
    // Each keyed column gets its slot among a row's keyed values, in column order.
    const keyed = new Set([
      ...this.unique.map((u) => u.m),
      ...(this.pk?.cols ?? []),
      ...this.fks.flatMap((f) => f.cols),
      ...this.collect.flatMap((c) => c.cols)
    ])
    let slot = 0
    for (const m of map.columns) if (keyed.has(m)) m.keySlot = slot++
    this.keyCount = slot
  }

  private collectFor(cols: Column[], refFields: string[]): KeySet {
    const refKey = refKeyOf(refFields)
    const have = this.collect.find((c) => c.refKey === refKey)
    if (have) return have.keys
    const keys = new KeySet(this.budget)
    this.collect.push({ cols, keys, refKey })
    return keys
  }

  /** The foreign key whose first column is `col`. */
  foreignKeyAt(col: number): ForeignKey | undefined {
    return this.fks.find((f) => (f.cols[0] as Column).col === col)?.fk
  }

  /**
   * The cast values of a batch of rows (CellBatch.castVals), set once a batch:
   * storing the batch's young array into this long-lived object takes V8's
   * write barrier slow path, which once a row would cost.
   */
  batch(vals: Array<Value | undefined>): void {
    this.vals = vals
  }

  /** unique, primary and foreign keys of one row of the batch, found at `pos`: its keyed cast values are at `at` + Column.keySlot. */
  row(at: number, pos: number): void {
    this.rowAt = at
    const unique = this.unique
    for (let k = 0; k < unique.length; k++) {
      const u = unique[k] as UniqueKey
      if (u.full) continue
      const v = this.val(u.m)
      if (v === undefined) continue
      const r = u.keys.add(v, pos)
      if (r !== null && r !== 'new') this.uniqueResult(u, r, pos)
    }
    const pk = this.pk
    if (pk) {
      let r: AddResult | null = null
      if (pk.single) {
        const v = this.val(pk.cols[0] as Column)
        if (v !== undefined) r = pk.single.add(v, pos)
      } else if (this.hashKey(pk.cols)) r = addKey(pk.keys, this.hasher, pos)
      if (r !== null && r !== 'new') this.primaryResult(pk, r, pos)
    }
    if (this.logged) return // no collected keys, no foreign keys
    for (const c of this.collect) {
      if (this.hashKey(c.cols) && c.keys.addHashed(this.hasher) === 'full') this.full(pos)
    }
    for (const f of this.fks) {
      if (!this.hashKey(f.cols)) continue
      if (f.self?.hasHashed(this.hasher) || f.other?.hasHashed(this.hasher)) continue
      if (f.other || !f.pending.pushHashed(this.hasher, pos)) {
        if (f.other) this.hits.add('schema/foreign-key', (f.cols[0] as Column).col, pos)
        else this.full(pos)
      }
    }
  }

  /** The cast value of a keyed column in the row being keyed (undefined: empty or not of its type). */
  private val(m: Column): Value | undefined {
    return this.vals[this.rowAt + m.keySlot]
  }

  /** Hash the key of some columns in this row (into `hasher`); false when one is empty or not of its type. */
  private hashKey(cols: Column[]): boolean {
    const h = this.hasher
    h.start()
    for (let i = 0; i < cols.length; i++) {
      const v = this.val(cols[i] as Column)
      if (v === undefined) return false
      h.value(v)
    }
    return true
  }

  /** What an add to a unique column that was not new means. */
  private uniqueResult(u: UniqueKey, r: AddResult, pos: number): void {
    if (u.full) return // as if never added: immediate adds stop at the first 'full'
    if (r === 'seen') this.hits.add('schema/constraint/unique', u.m.col, pos)
    else if (r === 'full') (u.full = true), this.full(pos)
  }

  /** What an add to the primary key that was not new means. */
  private primaryResult(pk: PrimaryKey, r: AddResult, pos: number): void {
    if (r === 'seen') this.hits.add('schema/primary-key', (pk.cols[0] as Column).col, pos)
    else if (r === 'full') this.full(pos)
  }

  private full(pos: number): void {
    if (this.limitAt === null) this.limitAt = pos
  }

  /** Logged keys: their repeats, now that every row is in (before `full`, which stopped the log). */
  logRepeats(): void {
    for (const u of this.unique)
      if (u.keys.keys instanceof KeyLog) for (const pos of u.keys.keys.repeats()) this.hits.add('schema/constraint/unique', u.m.col, pos)
    if (this.pk?.keys instanceof KeyLog)
      for (const pos of this.pk.keys.repeats()) this.hits.add('schema/primary-key', (this.pk.cols[0] as Column).col, pos)
  }

  /**
   * The table has ended: this sheet's keys go to the file's scope and settle
   * the references that waited for them; its own foreign keys are checked
   * (or wait for a later sheet). Returns the findings of references settled
   * now and of foreign keys not checked; the rest are hits.
   */
  finish(): Finding[] {
    const out: Finding[] = []
    const state = fileKeys(this.ctx.fileScope)
    const sheet = this.sheet
    if (sheet !== undefined) {
      state.done.set(sheet, new Map(this.collect.map((c) => [c.refKey, c.keys])))
      // References from earlier sheets that waited for this one.
      const still: WaitingRef[] = []
      for (const w of state.waiting) {
        if (w.resource === sheet) out.push(...w.resolve(state.done.get(sheet)?.get(w.refKey)))
        else still.push(w)
      }
      state.waiting = still
    }
    for (const f of this.fks) {
      if (f.self) {
        for (const pos of f.pending.missing(f.self)) this.hits.add('schema/foreign-key', (f.cols[0] as Column).col, pos)
      } else if (!f.other) {
        // The referenced table comes later in the workbook (or never): check when it ends, or when the file does.
        state.waiting.push(this.waitFor(f))
      }
    }
    for (const u of this.unchecked) out.push(unresolvedFinding(u.fk, this.ctx.locateColumn(u.col), this.rule, this.ctx.meta))
    return out
  }

  private waitFor(f: ForeignRef): WaitingRef {
    const { ctx, rule } = this
    const col = (f.cols[0] as Column).col
    const at = ctx.locateColumn(col)
    return {
      resource: f.fk.resource,
      refKey: refKeyOf(f.fk.refFields),
      resolve: (keys) => {
        if (!keys) return [unresolvedFinding(f.fk, at, rule, ctx.meta)]
        let count = 0
        const samples: Location[] = []
        for (const pos of f.pending.missing(keys)) {
          count++
          if (samples.length < MAX_SAMPLES) samples.push(ctx.locate(pos, col))
        }
        return count ? [foreignKeyFinding(f.fk, at, count, samples, rule)] : []
      }
    }
  }

  /** The finding that keys were checked only up to a row, when the budget ran out; `lastPos`: the table's last row. */
  limitFinding(lastPos: number): Finding | null {
    return this.limitAt === null ? null : keyLimitFinding(this.rule, this.ctx.meta, this.limitAt, lastPos, this.budget.limit)
  }
}

function allFound(cols: Array<Column | undefined>): cols is Column[] {
  return cols.every((m) => m)
}

/** Every schema of the table's dataset (foreign keys from other sheets). */
function allSchemas(ctx: TableContext, schemas: PreparedSchemas | undefined): Schema[] {
  const s = schemasOf(schemas, ctx.dataset)
  if (!s) return []
  const out: Schema[] = []
  for (const src of [s.default, ...s.sheets.values()]) if (src?.kind === 'schema') out.push(src.schema)
  return out
}
