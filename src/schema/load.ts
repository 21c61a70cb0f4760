// Where a dataset's Table Schema comes from: inline in the policy (`schema:` or
// the `fields:` shorthand), a tableschema.json / .yaml file, or a resource of a
// datapackage.json / .yaml. Every schema is validated and compiled once, before
// the scan: a problem is a ConfigError naming the file and the place in it.

import { readFile } from 'node:fs/promises'
import { posix, resolve } from 'node:path'
import type { ValidateFunction } from 'ajv'
import type { Document } from 'yaml'
import { ConfigError } from '../errors.js'
import { checkConfigSize, describe, errorOffset, notNoise, parseWithPositions, peekYaml } from '../policy/config-file.js'
import { dataPackage as packageValidator, table as tableValidator } from '../policy/validators.generated.js'
import type { Dataset, Policy, SchemaRef } from '../policy/types.js'
import { compileField, type CompiledField } from './constraints.js'
import { dataPackageProfile, tableSchemaProfile } from '../policy/table-schema-profile.js'
import { compileType, SchemaProblem } from './types.js'

export interface FieldDescriptor {
  name: string
  type?: string
  format?: string
  constraints?: {
    required?: boolean
    unique?: boolean
    enum?: Array<string | number | boolean>
    pattern?: string
    minimum?: string | number
    maximum?: string | number
    exclusiveMinimum?: string | number
    exclusiveMaximum?: string | number
    minLength?: number
    maxLength?: number
  }
  missingValues?: string[]
  trueValues?: string[]
  falseValues?: string[]
  decimalChar?: string
  groupChar?: string
  bareNumber?: boolean
}

type Names = string | string[]

interface TableSchemaDescriptor {
  fields: FieldDescriptor[]
  missingValues?: string[]
  primaryKey?: Names
  foreignKeys?: Array<{ fields: Names; reference: { resource?: string; fields: Names } }>
  fieldsMatch?: FieldsMatch
}

export type FieldsMatch = 'exact' | 'equal' | 'subset' | 'superset' | 'partial'

export interface ForeignKey {
  fields: string[]
  /** '' (or absent): this same table; otherwise a sheet of the same workbook. */
  resource: string
  refFields: string[]
}

/** A validated, compiled Table Schema. */
export interface Schema {
  /** Where it was written (`schemas/stats.json`, `policy dataset "stats"`), for messages. */
  source: string
  fields: FieldDescriptor[]
  compiled: CompiledField[]
  /** Per field: the texts that mean "no value". */
  missing: Array<ReadonlySet<string>>
  primaryKey: string[]
  foreignKeys: ForeignKey[]
  fieldsMatch?: FieldsMatch
}

/** A data package: each scanned file gets the resource whose path it is. */
export interface PackageSchemas {
  source: string
  /** Repository-relative POSIX path of each resource's data file -> its schema. */
  byPath: Map<string, Schema>
}

type SchemaSource = { kind: 'schema'; schema: Schema } | { kind: 'package'; pkg: PackageSchemas }

export interface DatasetSchemas {
  default?: SchemaSource
  sheets: Map<string, SchemaSource>
}

// Compiled from profile.ts by the build (ajv standalone), not at start-up.
const validateTable = tableValidator as ValidateFunction
const validatePackage = packageValidator as ValidateFunction

/** Every dataset's schemas, loaded and compiled once per scan (and once per worker thread). */
export type PreparedSchemas = ReadonlyMap<Dataset, DatasetSchemas>

