// Which column is which field: the header matched to the schema's fields
// (by exact name, else trimmed and case-folded), and the header findings
// (blank, duplicated, extra and missing columns, column order).

import { formatPlace, lit, policyText, safe, type Finding, type Location, type SafeText } from '../findings.js'
import type { TableContext } from '../check.js'
import type { CompiledField, FieldTest } from './constraints.js'
import type { FieldType } from './types.js'
import type { FieldsMatch, Schema } from './load.js'
import { oneFinding, type SchemaKind } from './build-findings.js'

/** A column matched to a field of the schema. */
export interface Column {
  col: number
  field: CompiledField
  /** The texts that mean "no value"; null in the usual case, where only the empty cell does. */
  missing: ReadonlySet<string> | null
  /** The field's cast, or null when the value is the text itself (string without format, any). */
  cast: FieldType['cast'] | null
  /** The field's constraints in one call (CompiledField.test), here to save a look-up per cell. */
  test: FieldTest | null
  required: boolean
  /** Its place among a row's keyed values (set by KeyCheck); -1: no key reads this column. */
  keySlot: number
}

/** No field: an extra, blank or duplicated column (ColumnMap.fieldAt). */
const NO_FIELD = -1

/** Header texts compare trimmed and case-folded when no header matches exactly. */
const normName = (s: string): string => s.trim().toLowerCase()

/** The header matched to the schema: which column is which field. */
export class ColumnMap {
  /** The columns that are fields, in column order. */
  readonly columns: Column[] = []
  /** Per column: its field's index in the schema, or NO_FIELD. */
  readonly fieldAt: number[]
  /** The columns whose header is empty. */
  readonly blankCols: number[] = []

  constructor(
    header: readonly string[],
    private readonly schema: Schema
  ) {
    const exact = new Map(schema.fields.map((f, i) => [f.name, i]))
    const loose = new Map<string, number>()
    schema.fields.forEach((f, i) => loose.has(normName(f.name)) || loose.set(normName(f.name), i))
    const taken = new Set<number>()
    this.fieldAt = header.map((h, col) => {
      if (h === '') {
        this.blankCols.push(col)
        return NO_FIELD
      }
      const i = exact.get(h) ?? loose.get(normName(h))
      if (i === undefined || taken.has(i)) return NO_FIELD
      taken.add(i)
      this.columns.push(column(col, schema.compiled[i] as CompiledField, schema.missing[i] as ReadonlySet<string>))
      return i
    })
  }

  /** The column of the field named `name` (exactly), if the table has it. */
  byName(name: string): Column | undefined {
    const i = this.schema.fields.findIndex((f) => f.name === name)
    return this.columns.find((m) => this.fieldAt[m.col] === i)
  }

  /** The compiled field of a column that is one. */
  fieldOf(col: number): CompiledField {
    return this.schema.compiled[this.fieldAt[col] as number] as CompiledField
  }
}

function column(col: number, field: CompiledField, missing: ReadonlySet<string>): Column {
  const onlyEmpty = missing.size === 1 && missing.has('')
  return {
    col,
    field,
    missing: onlyEmpty ? null : missing,
    cast: field.type.identity ? null : field.type.cast,
    test: field.test,
    required: field.required,
    keySlot: -1
  }
}

/** The header's findings; sees each row only to tell which blank-headed columns hold data. */
export class HeaderCheck {
  private readonly blankWithData = new Set<number>()

  constructor(
    private readonly ctx: TableContext,
    private readonly schema: Schema,
    private readonly map: ColumnMap,
    private readonly match: FieldsMatch,
    private readonly extraSeverity: 'error' | 'warning',
    private readonly rule: SafeText
  ) {}

  row(values: readonly string[]): void {
    const blank = this.map.blankCols
    for (let i = 0; i < blank.length; i++) if ((values[blank[i] as number] ?? '') !== '') this.blankWithData.add(blank[i] as number)
  }

  findings(): Finding[] {
    const { ctx, map, match, rule } = this
    const header = ctx.header ?? []
    const out: Finding[] = []
    const one = (kind: SchemaKind, where: Location, message: SafeText, severity: 'error' | 'warning' = 'error'): void => {
      out.push(oneFinding(kind, severity, rule, where, message))
    }
    const source = policyText(this.schema.source)
    const extraAllowed = match === 'subset' || match === 'partial'
    const missingAllowed = match === 'superset' || match === 'partial'
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
      const k = normName(h)
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
      const judgedByColumns = columns?.allow !== undefined || columns?.deny?.some((d) => normName(d) === k) === true
      if (map.fieldAt[col] === NO_FIELD && !extraAllowed && !judgedByColumns) {
        const where = ctx.locateHeader(col)
        one(
          'schema/extra-column',
          where,
          safe`${formatPlace(where)} is not in the schema (${source}): remove the column before publishing, or declare it in the schema if it is meant to be published`,
          this.extraSeverity
        )
      }
    })
    const present = new Set(map.fieldAt.filter((i) => i !== NO_FIELD))
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
    } else if (match === 'partial' && present.size === 0) {
      one('schema/missing-column', headerAt, safe`no column of this table is a field of the schema (${source})`)
    }
    if (match === 'exact') {
      // Columns must be the schema's fields in the schema's order.
      let prev = -1
      for (let col = 0; col < map.fieldAt.length; col++) {
        const i = map.fieldAt[col] as number
        if (i === NO_FIELD) continue
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
