// The schema rule: a dataset's Table Schema checked on every row of every
// table, at the exact cell. Header checks (extra, missing, duplicated, blank
// headers, order), cell checks (type, constraints), keys (unique, primaryKey,
// foreignKeys within the file or workbook). One finding per column and kind:
// count + first MAX_SAMPLES places. No finding carries a cell's value: the
// message says what the schema expected.

import type { Kind } from '../catalog.js'
import { formatPlace, lit, MAX_SAMPLES, policyText, safe, type Finding, type Location, type SafeText } from '../findings.js'
import type { FileScope, Rule, TableCheck, TableContext } from '../check.js'
import type { CompiledField, FieldTest } from './constraints.js'
import type { FieldType, Value } from './types.js'
import { addKey, ColumnKeys, hashStart, type AddResult, hashValue, KeyBudget, KeyLog, KeySet, type KeyStore, PendingRefs } from './keys.js'
import { pickSchema, schemasOf, type FieldsMatch, type ForeignKey, type PreparedSchemas, type Schema } from './load.js'

/** The kinds a schema check emits (src/catalog.ts). */
type SchemaKind = Extract<Kind, `schema/${string}`>

interface Group {
  kind: SchemaKind
  col: number
  /** The row of its first place: groups are reported in this order. */
  first: number
  count: number
  samples: Location[]
}

interface Mapped {
  col: number
  field: CompiledField
  /** The texts that mean "no value"; null in the usual case, where only the empty cell does. */
  missing: ReadonlySet<string> | null
  /** The field's cast, or null when the value is the text itself (string without format, any). */
  cast: FieldType['cast'] | null
  /** The field's constraints in one call (CompiledField.test), here to save a look-up per cell. */
  test: FieldTest | null
  required: boolean
  /** A key (unique, primary, foreign) reads this column's cast value. */
  keyed: boolean
  /** Its place among a row's keyed values in `castVals` (-1: not keyed). */
  keySlot: number
}

/** Key sets of finished sheets and references still waiting for their sheet, per file. */
interface FileState {
  done: Map<string, Map<string, KeySet>>
  waiting: Array<{ resource: string; refKey: string; resolve(keys: KeySet | undefined): Finding[] }>
}
const RULE_ID = 'schema'
const fileState = (scope: FileScope): FileState => {
  let s = scope.get(RULE_ID) as FileState | undefined
  if (!s) scope.set(RULE_ID, (s = { done: new Map(), waiting: [] }))
  return s
}

const SEP = '\u0001'
const norm = (s: string): string => s.trim().toLowerCase()

/** The schema rule of a scan, with the schemas prepared for it (src/schema/load.ts). */
export function schemaRuleFor(schemas: PreparedSchemas | undefined): Rule {
  return {
    id: RULE_ID,
    open: (ctx) => openSchemaCheck(ctx, schemas),
    endFile(scope) {
      const s = scope.get(RULE_ID) as FileState | undefined
      if (!s) return []
      return s.waiting.flatMap((w) => w.resolve(s.done.get(w.resource)?.get(w.refKey)))
    }
  }
}

/** With the schemas inline in the policy compiled on the spot (tests). */
export const schemaRule: Rule = schemaRuleFor(undefined)

function openSchemaCheck(ctx: TableContext, schemas: PreparedSchemas | undefined): TableCheck | null {
  {
    const { meta } = ctx
    // Caches, comments and part text are not the published table; hidden sheets are (and are checked).
    if (meta.noHeader || (meta.part !== undefined && meta.sheet === undefined)) return null
    const all = schemasOf(schemas, ctx.dataset)
    if (!all || !ctx.dataset) return null
    const checks = ctx.dataset.schemaChecks ?? {}
    const rule = safe`dataset ${policyText(ctx.dataset.name)} schema`
    const tableWide = (kind: SchemaKind, message: SafeText, severity: 'error' | 'warning' = 'error'): TableCheck => ({
      row() {},
      finish: () => [
        { kind, severity, message, rule, location: { file: meta.file, sheet: meta.sheet, part: meta.part }, count: 1, samples: [] }
      ]
    })
    const sheet = meta.sheetName ?? meta.sheet
    if (sheet !== undefined && all.sheets.size > 0 && !all.sheets.has(sheet) && checks.sheets === 'strict') {
      return tableWide(
        'schema/unlisted-sheet',
        safe`sheet ${meta.sheet ?? lit('')} is not named in the dataset's \`sheets\`, and \`schema-checks.sheets\` is strict: remove the sheet, or give it a schema`
      )
    }
    const picked = pickSchema(all, meta.file, sheet)
    if (!picked) return null
    if ('noResource' in picked) {
      return tableWide(
        'schema/no-resource',
        safe`the data package ${policyText(picked.noResource.source)} has no resource whose path is this file, so its schema is unknown: add the resource, or name one with \`resource:\``
      )
    }
    if (!ctx.header) {
      return tableWide(
        'schema/no-header',
        lit(
          'the table has no header row (or its first row looks like data), so its columns cannot be matched to the schema: add a header row'
        )
      )
    }
    return new SchemaCheck(ctx, picked.schema, rule, checks.extraColumn ?? 'error', checks.order === true, schemas)
  }
}