/** Load every schema the policy names (files from `policy.schemaFiles`, or relative to `root`). */
export async function prepareSchemas(policy: Policy, root: string): Promise<PreparedSchemas> {
  const prepared = new Map<Dataset, DatasetSchemas>()
  const files = policy.schemaFiles
  const where = policy.source ?? 'built-in policy'
  for (const d of policy.datasets) {
    if (!d.schema && !d.fields && !d.sheets) continue
    const ctx = `${where}: dataset "${d.name}"`
    if (d.schema && d.fields) throw new ConfigError('give either `schema` or `fields` (its shorthand), not both', ctx)
    const ref: SchemaRef | undefined = d.schema ?? (d.fields ? { fields: d.fields } : undefined)
    const out: DatasetSchemas = { sheets: new Map() }
    if (ref) out.default = await loadRef(ref, root, `${ctx} ${d.schema ? 'schema' : 'fields'}`, files)
    for (const [sheet, r] of Object.entries(d.sheets ?? {}))
      out.sheets.set(sheet, await loadRef(r, root, `${ctx} sheets."${sheet}"`, files))
    prepared.set(d, out)
  }
  return prepared
}

/** The dataset's schemas, as prepared for the scan; inline ones compile here when the caller prepared none. */
export function schemasOf(prepared: PreparedSchemas | undefined, d: Dataset | null): DatasetSchemas | null {
  if (!d || (!d.schema && !d.fields && !d.sheets)) return null
  const got = prepared?.get(d)
  if (got) return got
  const inline = (r: SchemaRef | undefined, what: string): SchemaSource | undefined => {
    if (r === undefined) return undefined
    if (typeof r === 'string' || 'package' in r)
      throw new Error(`schema files of dataset "${d.name}" were not loaded (call prepareSchemas)`)
    return {
      kind: 'schema',
      schema: compileDescriptor(r as TableSchemaDescriptor, `policy dataset "${d.name}" ${what}`, (p) =>
        [`policy dataset "${d.name}" ${what}`, ...p].join('.')
      )
    }
  }
  const out: DatasetSchemas = { default: inline(d.schema ?? (d.fields && { fields: d.fields }), 'schema'), sheets: new Map() }
  for (const [sheet, r] of Object.entries(d.sheets ?? {})) out.sheets.set(sheet, inline(r, `sheets."${sheet}"`) as SchemaSource)
  return out
}

async function loadRef(ref: SchemaRef, root: string, ctx: string, files: Policy['schemaFiles']): Promise<SchemaSource> {
  if (typeof ref === 'object' && !('package' in ref)) {
    // Inline: the policy's JSON Schema has validated its form already.
    return { kind: 'schema', schema: compileDescriptor(ref as TableSchemaDescriptor, ctx, (p) => [ctx, ...p].join('.')) }
  }
  const pkgRef = ref as string | { package: string; resource?: string }
  const path = typeof pkgRef === 'string' ? pkgRef : pkgRef.package
  const resource = typeof pkgRef === 'string' ? undefined : pkgRef.resource
  const file = await readStructured(root, path, ctx, files)
  const raw = file.value as Record<string, unknown> | null
  const isPackage = typeof ref === 'object' || (raw !== null && typeof raw === 'object' && 'resources' in raw && !('fields' in raw))
  if (!isPackage) return { kind: 'schema', schema: fromFile(file, validateTable, [], path) }
  check(file, validatePackage, [])
  const resources = (raw as { resources: Array<{ name?: string; path?: string | string[]; schema?: unknown }> }).resources
  const pkgDir = posix.dirname(path)
  if (resource !== undefined) {
    const i = resources.findIndex((r) => r.name === resource)
    if (i < 0) throw new ConfigError(`data package has no resource named "${resource}"`, `${path} (${ctx})`)
    return { kind: 'schema', schema: await resourceSchema(file, i, root, pkgDir, files) }
  }
  const byPath = new Map<string, Schema>()
  for (const [i, r] of resources.entries()) {
    if (r.schema === undefined) continue
    const schema = await resourceSchema(file, i, root, pkgDir, files)
    for (const p of typeof r.path === 'string' ? [r.path] : (r.path ?? [])) byPath.set(posix.normalize(posix.join(pkgDir, p)), schema)
  }
  return { kind: 'package', pkg: { source: path, byPath } }
}

