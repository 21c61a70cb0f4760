import { readFile } from 'node:fs/promises'
import type { ValidateFunction } from 'ajv'
import { ConfigError } from '../errors.js'
import { checkConfigSize, describe, errorOffset, notNoise, parseWithPositions } from './config-file.js'
import { allDetectors, DEFAULT_FILES, DEFAULT_SUPPRESSION_MARKERS } from './defaults.js'
import { policySchema } from './schema.js'
import { readAllow, type RawAllowEntry } from './allow.js'
import type { Dataset, DetectorLevels, Level, Policy } from './types.js'
import { policy as policyValidator } from './validators.generated.js'

// Compiled from policySchema by the build (ajv standalone), not at start-up.
const validate = policyValidator as ValidateFunction

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

export function parsePolicy(text: string, path: string): Policy {
  const { doc, lineCounter, at, toJS } = parseWithPositions(text, path, 'YAML')
  const raw: unknown = toJS()
  if (raw === null || raw === undefined) throw new ConfigError('policy file is empty; expected at least `version: 1`', path)
  if (!validate(raw)) {
    const errors = (validate.errors ?? []).filter(notNoise)
    const lines = errors.map((e) => `${at(errorOffset(doc, e))}: ${describe(e, policySchema)}`)
    throw new ConfigError(`policy does not match the expected form:\n  ${lines.join('\n  ')}`)
  }
  const policy = normalise(raw as RawPolicy, path)
  policy.allow = readAllow((raw as RawPolicy).allow, doc, lineCounter, at)
  return policy
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
