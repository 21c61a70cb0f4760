// JSON Schema of a Frictionless Table Schema (v1, plus v2's `fieldsMatch`),
// as publish-guard accepts it: inline in the policy, or in a tableschema.json /
// datapackage.json. A field may carry custom properties (Table Schema allows
// them); `constraints` may not, so a typo never silently drops a check.

const FIELD_TYPES = [
  'string',
  'number',
  'integer',
  'boolean',
  'date',
  'time',
  'datetime',
  'year',
  'yearmonth',
  'duration',
  'geopoint',
  'any',
  'object',
  'array',
  'geojson'
] as const

const scalar = { type: ['number', 'string', 'boolean'] } as const
const stringList = { type: 'array', items: { type: 'string' } } as const
const fieldNames = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] } as const

const constraintsProfile = {
  type: 'object',
  properties: {
    required: { type: 'boolean' },
    unique: { type: 'boolean' },
    enum: { type: 'array', minItems: 1, items: scalar },
    pattern: { type: 'string' },
    minimum: scalar,
    maximum: scalar,
    exclusiveMinimum: scalar,
    exclusiveMaximum: scalar,
    minLength: { type: 'integer', minimum: 0 },
    maxLength: { type: 'integer', minimum: 0 }
  },
  additionalProperties: false
} as const

export const fieldProfile = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    type: { enum: FIELD_TYPES },
    format: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    constraints: constraintsProfile,
    missingValues: stringList,
    trueValues: stringList,
    falseValues: stringList,
    decimalChar: { type: 'string', minLength: 1 },
    groupChar: { type: 'string', minLength: 1 },
    bareNumber: { type: 'boolean' }
  },
  additionalProperties: true
} as const

export const tableSchemaProfile = {
  type: 'object',
  required: ['fields'],
  properties: {
    fields: { type: 'array', items: fieldProfile },
    missingValues: stringList,
    primaryKey: fieldNames,
    foreignKeys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fields', 'reference'],
        properties: {
          fields: fieldNames,
          reference: {
            type: 'object',
            required: ['fields'],
            properties: { resource: { type: 'string' }, fields: fieldNames },
            additionalProperties: false
          }
        },
        additionalProperties: false
      }
    },
    fieldsMatch: { enum: ['exact', 'equal', 'subset', 'superset', 'partial'] }
  },
  additionalProperties: true
} as const

/** `{ package: datapackage.json, resource: name }`: a resource of an existing data package. */
const packageRefProfile = {
  type: 'object',
  required: ['package'],
  properties: {
    package: { type: 'string', minLength: 1, description: 'Path of a datapackage.json (or .yaml), from the repository root.' },
    resource: { type: 'string', minLength: 1, description: 'Resource name; default: the resource whose path is the scanned file.' }
  },
  additionalProperties: false
} as const

/** A schema in the policy: a path, a data package resource, or a Table Schema inline. */
export const schemaRefProfile = {
  type: ['string', 'object'],
  description:
    'Table Schema: inline, a path to tableschema.json / datapackage.json (JSON or YAML, from the repository root), or {package, resource}.',
  if: { type: 'object', properties: { package: true }, required: ['package'] },
  then: packageRefProfile,
  else: { if: { type: 'object' }, then: tableSchemaProfile, else: { type: 'string', minLength: 1 } }
} as const

/** What a datapackage.json must look like for us to find a resource's schema in it. */
export const dataPackageProfile = {
  type: 'object',
  required: ['resources'],
  properties: {
    resources: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          path: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          schema: { anyOf: [{ type: 'string' }, tableSchemaProfile] }
        }
      }
    }
  }
} as const