async function resourceSchema(pkg: StructuredFile, i: number, root: string, pkgDir: string, files: Policy['schemaFiles']): Promise<Schema> {
  const r = (pkg.value as { resources: Array<{ schema?: unknown; name?: string }> }).resources[i]
  const at = ['resources', i, 'schema']
  if (r?.schema === undefined) throw new ConfigError('this resource has no `schema`', pkg.at(at))
  if (typeof r.schema === 'string') {
    const schemaPath = posix.join(pkgDir, r.schema)
    return fromFile(await readStructured(root, schemaPath, pkg.at(at), files), validateTable, [], schemaPath)
  }
  return fromFile(pkg, validateTable, at, pkg.path)
}

interface StructuredFile {
  path: string
  value: unknown
  doc: Document
  /** `file:line:col` of a place in it. */
  at(path: Array<string | number>): string
  pos(offset: number | undefined): string
}

async function readStructured(root: string, path: string, ctx: string, files: Policy['schemaFiles']): Promise<StructuredFile> {
  let text: string
  const known = files?.[posix.normalize(path)]
  if (files && known === undefined) throw new ConfigError(`schema file not found: ${path} (paths are relative to the repository root)`, ctx)
  if (known !== undefined) text = known
  else {
    try {
      await checkConfigSize(resolve(root, path), path)
      text = await readFile(resolve(root, path), 'utf8')
    } catch (e) {
      if (e instanceof ConfigError) throw e
      const code = (e as NodeJS.ErrnoException).code
      throw new ConfigError(
        code === 'ENOENT'
          ? `schema file not found: ${path} (paths are relative to the repository root)`
          : `schema file ${path} cannot be read (${code ?? 'error'})`,
        ctx
      )
    }
  }
  // YAML is a superset of JSON: one parser, with line and column for both.
  const { doc, at: pos, toJS } = parseWithPositions(text, path, 'JSON or YAML')
  const at = (p: Array<string | number>): string => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined
      if (node?.range) return pos(node.range[0])
    }
    return path
  }
  return { path, value: toJS(), doc, at, pos }
}

function check(file: StructuredFile, validate: ValidateFunction, at: Array<string | number>): unknown {
  // From the value converted once under the alias limit (not the document's nodes again).
  let plain = file.value
  for (const k of at) plain = plain !== null && typeof plain === 'object' ? (plain as Record<string | number, unknown>)[k] : undefined
  if (!validate(plain)) {
    const prefix = at.length ? '/' + at.join('/') : ''
    const errors = (validate.errors ?? []).filter(notNoise)
    const lines = errors.map((e) => {
      const shifted = { ...e, instancePath: prefix + e.instancePath }
      return `${file.pos(errorOffset(file.doc, shifted))}: ${describe(e, validate === validatePackage ? dataPackageProfile : tableSchemaProfile)}`
    })
    throw new ConfigError(
      `not a valid ${at.length ? 'Table Schema' : validate === validatePackage ? 'data package' : 'Table Schema'}:\n  ${lines.join('\n  ')}`
    )
  }
  return plain
}

function fromFile(file: StructuredFile, validate: ValidateFunction, at: Array<string | number>, source: string): Schema {
  const descriptor = check(file, validate, at) as TableSchemaDescriptor
  return compileDescriptor(descriptor, source, (p) => file.at([...at, ...p]))
}