class SchemaCheck implements TableCheck {
  private readonly mapped: Mapped[] = []
  /** Per column: its field index, or -1 (extra / blank / duplicate). */
  private readonly fieldAt: number[]
  private readonly groups = new Map<string, Group>()
  private readonly blankWithData = new Set<number>()
  private readonly blankCols: number[] = []
  private readonly budget: KeyBudget
  private readonly unique: Array<{ m: Mapped; keys: ColumnKeys; full: boolean }> = []
  private readonly pk: { cols: Mapped[]; keys: KeyStore; single: ColumnKeys | null } | null = null
  private readonly fks: Array<{ fk: ForeignKey; cols: Mapped[]; pending: PendingRefs; self: KeySet | null; other: KeySet | undefined }> = []
  /** Key sets this table collects for references to it (by refFields). */
  private readonly collect: Array<{ cols: Mapped[]; keys: KeySet; refKey: string }> = []
  private readonly unchecked: ForeignKey[] = []
  private limitAt: number | null = null
  /** No key is read while the table streams (no foreign key from or to it): unique and primary keys are logged (KeyLog). */
  private readonly logged: boolean
  private lastPos = 0

  constructor(
    private readonly ctx: TableContext,
    private readonly schema: Schema,
    private readonly rule: SafeText,
    private readonly extraSeverity: 'error' | 'warning',
    order: boolean,
    private readonly schemas: PreparedSchemas | undefined
  ) {
    this.budget = new KeyBudget(ctx.policy.limits?.maxKeysPerTable)
    this.match = schema.fieldsMatch ?? (order ? 'exact' : 'equal')
    const header = ctx.header ?? []
    const exact = new Map(schema.fields.map((f, i) => [f.name, i]))
    const loose = new Map<string, number>()
    schema.fields.forEach((f, i) => loose.has(norm(f.name)) || loose.set(norm(f.name), i))
    const taken = new Set<number>()
    this.fieldAt = header.map((h, col) => {
      if (h === '') {
        this.blankCols.push(col)
        return -1
      }
      const i = exact.get(h) ?? loose.get(norm(h))
      if (i === undefined || taken.has(i)) return -1
      taken.add(i)
      const missing = schema.missing[i] as ReadonlySet<string>
      const field = schema.compiled[i] as CompiledField
      const onlyEmpty = missing.size === 1 && missing.has('')
      this.mapped.push({
        col,
        field,
        missing: onlyEmpty ? null : missing,
        cast: field.type.identity ? null : field.type.cast,
        test: field.test,
        required: field.required,
        keyed: false,
        keySlot: -1
      })
      return i
    })
    const byName = (name: string): Mapped | undefined => {
      const i = schema.fields.findIndex((f) => f.name === name)
      return this.mapped.find((m) => this.fieldAt[m.col] === i)
    }
    const state = fileState(ctx.fileScope)
    const sheet = ctx.meta.sheetName ?? ctx.meta.sheet
    for (const fk of schema.foreignKeys) {
      const cols = fk.fields.map(byName)
      if (!cols.every((m) => m)) continue // a missing column is reported as such
      const self = fk.resource === '' || fk.resource === sheet
      if (!self && sheet === undefined) {
        this.unchecked.push(fk) // another file: named in the report, not checked
        continue
      }
      let selfKeys: KeySet | null = null
      if (self) {
        const refCols = fk.refFields.map(byName)
        if (!refCols.every((m) => m)) continue
        selfKeys = this.collectFor(refCols as Mapped[], fk.refFields)
      }
      const other = self ? undefined : state.done.get(fk.resource)?.get(fk.refFields.join(SEP))
      this.fks.push({ fk, cols: cols as Mapped[], pending: new PendingRefs(this.budget), self: selfKeys, other })
    }
    // Other tables of this file may reference this sheet: keep the keys they name.
    if (sheet !== undefined) {
      for (const s of allSchemas(ctx, this.schemas)) {
        for (const fk of s.foreignKeys) {
          if (fk.resource !== sheet || s === schema) continue
          const refCols = fk.refFields.map(byName)
          if (refCols.every((m) => m)) this.collectFor(refCols as Mapped[], fk.refFields)
        }
      }
    }
    this.logged = this.fks.length === 0 && this.collect.length === 0
    const store = (): KeyStore => (this.logged ? new KeyLog(this.budget) : new KeySet(this.budget))
    for (const m of this.mapped) if (m.field.unique) this.unique.push({ m, keys: new ColumnKeys(store()), full: false })
    const pkCols = schema.primaryKey.map(byName)
    if (pkCols.length && pkCols.every((m) => m)) {
      const keys = store()
      this.pk = { cols: pkCols as Mapped[], keys, single: pkCols.length === 1 ? new ColumnKeys(keys) : null }
    }
    const keyed = [
      ...this.unique.map((u) => u.m),
      ...(this.pk?.cols ?? []),
      ...this.fks.flatMap((f) => f.cols),
      ...this.collect.flatMap((c) => c.cols)
    ]
    for (const m of keyed) m.keyed = true
    // A column that can break nothing (text of any kind, no constraint, no key) is not looked at per row.
    this.checked = this.mapped.filter((m) => m.keyed || m.required || m.cast !== null || m.test !== null)
    const keyedChecked = this.checked.filter((m) => m.keyed)
    keyedChecked.forEach((m, k) => (m.keySlot = k))
    this.keyCount = keyedChecked.length
    this.dates = new Uint8Array(SchemaCheck.BATCH * this.checked.length)
    this.freshRows = ctx.meta.freshRows === true
  }

