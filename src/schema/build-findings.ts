// The schema check's findings, built from what the parts found: plain
// functions, messages from the schema and places only (never a cell's value).

import type { Kind } from '../catalog.js'
import { formatPlace, lit, policyText, safe, type Finding, type Location, type SafeText } from '../findings.js'
import type { TableContext } from '../check.js'
import type { CompiledField } from './constraints.js'
import type { ForeignKey } from './load.js'

/** The kinds a schema check emits (src/catalog.ts). */
export type SchemaKind = Extract<Kind, `schema/${string}`>

/** The findings of one kind in one column: how many, and the first places. */
export interface Group {
  kind: SchemaKind
  col: number
  /** The row of its first place: groups are reported in this order. */
  first: number
  count: number
  samples: Location[]
}

type Severity = Finding['severity']
type TableMeta = TableContext['meta']

/** A finding at one place. */
export function oneFinding(kind: SchemaKind, severity: Severity, rule: SafeText, where: Location, message: SafeText): Finding {
  return { kind, severity, rule, location: where, message, count: 1, samples: [where] }
}

/** A finding about the whole table (no place inside it). */
export function tableFinding(kind: SchemaKind, severity: Severity, rule: SafeText, meta: TableMeta, message: SafeText): Finding {
  return { kind, severity, message, rule, location: { file: meta.file, sheet: meta.sheet, part: meta.part }, count: 1, samples: [] }
}

/** Keys were checked only up to row `limitAt` (the key budget of `limit` keys ran out). */
export function keyLimitFinding(rule: SafeText, meta: TableMeta, limitAt: number, lastPos: number, limit: number): Finding {
  return {
    kind: 'schema/key-limit',
    severity: 'error',
    rule,
    location: { file: meta.file, sheet: meta.sheet, part: meta.part },
    message: safe`unique, primary and foreign keys were checked only up to row ${limitAt} of ${lastPos}: publish-guard keeps at most ${limit} keys per table (bounded memory). Split the table into smaller files, or drop the key constraints`,
    count: 1,
    samples: []
  }
}

/** A foreign key whose referenced table is another file (not checked) or a sheet the workbook lacks. */
export function unresolvedFinding(fk: ForeignKey, at: Location, rule: SafeText, meta: TableMeta): Finding {
  const cross = meta.sheet === undefined
  return {
    kind: cross ? 'schema/foreign-key-not-checked' : 'schema/foreign-key',
    severity: cross ? 'warning' : 'error',
    rule,
    location: at,
    message: cross
      ? safe`foreign key to resource ${policyText(fk.resource)} was not checked: publish-guard checks references within one file or workbook only`
      : safe`foreign key refers to sheet ${policyText(fk.resource)}, which is not in this workbook`,
    count: 1,
    samples: [at]
  }
}

/** Rows whose reference is not among the referenced keys. */
export function foreignKeyFinding(fk: ForeignKey, at: Location, count: number, samples: Location[], rule: SafeText): Finding {
  const to = fk.resource === '' ? lit('this table') : safe`sheet ${policyText(fk.resource)}`
  return {
    kind: 'schema/foreign-key',
    severity: 'error',
    rule,
    location: samples[0] ?? at,
    message: safe`${count} ${count === 1 ? lit('row has') : lit('rows have')} a ${names(fk.fields)} not found in ${names(fk.refFields)} of ${to} (foreign key)`,
    count,
    samples
  }
}

/**
 * A group's finding. `field`: the column's field; `primaryKey`: the schema's
 * primary key fields; `fk`: the foreign key whose first column is the group's.
 */
export function groupFinding(
  g: Group,
  where: Location,
  field: CompiledField,
  primaryKey: string[],
  fk: ForeignKey | undefined,
  rule: SafeText
): Finding {
  if (g.kind === 'schema/foreign-key') {
    // A key not known here has no field names to show.
    return foreignKeyFinding(fk ?? { fields: [], refFields: [], resource: '' }, where, g.count, g.samples, rule)
  }
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
    message = safe`${g.count} ${n ? lit('row repeats') : lit('rows repeat')} the primary key ${names(primaryKey)} of an earlier row`
  else {
    const name = policyText(g.kind.slice('schema/constraint/'.length))
    message = safe`${g.count} ${cells} in ${place} ${n ? lit('breaks') : lit('break')} the \`${name}\` constraint: expected ${field.expected}`
  }
  return { kind: g.kind, severity: 'error', rule, location: g.samples[0] ?? where, message, count: g.count, samples: g.samples }
}

function names(list: string[]): SafeText {
  return list.map((n) => `"${policyText(n)}"`).join(' + ') as SafeText
}