/** Semantic checks and compilation; `place` turns a path inside the schema into `file:line:col`. */
function compileDescriptor(d: TableSchemaDescriptor, source: string, place: (p: Array<string | number>) => string): Schema {
  const names = d.fields.map((f) => f.name)
  const problem = (msg: string, p: Array<string | number>): ConfigError => new ConfigError(msg, place(p) || source)
  const seen = new Set<string>()
  names.forEach((n, i) => {
    if (seen.has(n)) throw problem(`field name "${n}" is declared twice`, ['fields', i, 'name'])
    seen.add(n)
  })
  const list = (x: Names | undefined): string[] => (x === undefined ? [] : typeof x === 'string' ? [x] : x)
  const primaryKey = list(d.primaryKey)
  for (const k of primaryKey) if (!seen.has(k)) throw problem(`primaryKey names "${k}", which is not a field`, ['primaryKey'])
  const foreignKeys = (d.foreignKeys ?? []).map((fk, i): ForeignKey => {
    const fields = list(fk.fields)
    const refFields = list(fk.reference.fields)
    for (const k of fields) if (!seen.has(k)) throw problem(`foreignKeys names "${k}", which is not a field`, ['foreignKeys', i, 'fields'])
    if (fields.length !== refFields.length)
      throw problem('foreignKeys: `fields` and `reference.fields` must have the same length', ['foreignKeys', i])
    return { fields, resource: fk.reference.resource ?? '', refFields }
  })
  const pk = new Set(primaryKey)
  const compiled = d.fields.map((f, i) => {
    try {
      return compileField(f, compileType(f), pk.has(f.name))
    } catch (e) {
      if (e instanceof SchemaProblem) throw problem(e.message, ['fields', i, ...e.at])
      throw e
    }
  })
  const missing = d.fields.map((f) => new Set(f.missingValues ?? d.missingValues ?? ['']))
  return { source, fields: d.fields, compiled, missing, primaryKey, foreignKeys, fieldsMatch: d.fieldsMatch }
}

/** The schema for one table: by sheet name, then the dataset's default (a package picks the file's resource). */
export function pickSchema(
  s: DatasetSchemas,
  file: string,
  sheet: string | undefined
): { schema: Schema } | { noResource: PackageSchemas } | null {
  const src = (sheet !== undefined ? s.sheets.get(sheet) : undefined) ?? s.default
  if (!src) return null
  if (src.kind === 'schema') return { schema: src.schema }
  const schema = src.pkg.byPath.get(posix.normalize(file))
  return schema ? { schema } : { noResource: src.pkg }
}

/** Schema and data package files read whole when their names are looked for in them (a package's resource schemas). */
const MAX_SCANNED_FILE_BYTES = 1 << 20

/** Repository paths of the schema and data package files a policy names (and the schemas its packages name). */
export async function schemaFilePaths(policy: Policy, read: (path: string) => Promise<string | null>): Promise<string[]> {
  const out = new Set<string>()
  const refs: SchemaRef[] = policy.datasets.flatMap((d) => [
    ...(d.schema === undefined ? [] : [d.schema]),
    ...Object.values(d.sheets ?? {})
  ])
  for (const r of refs) {
    const path = typeof r === 'string' ? r : 'package' in r && typeof r.package === 'string' ? r.package : null
    if (path === null) continue
    const file = posix.normalize(path)
    out.add(file)
    const text = await read(file)
    if (text === null || text.length > MAX_SCANNED_FILE_BYTES) continue
    let value: unknown
    try {
      value = peekYaml(text)
    } catch {
      continue
    }
    const resources = (value as { resources?: unknown } | null)?.resources
    if (!Array.isArray(resources)) continue
    for (const res of resources as Array<{ schema?: unknown }>)
      if (typeof res?.schema === 'string') out.add(posix.normalize(posix.join(posix.dirname(file), res.schema)))
  }
  return [...out]
}

/**
 * The text of every schema file the policy names, read once, so that every
 * later load, in this thread or a worker, reads the same text.
 */
export async function readSchemaFiles(policy: Policy, root: string): Promise<Record<string, string>> {
  // A file over the size limit is refused here, before it is read whole.
  const read = async (p: string): Promise<string | null> => {
    await checkConfigSize(resolve(root, p), p)
    return readFile(resolve(root, p), 'utf8').catch(() => null)
  }
  const files: Record<string, string> = {}
  for (const p of await schemaFilePaths(policy, read)) {
    const text = await read(p)
    if (text !== null) files[p] = text
  }
  return files
}