  /** How many checked columns a key reads (each row's keyed values in `castVals`). */
  private readonly keyCount: number

  /** The mapped columns with something to check per cell. */
  private readonly checked: Mapped[]

  private readonly match: FieldsMatch

  private collectFor(cols: Mapped[], refFields: string[]): KeySet {
    const refKey = refFields.join(SEP)
    const have = this.collect.find((c) => c.refKey === refKey)
    if (have) return have.keys
    const keys = new KeySet(this.budget)
    this.collect.push({ cols, keys, refKey })
    return keys
  }

  private hit(kind: SchemaKind, col: number, pos: number): void {
    const id = kind + SEP + col
    let g = this.groups.get(id)
    if (!g) this.groups.set(id, (g = { kind, col, first: pos, count: 0, samples: [] }))
    g.count++
    if (g.samples.length < MAX_SAMPLES) g.samples.push(this.ctx.locate(pos, col))
  }

  /** A cell that breaks constraints: one hit per broken check, in the checks' order (bit j: checks[j]). */
  private broke(m: Mapped, broken: number, pos: number): void {
    const checks = m.field.checks
    for (let j = 0; j < checks.length; j++)
      if (broken & (1 << j)) this.hit(`schema/constraint/${(checks[j] as (typeof checks)[number]).name}`, m.col, pos)
  }

  /** What an add that was not new means. */
  private keyResult(who: number, r: AddResult, pos: number): void {
    const u = this.unique[who]
    if (u) {
      if (u.full) return // as if never added: immediate adds stop at the first 'full'
      if (r === 'seen') this.hit('schema/constraint/unique', u.m.col, pos)
      else if (r === 'full') (u.full = true), this.full(pos)
    } else if (this.pk) {
      if (r === 'seen') this.hit('schema/primary-key', (this.pk.cols[0] as Mapped).col, pos)
      else if (r === 'full') this.full(pos)
    }
  }

  private full(pos: number): void {
    if (this.limitAt === null) this.limitAt = pos
  }

  /** Hash the key of some columns in this row (see keys.ts); false when one is empty or not of its type. */
  private hashKey(cols: Mapped[]): boolean {
    hashStart()
    for (let i = 0; i < cols.length; i++) {
      const v = this.val(cols[i] as Mapped)
      if (v === undefined) return false
      hashValue(v)
    }
    return true
  }

