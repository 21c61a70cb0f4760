import { readFile, stat } from 'node:fs/promises'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { isMap, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml'
import { ConfigError } from '../errors.js'
import { allDetectors, DEFAULT_FILES, DEFAULT_SUPPRESSION_MARKERS } from './defaults.js'
import { policySchema } from './schema.js'
import { readAllow, type RawAllowEntry } from './allow.js'
import type { Dataset, DetectorLevels, Level, Policy } from './types.js'
import { policy as policyValidator } from './validators.generated.js'

// Compiled from policySchema by the build (ajv standalone), not at start-up.
const validate = policyValidator as ValidateFunction

/**
 * A policy or schema file larger than this is refused before it is parsed
 * (a policy is a page of settings; parsing megabytes of YAML costs gigabytes).
 */
const MAX_CONFIG_BYTES = 1 << 20
/** YAML aliases a policy or schema file may hold (each alias can expand a whole subtree: an alias bomb). */
const MAX_YAML_ALIASES = 100

const tooLarge = (path: string): ConfigError =>
  new ConfigError(`file is larger than ${MAX_CONFIG_BYTES} bytes (1 MiB): too large for a policy or schema file`, path)

/** Refuses a file over MAX_CONFIG_BYTES before reading it (read errors are left to the reader). */
export async function checkConfigSize(path: string, shownAs: string): Promise<void> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0
  )
  if (size > MAX_CONFIG_BYTES) throw tooLarge(shownAs)
}

/** Read and validate a policy file; every problem is a ConfigError naming file:line:column. */
export async function loadPolicyFile(path: string): Promise<Policy> {
  let text: string
  try {
    await checkConfigSize(path, path)
    text = await readFile(path, 'utf8')
  } catch (e) {
    if (e instanceof ConfigError) throw e
    const code = (e as NodeJS.ErrnoException).code
    throw new ConfigError(code === 'ENOENT' ? 'policy file not found' : `policy file cannot be read (${code ?? 'error'})`, path)
  }
  return parsePolicy(text, path)
}

/** Parse YAML (or JSON) keeping positions; a syntax error is a ConfigError at file:line:col. */
export function parseWithPositions(
  text: string,
  path: string,
  what: string
): { doc: Document; lineCounter: LineCounter; at(offset: number | undefined): string; toJS(): unknown } {
  if (text.length > MAX_CONFIG_BYTES || Buffer.byteLength(text) > MAX_CONFIG_BYTES) throw tooLarge(path)
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return path
    const { line, col } = lineCounter.linePos(offset)
    return `${path}:${line}:${col}`
  }
  const firstError = doc.errors[0]
  if (firstError) {
    throw new ConfigError(`not valid ${what}: ${firstError.message.split('\n')[0]}`, at(firstError.pos[0]))
  }
  let aliases = 0
  let firstAlias: number | undefined
  visit(doc, {
    Alias(_, node) {
      firstAlias ??= node.range?.[0]
      return ++aliases > MAX_YAML_ALIASES ? visit.BREAK : undefined
    }
  })
  if (aliases > MAX_YAML_ALIASES) {
    throw new ConfigError(
      `more than ${MAX_YAML_ALIASES} YAML aliases (\`*name\`): refused, as aliases can expand without bound`,
      at(firstAlias)
    )
  }
  const toJS = (): unknown => {
    try {
      return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES })
    } catch (e) {
      // yaml's own guard: aliases of aliases that would expand past the limit.
      if (e instanceof ReferenceError) throw new ConfigError(`YAML aliases expand too far (${e.message})`, path)
      throw e
    }
  }
  return { doc, lineCounter, at, toJS }
}

export function parsePolicy(text: string, path: string): Policy {
  const { doc, lineCounter, at, toJS } = parseWithPositions(text, path, 'YAML')
  const raw: unknown = toJS()
  if (raw === null || raw === undefined) throw new ConfigError('policy file is empty; expected at least `version: 1`', path)
  if (!validate(raw)) {
    const errors = (validate.errors ?? []).filter(notNoise)
    const lines = errors.map((e) => `${at(errorOffset(doc, e))}: ${describe(e)}`)
    throw new ConfigError(`policy does not match the expected form:\n  ${lines.join('\n  ')}`)
  }
  const policy = normalise(raw as RawPolicy, path)
  policy.allow = readAllow((raw as RawPolicy).allow, doc, lineCounter, at)
  return policy
}

// ajv reports the failing branch of every `if`/`oneOf`; keep what a user can act on.
export function notNoise(e: ErrorObject): boolean {
  return e.keyword !== 'if'
}

