// The schema rule: a dataset's Table Schema checked on every row of every
// table, at the exact cell. Header checks (extra, missing, duplicated, blank
// headers, order), cell checks (type, constraints), keys (unique, primaryKey,
// foreignKeys within the file or workbook). One finding per column and kind:
// count + first MAX_SAMPLES places. No finding carries a cell's value: the
// message says what the schema expected.
//
// The parts: header.ts (which column is which field; header findings),
// cells.ts (cells cast and tested in batches), key-check.ts (unique, primary
// and foreign keys, across the sheets of a workbook), hits.ts (the groups of
// a kind in a column), build-findings.ts (the findings). SchemaCheck only
// feeds them rows and gathers their findings, in a fixed order.

import { lit, policyText, safe, type Finding, type SafeText } from '../findings.js'
import type { Rule, TableCheck, TableContext } from '../check.js'
import { pickSchema, schemasOf, type PreparedSchemas, type Schema } from './load.js'
import { groupFinding, type SchemaKind, tableFinding } from './build-findings.js'
import { ColumnMap, HeaderCheck } from './header.js'
import { CellBatch } from './cells.js'
import { endFileKeys, KeyCheck, SCHEMA_RULE_ID } from './key-check.js'
import { Hits } from './hits.js'
import { MAX_KEYS_PER_TABLE } from './keys.js'

/** The schema rule of a scan, with the schemas prepared for it (src/schema/load.ts). */
/** The schema rule of a scan: its prepared schemas, and the key values a table may keep (the policy's limit). */
export function schemaRuleFor(schemas: PreparedSchemas | undefined, keysPerTable = MAX_KEYS_PER_TABLE): Rule {
  return {
    id: SCHEMA_RULE_ID,
    open: (ctx) => openSchemaCheck(ctx, schemas, keysPerTable),
    endFile: endFileKeys
  }
}

/** With the schemas inline in the policy compiled on the spot (tests). */
export const schemaRule: Rule = schemaRuleFor(undefined)

function openSchemaCheck(ctx: TableContext, schemas: PreparedSchemas | undefined, keysPerTable: number): TableCheck | null {
  const { meta } = ctx
  // Caches, comments and part text are not the published table; hidden sheets are (and are checked).
  if (meta.noHeader || (meta.part !== undefined && meta.sheet === undefined)) return null
  const all = schemasOf(schemas, ctx.dataset)
  if (!all || !ctx.dataset) return null
  const checks = ctx.dataset.schemaChecks ?? {}
  const rule = safe`dataset ${policyText(ctx.dataset.name)} schema`
  const tableWide = (kind: SchemaKind, message: SafeText): TableCheck => ({
    row() {},
    finish: () => [tableFinding(kind, 'error', rule, meta, message)]
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
  return new SchemaCheck(ctx, picked.schema, rule, checks.extraColumn ?? 'error', checks.order === true, schemas, keysPerTable)
}

/** The parts of a table's schema check, each with one job; SchemaCheck runs them in order. */
class SchemaCheck implements TableCheck {
  private readonly map: ColumnMap
  private readonly header: HeaderCheck
  private readonly hits: Hits
  private readonly keys: KeyCheck
  private readonly cells: CellBatch
  private lastPos = 0

  constructor(
    private readonly ctx: TableContext,
    private readonly schema: Schema,
    private readonly rule: SafeText,
    extraSeverity: 'error' | 'warning',
    order: boolean,
    schemas: PreparedSchemas | undefined,
    keysPerTable: number
  ) {
    this.map = new ColumnMap(ctx.header ?? [], schema)
    this.header = new HeaderCheck(ctx, schema, this.map, schema.fieldsMatch ?? (order ? 'exact' : 'equal'), extraSeverity, rule)
    this.hits = new Hits(ctx)
    this.keys = new KeyCheck(ctx, schema, this.map, schemas, this.hits, rule, keysPerTable)
    this.cells = new CellBatch(this.map.columns, this.keys.keyCount, ctx.meta.freshRows === true, this.hits)
  }

  row(values: readonly string[], pos: number, info?: Parameters<TableCheck['row']>[2]): void {
    this.lastPos = pos
    this.header.row(values)
    if (this.cells.push(values, pos, info)) this.checkWaiting()
  }

  /** Check the waiting rows: cells column by column, then findings and keys row by row. */
  private checkWaiting(): void {
    const { cells, keys } = this
    const keyCount = keys.keyCount
    const rows = cells.check()
    if (keyCount > 0) keys.batch(cells.castVals)
    for (let r = 0; r < rows; r++) {
      const pos = cells.positions[r] as number
      cells.reportRow(r, pos)
      if (keyCount > 0) keys.row(r * keyCount, pos)
    }
    cells.clear()
  }

  /** Header findings, then references settled at this table's end, then one per group in order of first place, then the key limit. */
  finish(): Finding[] {
    if (this.cells.pending) this.checkWaiting()
    this.keys.logRepeats()
    const out = this.header.findings()
    out.push(...this.keys.finish())
    for (const g of this.hits.inOrder()) {
      const where = this.ctx.locateColumn(g.col)
      out.push(groupFinding(g, where, this.map.fieldOf(g.col), this.schema.primaryKey, this.keys.foreignKeyAt(g.col), this.rule))
    }
    const limit = this.keys.limitFinding(this.lastPos)
    if (limit) out.push(limit)
    return out
  }
}