  /**
   * Rows wait here (their checked cells, or the reader's array itself when it
   * is never reused: TableMeta.freshRows) and are checked BATCH at a time,
   * column by column: one field's cast and test run over many cells in a
   * row, which measured 0.15–0.2 s less on the bench's 1M rows than going
   * cell by cell through each row. What they find is then applied row by
   * row, in the order checking each row at once would give (cell findings of
   * a row, then its keys), so findings, their order and the key results are
   * the same.
   */
  private static readonly BATCH = 256
  /**
   * A new array per batch, not one kept for the whole table: the reader's
   * strings are young, and storing them into a long-lived (old-generation)
   * array takes V8's write barrier slow path (a remembered-set entry per
   * store) and keeps them alive through scavenges; a batch's own young array
   * does neither. Measured on the bench's 1M rows: see docs/schema.md, Speed.
   */
  private cells: string[] = []
  /** The waiting rows themselves, instead of `cells`, when the reader never reuses a row's array (TableMeta.freshRows). */
  private rowsWaiting: Array<readonly string[]> = []
  private readonly freshRows: boolean
  /** Per waiting cell: 1 when the reader says it is a date-formatted number (CellInfo.date). */
  private readonly dates: Uint8Array
  private readonly positions = new Float64Array(SchemaCheck.BATCH)
  /** Per waiting row: 1 when the reader gave cell information. */
  private readonly withInfo = new Uint8Array(SchemaCheck.BATCH)
  private waiting = 0
  /** Cast values of keyed columns, per waiting row (keyCount each). */
  private castVals: Array<Value | undefined> = []
  /** Findings of the batch's cells, in pairs: the cell (row × checked columns + column) and what (-1 required, -2 type, else the broken checks' bits). */
  private readonly found: number[] = []

  row(values: readonly string[], pos: number, info?: Parameters<TableCheck['row']>[2]): void {
    this.lastPos = pos
    const blank = this.blankCols
    for (let i = 0; i < blank.length; i++) if ((values[blank[i] as number] ?? '') !== '') this.blankWithData.add(blank[i] as number)
    const checked = this.checked
    const n = checked.length
    const r = this.waiting
    const at = r * n
    if (this.freshRows) this.rowsWaiting[r] = values
    else {
      const cells = this.cells
      for (let k = 0; k < n; k++) cells[at + k] = values[(checked[k] as Mapped).col] ?? ''
    }
    if (info !== undefined) {
      this.withInfo[r] = 1
      for (let k = 0; k < n; k++) this.dates[at + k] = info[(checked[k] as Mapped).col]?.date === true ? 1 : 0
    } else this.withInfo[r] = 0
    this.positions[r] = pos
    if (++this.waiting === SchemaCheck.BATCH) this.checkWaiting()
  }

  /** Check the waiting rows: cells column by column, then findings and keys row by row. */
  private checkWaiting(): void {
    const rows = this.waiting
    this.waiting = 0
    const checked = this.checked
    const n = checked.length
    const { cells, dates, withInfo, castVals, found, freshRows, rowsWaiting, keyCount } = this
    for (let k = 0; k < n; k++) {
      const m = checked[k] as Mapped
      const { missing, cast, test, keySlot, col } = m
      for (let r = 0; r < rows; r++) {
        const at = r * n + k
        const raw = freshRows ? ((rowsWaiting[r] as readonly string[])[col] ?? '') : (cells[at] as string)
        if (missing === null ? raw === '' : missing.has(raw)) {
          if (m.required) found.push(at, -1)
          continue
        }
        const v = cast === null ? raw : cast(raw, withInfo[r] === 1 ? dates[at] === 1 : undefined)
        if (v === undefined) {
          found.push(at, -2)
          continue
        }
        if (keySlot >= 0) castVals[r * keyCount + keySlot] = v
        if (test !== null) {
          const broken = test(v, raw)
          if (broken !== 0) found.push(at, broken)
        }
      }
    }
    // Row order: sort the (rare) findings by cell, row-major.
    let order: number[] = []
    if (found.length > 0) {
      order = Array.from({ length: found.length / 2 }, (_, i) => i).sort((x, y) => (found[2 * x] as number) - (found[2 * y] as number))
    }
    let next = 0
    for (let r = 0; r < rows; r++) {
      const pos = this.positions[r] as number
      for (; next < order.length && Math.floor((found[2 * (order[next] as number)] as number) / n) === r; next++) {
        const i = order[next] as number
        const m = checked[(found[2 * i] as number) % n] as Mapped
        const what = found[2 * i + 1] as number
        if (what === -1) this.hit('schema/constraint/required', m.col, pos)
        else if (what === -2) this.hit('schema/type', m.col, pos)
        else this.broke(m, what, pos)
      }
      if (keyCount === 0) continue
      this.rowAt = r * keyCount
      this.keys(pos)
    }
    found.length = 0
    // Drop the batch's texts and values (nothing of a cell outlives its batch).
    if (freshRows) this.rowsWaiting = new Array<readonly string[]>(SchemaCheck.BATCH)
    else this.cells = new Array<string>(SchemaCheck.BATCH * n)
    if (keyCount > 0) this.castVals = new Array<Value | undefined>(SchemaCheck.BATCH * keyCount)
  }