export function errorOffset(doc: Document, e: ErrorObject): number | undefined {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
  const node = (path.length ? doc.getIn(path, true) : doc.contents) as YamlNode | undefined
  if (e.keyword === 'additionalProperties' && node && isMap(node)) {
    const key = (e.params as { additionalProperty: string }).additionalProperty
    const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
    const keyNode = pair?.key as YamlNode | undefined
    if (keyNode?.range) return keyNode.range[0]
  }
  return node?.range?.[0]
}

export function describe(e: ErrorObject, root: object = policySchema): string {
  const where = e.instancePath ? `\`${e.instancePath.slice(1).replace(/\//g, '.')}\`` : 'the policy'
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty
      const allowed = allowedKeys(e.schemaPath, root)
      return `unknown key \`${key}\` in ${where}${allowed ? `; expected one of: ${allowed}` : ''}`
    }
    case 'enum':
      return `${where} must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
    case 'const':
      return `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`
    case 'required':
      return `${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\``
    case 'type':
      return `${where} must be ${(e.params as { type: string }).type === 'array' ? 'a list' : `of type ${(e.params as { type: string }).type}`}`
    default:
      return `${where} ${e.message ?? 'is not valid'}`
  }
}

function allowedKeys(schemaPath: string, root: object): string | undefined {
  // schemaPath like #/properties/datasets/items/additionalProperties
  let node: unknown = root
  for (const seg of schemaPath.split('/').slice(1, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[seg]
  }
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties
  return props ? Object.keys(props).join(', ') : undefined
}

interface RawDataset {
  name: string
  files: string[]
  columns?: { allow?: string[]; deny?: string[] }
  fields?: Dataset['fields']
  schema?: Dataset['schema']
  sheets?: Dataset['sheets']
  'schema-checks'?: { 'extra-column'?: 'error' | 'warning'; sheets?: 'default' | 'strict'; order?: boolean }
  detectors?: Partial<DetectorLevels>
  disclosure?: {
    'min-count'?: number
    'count-columns'?: string[]
    'allow-zero'?: boolean
    'suppression-markers'?: string[]
    'quasi-identifiers'?: string[]
    k?: number
    'margin-labels'?: string[]
    'detect-count-columns'?: boolean
  }
  aggregate?: boolean
}
interface RawPolicy {
  version: 1
  files?: string[]
  ignore?: string[]
  detectors?: Partial<DetectorLevels>
  'hidden-content'?: Level
  'hidden-sheets'?: Level
  limits?: {
    'max-uncompressed-mib'?: number
    'max-ratio'?: number
    'max-entries'?: number
    'max-embedding-depth'?: number
    'max-cells-per-sheet'?: number
    'max-keys-per-table'?: number
  }
  salt?: string
  datasets?: RawDataset[]
  allow?: RawAllowEntry[]
  'fail-on-existing'?: boolean
}

function normalise(raw: RawPolicy, source: string): Policy {
  const detectors: DetectorLevels = { ...allDetectors(), ...raw.detectors }
  return {
    source,
    files: raw.files ?? DEFAULT_FILES,
    ignore: raw.ignore ?? [],
    detectors,
    hiddenContent: raw['hidden-content'] ?? 'warning',
    hiddenSheets: raw['hidden-sheets'] ?? 'error',
    ...(raw.limits && {
      limits: {
        maxTotalUncompressed: raw.limits['max-uncompressed-mib'] && raw.limits['max-uncompressed-mib'] * 1024 * 1024,
        maxRatio: raw.limits['max-ratio'],
        maxEntries: raw.limits['max-entries'],
        maxEmbeddingDepth: raw.limits['max-embedding-depth'],
        maxCellsPerSheet: raw.limits['max-cells-per-sheet'],
        maxKeysPerTable: raw.limits['max-keys-per-table']
      }
    }),
    salt: raw.salt,
    failOnExisting: raw['fail-on-existing'] ?? true,
    datasets: (raw.datasets ?? []).map(
      (d): Dataset => ({
        name: d.name,
        files: d.files,
        columns: d.columns,
        fields: d.fields,
        schema: d.schema,
        sheets: d.sheets,
        schemaChecks: d['schema-checks'] && {
          extraColumn: d['schema-checks']['extra-column'],
          sheets: d['schema-checks'].sheets,
          order: d['schema-checks'].order
        },
        detectors: { ...detectors, ...d.detectors },
        aggregate: d.aggregate ?? false,
        disclosure: d.disclosure && {
          minCount: d.disclosure['min-count'],
          countColumns: d.disclosure['count-columns'],
          allowZero: d.disclosure['allow-zero'] ?? true,
          suppressionMarkers: d.disclosure['suppression-markers'] ?? DEFAULT_SUPPRESSION_MARKERS,
          quasiIdentifiers: d.disclosure['quasi-identifiers'],
          k: d.disclosure.k,
          marginLabels: d.disclosure['margin-labels'],
          detectCountColumns: d.disclosure['detect-count-columns'] ?? true
        }
      })
    )
  }
}
