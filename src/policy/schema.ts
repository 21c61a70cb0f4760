// JSON Schema of the policy file, version 1. Published as policy.schema.json
// by the build; ajv validates every policy against it. Unknown keys are
// errors (additionalProperties: false) so a typo never silently disables a rule.

import { fieldProfile, schemaRefProfile } from './table-schema-profile.js'
import { DETECTOR_IDS } from '../catalog.js'

const level = { enum: ['off', 'warning', 'error'] } as const

const globList = { type: 'array', items: { type: 'string', minLength: 1 } } as const

const detectors = {
  type: 'object',
  description: 'Per detector: off, warning or error.',
  properties: Object.fromEntries(DETECTOR_IDS.map((id) => [id, level])),
  additionalProperties: false
} as const

const dataset = {
  type: 'object',
  required: ['name', 'files'],
  properties: {
    name: { type: 'string', minLength: 1 },
    files: { ...globList, minItems: 1 },
    columns: {
      type: 'object',
      properties: { allow: { type: 'array', items: { type: 'string' } }, deny: { type: 'array', items: { type: 'string' } } },
      additionalProperties: false
    },
    fields: { type: 'array', items: fieldProfile, description: 'Shorthand for `schema: {fields: ...}`.' },
    schema: schemaRefProfile,
    sheets: {
      type: 'object',
      description: 'Workbooks: a Table Schema per sheet name (same forms as `schema`).',
      additionalProperties: schemaRefProfile
    },
    'schema-checks': {
      type: 'object',
      properties: {
        'extra-column': { enum: ['warning', 'error'], description: 'A column the schema does not declare (default error).' },
        sheets: {
          enum: ['default', 'strict'],
          description: 'strict: a sheet not named in `sheets` is reported (default: checked by `schema`).'
        },
        order: { type: 'boolean', description: 'Columns must be in schema order (Table Schema v2 fieldsMatch: exact).' }
      },
      additionalProperties: false
    },
    detectors,
    disclosure: {
      type: 'object',
      properties: {
        'min-count': { type: 'integer', minimum: 1 },
        'count-columns': { type: 'array', items: { type: 'string' } },
        'allow-zero': { type: 'boolean' },
        'suppression-markers': { type: 'array', items: { type: 'string' } },
        'quasi-identifiers': { type: 'array', items: { type: 'string' } },
        k: { type: 'integer', minimum: 2 },
        'margin-labels': { type: 'array', items: { type: 'string', minLength: 1 } },
        'detect-count-columns': { type: 'boolean' }
      },
      additionalProperties: false
    },
    aggregate: { type: 'boolean' }
  },
  additionalProperties: false
} as const

// An entry also needs `fingerprint`, `columns` or `files` (checked in src/policy/allow.ts).
const allowEntry = {
  type: 'object',
  required: ['reason'],
  properties: {
    columns: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: 'Column headers the entry allows.' },
    files: { ...globList, minItems: 1, description: 'Files the entry applies to.' },
    kinds: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: 'Finding kinds (`pii/phone`, `pii/*`).' },
    fingerprint: { type: 'string', pattern: '^pg1:[0-9a-f]{64}$', description: 'Fingerprint of one value (`publish-guard fingerprint`).' },
    reason: { type: 'string', minLength: 3, description: 'Why this is not a leak (shown in every report).' },
    expires: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'YYYY-MM-DD; the entry stops allowing after this day (UTC).'
    }
  },
  additionalProperties: false
} as const

export const policySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/publish-guard/publish-guard/policy.schema.json',
  title: 'publish-guard policy',
  type: 'object',
  required: ['version'],
  properties: {
    version: { const: 1, description: 'Policy format version; must be 1.' },
    files: {
      ...globList,
      description:
        'Files to scan besides the tables found by name or content (every table is scanned unless ignored); default: every csv, tsv, xlsx, xlsm, ods, xls, and the records and pages that can hold tables: json, geojson, ndjson, jsonl, yml, yaml, toml, md, markdown, html, htm, liquid, njk, hbs, handlebars.'
    },
    ignore: { ...globList, description: 'Files never scanned (the only way to leave a table out).' },
    detectors: { ...detectors, description: 'Default detector levels for every file.' },
    'hidden-content': {
      ...level,
      description: 'Level of hidden-content findings: hidden rows and columns, comments, caches, metadata (default warning).'
    },
    'hidden-sheets': { ...level, description: 'Level of a hidden or very hidden sheet that holds any non-empty cell (default error).' },
    limits: {
      type: 'object',
      description:
        'Reading limits; a file past one is unreadable (blocks), a table past max-keys-per-table has unchecked keys (blocks). Defaults: 1024 MiB, 100:1 past 10 MiB, 20000 entries, depth 3, 50000000 cells, 4000000 keys.',
      properties: {
        'max-uncompressed-mib': { type: 'integer', minimum: 1 },
        'max-ratio': { type: 'integer', minimum: 1 },
        'max-entries': { type: 'integer', minimum: 1 },
        'max-embedding-depth': { type: 'integer', minimum: 0 },
        'max-cells-per-sheet': { type: 'integer', minimum: 1 },
        'max-keys-per-table': { type: 'integer', minimum: 1, maximum: 4000000 }
      },
      additionalProperties: false
    },
    salt: { type: 'string', minLength: 8, description: 'Salt for value fingerprints (per repository).' },
    datasets: { type: 'array', items: dataset },
    allow: {
      type: 'array',
      items: allowEntry,
      description: 'Accepted findings: by columns/files/kinds or by value fingerprint, never by line or value.'
    },
    'fail-on-existing': { type: 'boolean', description: 'Findings already on the base branch still block (default true).' }
  },
  additionalProperties: false
} as const