  /** Where the row being keyed starts in `castVals`. */
  private rowAt = 0

  /** The cast value of a keyed column in the row being keyed (undefined: empty or not of its type). */
  private val(m: Mapped): Value | undefined {
    return this.castVals[this.rowAt + m.keySlot]
  }

  /** unique, primary and foreign keys of one row (its keyed cast values: val()). */
  private keys(pos: number): void {
    const unique = this.unique
    for (let k = 0; k < unique.length; k++) {
      const u = unique[k] as (typeof unique)[number]
      if (u.full) continue
      const v = this.val(u.m)
      if (v === undefined) continue
      const r = u.keys.add(v, pos)
      if (r !== null && r !== 'new') this.keyResult(k, r, pos)
    }
    const pk = this.pk
    if (pk) {
      let r: AddResult | null = null
      if (pk.single) {
        const v = this.val(pk.cols[0] as Mapped)
        if (v !== undefined) r = pk.single.add(v, pos)
      } else if (this.hashKey(pk.cols)) r = addKey(pk.keys, pos)
      if (r !== null && r !== 'new') this.keyResult(unique.length, r, pos)
    }
    if (this.logged) return // no collected keys, no foreign keys
    for (const c of this.collect) {
      if (this.hashKey(c.cols) && c.keys.addHashed() === 'full') this.full(pos)
    }
    for (const f of this.fks) {
      if (!this.hashKey(f.cols)) continue
      if (f.self?.hasHashed() || f.other?.hasHashed()) continue
      if (f.other || !f.pending.pushHashed(pos)) {
        if (f.other) this.hit('schema/foreign-key', (f.cols[0] as Mapped).col, pos)
        else this.full(pos)
      }
    }
  }

  finish(): Finding[] {
    if (this.waiting > 0) this.checkWaiting()
    // Logged keys: their repeats, now that every row is in (before `full`, which stopped the log).
    for (const u of this.unique)
      if (u.keys.keys instanceof KeyLog) for (const pos of u.keys.keys.repeats()) this.hit('schema/constraint/unique', u.m.col, pos)
    if (this.pk?.keys instanceof KeyLog)
      for (const pos of this.pk.keys.repeats()) this.hit('schema/primary-key', (this.pk.cols[0] as Mapped).col, pos)
    const out = this.headerFindings()
    const state = fileState(this.ctx.fileScope)
    const sheet = this.ctx.meta.sheetName ?? this.ctx.meta.sheet
    if (sheet !== undefined) {
      state.done.set(sheet, new Map(this.collect.map((c) => [c.refKey, c.keys])))
      // References from earlier sheets that waited for this one.
      const still: FileState['waiting'] = []
      for (const w of state.waiting) {
        if (w.resource === sheet) out.push(...w.resolve(state.done.get(sheet)?.get(w.refKey)))
        else still.push(w)
      }
      state.waiting = still
    }
    for (const f of this.fks) {
      if (f.self) {
        for (const pos of f.pending.missing(f.self)) this.hit('schema/foreign-key', (f.cols[0] as Mapped).col, pos)
      } else if (!f.other) {
        // The referenced table comes later in the workbook (or never): check when the file ends.
        const col = (f.cols[0] as Mapped).col
        const at = this.ctx.locateColumn(col)
        state.waiting.push({
          resource: f.fk.resource,
          refKey: f.fk.refFields.join(SEP),
          resolve: (keys) => {
            if (!keys) return [this.unresolved(f.fk, at)]
            let count = 0
            const samples: Location[] = []
            for (const pos of f.pending.missing(keys)) {
              count++
              if (samples.length < MAX_SAMPLES) samples.push(this.ctx.locate(pos, col))
            }
            return count ? [this.fkFinding(f.fk, at, count, samples)] : []
          }
        })
      }
    }
    for (const fk of this.unchecked)
      out.push(
        this.unresolved(
          fk,
          this.ctx.locateColumn(
            (this.mapped.find((m) => this.schema.fields[this.fieldAt[m.col] as number]?.name === fk.fields[0]) as Mapped).col
          )
        )
      )
    // In order of first place (a logged key's group is made at the end); a stable sort keeps a row's order.
    for (const g of [...this.groups.values()].sort((a, b) => a.first - b.first)) out.push(this.cellFinding(g))
    if (this.limitAt !== null) {
      out.push({
        kind: 'schema/key-limit',
        severity: 'error',
        rule: this.rule,
        location: { file: this.ctx.meta.file, sheet: this.ctx.meta.sheet, part: this.ctx.meta.part },
        message: safe`unique, primary and foreign keys were checked only up to row ${this.limitAt} of ${this.lastPos}: publish-guard keeps at most ${this.budget.limit} keys per table (bounded memory). Split the table into smaller files, or drop the key constraints`,
        count: 1,
        samples: []
      })
    }
    return out
  }

  private unresolved(fk: ForeignKey, at: Location): Finding {
    const cross = this.ctx.meta.sheet === undefined
    return {
      kind: cross ? 'schema/foreign-key-not-checked' : 'schema/foreign-key',
      severity: cross ? 'warning' : 'error',
      rule: this.rule,
      location: at,
      message: cross
        ? safe`foreign key to resource ${policyText(fk.resource)} was not checked: publish-guard checks references within one file or workbook only`
        : safe`foreign key refers to sheet ${policyText(fk.resource)}, which is not in this workbook`,
      count: 1,
      samples: [at]
    }
  }

  private fkFinding(fk: ForeignKey, at: Location, count: number, samples: Location[]): Finding {
    const to = fk.resource === '' ? lit('this table') : safe`sheet ${policyText(fk.resource)}`
    return {
      kind: 'schema/foreign-key',
      severity: 'error',
      rule: this.rule,
      location: samples[0] ?? at,
      message: safe`${count} ${count === 1 ? lit('row has') : lit('rows have')} a ${names(fk.fields)} not found in ${names(fk.refFields)} of ${to} (foreign key)`,
      count,
      samples
    }
  }

  private cellFinding(g: Group): Finding {
    const where = this.ctx.locateColumn(g.col)
    const i = this.fieldAt[g.col] as number
    const field = this.schema.compiled[i] as CompiledField
    const place = formatPlace(where)
    const n = g.count === 1
    const cells = n ? lit('cell') : lit('cells')
    const are = n ? lit('is') : lit('are')
    let message: SafeText
    if (g.kind === 'schema/type') {
      const more = field.expected === field.type.expected ? lit('') : safe`; the schema expects ${field.expected}`
      message = safe`${g.count} ${cells} in ${place} ${are} not ${field.type.expected}${more}`
    } else if (g.kind === 'schema/constraint/required')
      message = safe`${g.count} ${cells} in ${place} ${are} empty; the schema requires a value (${field.expected})`
    else if (g.kind === 'schema/constraint/unique')
      message = safe`${g.count} ${cells} in ${place} ${n ? lit('repeats') : lit('repeat')} a value of an earlier row; the schema says the column is unique`
    else if (g.kind === 'schema/primary-key')
      message = safe`${g.count} ${n ? lit('row repeats') : lit('rows repeat')} the primary key ${names(this.schema.primaryKey)} of an earlier row`
    else if (g.kind === 'schema/foreign-key') {
      const fk = this.fks.find((f) => (f.cols[0] as Mapped).col === g.col)?.fk
      return fk
        ? this.fkFinding(fk, where, g.count, g.samples)
        : this.fkFinding({ fields: [], refFields: [], resource: '' }, where, g.count, g.samples)
    } else {
      const name = policyText(g.kind.slice('schema/constraint/'.length))
      message = safe`${g.count} ${cells} in ${place} ${n ? lit('breaks') : lit('break')} the \`${name}\` constraint: expected ${field.expected}`
    }
    return {
      kind: g.kind,
      severity: 'error',
      rule: this.rule,
      location: g.samples[0] ?? where,
      message,
      count: g.count,
      samples: g.samples
    }
  }

  private headerFindings(): Finding[] {
    const ctx = this.ctx
    const header = ctx.header ?? []
    const out: Finding[] = []
    const one = (kind: SchemaKind, where: Location, message: SafeText, severity: 'error' | 'warning' = 'error'): void => {
      out.push({ kind, severity, rule: this.rule, location: where, message, count: 1, samples: [where] })
    }
    const source = policyText(this.schema.source)
    const extraAllowed = this.match === 'subset' || this.match === 'partial'
    const missingAllowed = this.match === 'superset' || this.match === 'partial'
    const firstCol = new Map<string, number>()
    header.forEach((h, col) => {
      if (h === '') {
        const between = header.slice(col + 1).some((x) => x !== '')
        if (this.blankWithData.has(col) || between) {
          one(
            'schema/blank-header',
            ctx.locateHeader(col),
            safe`${formatPlace(ctx.locateHeader(col))} has no header${this.blankWithData.has(col) ? lit(' but holds data') : lit('')}: name the column as in the schema, or remove it`
          )
        }
        return
      }
      const k = norm(h)
      const before = firstCol.get(k)
      if (before !== undefined) {
        one(
          'schema/duplicate-header',
          ctx.locateHeader(col),
          safe`${formatPlace(ctx.locateHeader(col))} repeats the header of column ${before + 1}: each column needs its own name`
        )
        return
      }
      firstCol.set(k, col)
      // A column the dataset's `columns` lists (allowed or denied), or any column when it has `columns.allow`, is the columns rule's to judge: one finding per column, never two.
      const columns = ctx.dataset?.columns
      const judgedByColumns = columns?.allow !== undefined || columns?.deny?.some((d) => norm(d) === k) === true
      if (this.fieldAt[col] === -1 && !extraAllowed && !judgedByColumns) {
        const where = ctx.locateHeader(col)
        one(
          'schema/extra-column',
          where,
          safe`${formatPlace(where)} is not in the schema (${source}): remove the column before publishing, or declare it in the schema if it is meant to be published`,
          this.extraSeverity
        )
      }
    })
    const present = new Set(this.fieldAt.filter((i) => i >= 0))
    const headerAt: Location = {
      file: ctx.meta.file,
      sheet: ctx.meta.sheet,
      part: ctx.meta.part,
      line: ctx.meta.addressing === 'line' ? (ctx.headerPos ?? undefined) : undefined
    }
    if (!missingAllowed) {
      this.schema.fields.forEach((f, i) => {
        if (!present.has(i))
          one('schema/missing-column', headerAt, safe`the schema's field "${policyText(f.name)}" (${source}) is not a column of this table`)
      })
    } else if (this.match === 'partial' && present.size === 0) {
      one('schema/missing-column', headerAt, safe`no column of this table is a field of the schema (${source})`)
    }
    if (this.match === 'exact') {
      // Columns must be the schema's fields in the schema's order.
      let prev = -1
      for (let col = 0; col < this.fieldAt.length; col++) {
        const i = this.fieldAt[col] as number
        if (i < 0) continue
        if (i < prev) {
          const where = ctx.locateHeader(col)
          one(
            'schema/header-order',
            where,
            safe`${formatPlace(where)} is out of the schema's order: the schema has it as field ${i + 1}, and this is data column ${col + 1} (fieldsMatch: exact)`
          )
          break
        }
        prev = i
      }
    }
    return out
  }
}

/** Every schema of the table's dataset (foreign keys from other sheets). */
function allSchemas(ctx: TableContext, schemas: PreparedSchemas | undefined): Schema[] {
  const s = schemasOf(schemas, ctx.dataset)
  if (!s) return []
  const out: Schema[] = []
  for (const src of [s.default, ...s.sheets.values()]) if (src?.kind === 'schema') out.push(src.schema)
  return out
}

function names(list: string[]): SafeText {
  return list.map((n) => `"${policyText(n)}"`).join(' + ') as SafeText
}
