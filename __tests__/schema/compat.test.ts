// Compatibility with Frictionless: the same schemas and files through the npm
// `tableschema` package (Frictionless JS, v1.12) and through publish-guard;
// both must flag the same rows and columns. Cases where publish-guard differs
// on purpose are in DIFFERENCES below (and in docs/schema.md), checked
// against a written expectation instead.
import tableschema from 'tableschema'
import { DETECTOR_IDS } from '../../src/catalog.js'
import { parsePolicy } from '../../src/policy/load.js'
import { scanWithPolicy } from '../helpers/scan.js'
import type { GroupedFields } from '../../src/findings.js'
import { csv } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

interface Case {
  name: string
  schema: { fields: Array<Record<string, unknown>>; [k: string]: unknown }
  /** Data rows (the header is the field names). */
  rows: string[][]
}

const one = (field: Record<string, unknown>, values: string[], extra: Record<string, unknown> = {}): Omit<Case, 'name'> => ({
  schema: { fields: [{ name: 'value', ...field }], ...extra },
  rows: values.map((v) => [v])
})

const CASES: Case[] = [
  {
    // Two columns: a one-column CSV's empty value is a blank line, which readers skip.
    name: 'string required',
    schema: { fields: [{ name: 'value', constraints: { required: true } }, { name: 'n' }] },
    rows: [
      ['abc', '1'],
      ['', '2'],
      ['x', '3']
    ]
  },
  { name: 'string email', ...one({ format: 'email' }, ['a@example.org', 'not-an-email', 'x@y']) },
  { name: 'string uri', ...one({ format: 'uri' }, ['https://example.org/a', 'not a uri']) },
  { name: 'string uuid', ...one({ format: 'uuid' }, ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'not-a-uuid']) },
  { name: 'string binary', ...one({ format: 'binary' }, ['aGVsbG8=', 'not base64!']) },
  { name: 'integer', ...one({ type: 'integer' }, ['1', '-5', '3.5', 'abc', '1e3', '12']) },
  { name: 'integer bareNumber false', ...one({ type: 'integer', bareNumber: false }, ['€100', '95%', 'abc']) },
  { name: 'number', ...one({ type: 'number' }, ['1.5', '-2', '1e3', '.5', 'NaN', 'INF', '-INF', 'abc', '1.2.3']) },
  { name: 'number decimalChar/groupChar', ...one({ type: 'number', decimalChar: ',', groupChar: '.' }, ['1.234,5', '12,5', 'x']) },
  { name: 'number groupChar', ...one({ type: 'number', groupChar: ',' }, ['1,000', '1,000.5', 'x']) },
  { name: 'number bareNumber false', ...one({ type: 'number', bareNumber: false }, ['€1.5', '95%', '1.2.3%']) },
  { name: 'boolean', ...one({ type: 'boolean' }, ['true', 'False', '1', '0', 'yes', 'TRUE']) },
  { name: 'boolean true/falseValues', ...one({ type: 'boolean', trueValues: ['Y'], falseValues: ['N'] }, ['Y', 'N', 'true']) },
  { name: 'date', ...one({ type: 'date' }, ['2020-01-31', '2020-02-30', '31/01/2020', '2020-1-5']) },
  { name: 'date format', ...one({ type: 'date', format: '%d/%m/%Y' }, ['31/01/2020', '2020-01-31', '30/02/2020']) },
  { name: 'time', ...one({ type: 'time' }, ['10:30:00', '25:00:00', '10:30']) },
  { name: 'datetime', ...one({ type: 'datetime' }, ['2020-01-31T10:30:00Z', '2020-01-31 10:30:00', 'x']) },
  { name: 'datetime format', ...one({ type: 'datetime', format: '%Y-%m-%d %H:%M' }, ['2020-01-31 10:30', '2020-01-31T10:30']) },
  { name: 'year', ...one({ type: 'year' }, ['2020', '20', 'abcd', '99999']) },
  { name: 'yearmonth', ...one({ type: 'yearmonth' }, ['2020-01', '2020-13', '2020']) },
  { name: 'duration', ...one({ type: 'duration' }, ['P1Y2M', 'PT30M', 'P3DT4H', '1 hour', 'P']) },
  { name: 'geopoint', ...one({ type: 'geopoint' }, ['10.5, 45.2', '200, 10', 'x']) },
  { name: 'geopoint array', ...one({ type: 'geopoint', format: 'array' }, ['[10.5, 45.2]', '[1]', 'x']) },
  { name: 'geopoint object', ...one({ type: 'geopoint', format: 'object' }, ['{"lon": 10, "lat": 20}', '{"lon": 10, "lat": 95}', 'x']) },
  { name: 'any', ...one({ type: 'any' }, ['anything', '', '1']) },
  {
    name: 'missingValues',
    ...one({ type: 'integer', constraints: { required: true } }, ['1', 'NA', '-', 'x'], { missingValues: ['', 'NA', '-'] })
  },
  { name: 'enum string', ...one({ constraints: { enum: ['a', 'b'] } }, ['a', 'b', 'c']) },
  { name: 'enum integer', ...one({ type: 'integer', constraints: { enum: [1, 2] } }, ['1', '2', '3']) },
  { name: 'pattern', ...one({ constraints: { pattern: '[A-Z]{3}' } }, ['ABC', 'abc', 'A1C']) },
  { name: 'minimum/maximum', ...one({ type: 'integer', constraints: { minimum: 0, maximum: 10 } }, ['0', '5', '10', '11', '-1']) },
  { name: 'minimum number', ...one({ type: 'number', constraints: { minimum: 0.5 } }, ['0.5', '0.4', '7']) },
  { name: 'minLength/maxLength', ...one({ constraints: { minLength: 3, maxLength: 5 } }, ['ab', 'abc', 'abcde', 'abcdef']) },
  { name: 'unique', ...one({ constraints: { unique: true } }, ['a', 'b', 'a', 'c', 'b']) },
  { name: 'unique integer', ...one({ type: 'integer', constraints: { unique: true } }, ['1', '2', '1']) },
  {
    name: 'primaryKey composite',
    schema: { fields: [{ name: 'facility' }, { name: 'year', type: 'year' }], primaryKey: ['facility', 'year'] },
    rows: [
      ['A', '2020'],
      ['A', '2021'],
      ['B', '2020'],
      ['A', '2020']
    ]
  },
  {
    name: 'primaryKey single',
    schema: { fields: [{ name: 'id', type: 'integer' }, { name: 'n' }], primaryKey: 'id' },
    rows: [
      ['1', 'a'],
      ['2', 'b'],
      ['1', 'c']
    ]
  }
]

/** `line:column` of every flagged cell. */
type Flags = string[]

async function ours(c: Case, file: string): Promise<Flags> {
  dir.write(`${file}.schema.json`, JSON.stringify(c.schema))
  const off = DETECTOR_IDS.map((id) => `${id}: off`).join(', ')
  const policy = parsePolicy(
    `version: 1\ndetectors: { ${off} }\ndatasets:\n  - name: compat\n    files: ["**/*.csv"]\n    schema: ${file}.schema.json\n`,
    'p.yml'
  )
  const r = await scanWithPolicy({ policy, paths: [`${file}.csv`], root: dir.path })
  const flags = r.findings
    .filter((f) => f.kind.startsWith('schema/'))
    .flatMap((f) => (f as unknown as GroupedFields).samples.map((s) => `${s.line}:${s.column}`))
  return [...new Set(flags)].sort()
}

async function frictionless(c: Case, file: string): Promise<Flags> {
  const table = await tableschema.Table.load(`${dir.path}/${file}.csv`, { schema: c.schema })
  const names = c.schema.fields.map((f) => f.name as string)
  const pk = c.schema.primaryKey === undefined ? [] : ([] as string[]).concat(c.schema.primaryKey as string | string[])
  const out = new Set<string>()
  // rowNumber counts the header as row 1, as a CSV line does.
  for (const row of await table.read({ forceCast: true })) {
    if (!(row instanceof Error)) continue
    if (row.errors?.length) for (const e of row.errors) out.add(`${row.rowNumber}:${e.columnNumber}`)
    else {
      const col = /unique constraint violation in column "([^"]*)"/.exec(row.message)?.[1]
      const index = col !== undefined && names.includes(col) ? names.indexOf(col) : names.indexOf(pk[0] as string)
      out.add(`${row.rowNumber}:${index + 1}`)
    }
  }
  return [...out].sort()
}

describe('same rows and columns as Frictionless JS (tableschema)', () => {
  test.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const file = `case${i}`
    dir.write(`${file}.csv`, csv([c.schema.fields.map((f) => f.name as string), ...c.rows]))
    const [a, b] = await Promise.all([ours(c, file), frictionless(c, file)])
    expect(a).toEqual(b)
    // Every case flags something or is meant not to: none is vacuous by accident.
    if (c.name !== 'any') expect(a.length).toBeGreaterThan(0)
  })
})

/**
 * Deliberate differences: what publish-guard flags (line:column), where
 * Frictionless JS flags something else. Each is explained in docs/schema.md.
 */
const DIFFERENCES: Array<Case & { ours: Flags; frictionlessJs: Flags }> = [
  {
    name: 'pattern matches the whole value',
    ...one({ constraints: { pattern: '[A-Z]{3}' } }, ['ABC', 'ABCD', 'xABC']),
    ours: ['3:1', '4:1'],
    frictionlessJs: []
  },
  {
    name: 'exclusiveMinimum/Maximum (v1.12 has none)',
    ...one({ type: 'integer', constraints: { exclusiveMinimum: 0, exclusiveMaximum: 10 } }, ['0', '5', '10']),
    ours: ['2:1', '4:1'],
    frictionlessJs: []
  },
  {
    name: 'datetime with offset or without Z',
    ...one({ type: 'datetime' }, ['2020-01-31T10:30:00+01:00', '2020-01-31T10:30:00', '2020-01-31T10:30:00.250Z']),
    ours: [],
    frictionlessJs: ['2:1', '3:1', '4:1']
  },
  { name: 'zero duration is a duration', ...one({ type: 'duration' }, ['PT0S']), ours: [], frictionlessJs: ['2:1'] },
  { name: 'yearmonth needs two-digit month', ...one({ type: 'yearmonth' }, ['2020-1']), ours: ['2:1'], frictionlessJs: [] },
  { name: 'integers with leading zero or plus sign', ...one({ type: 'integer' }, ['007', '+5']), ours: [], frictionlessJs: ['2:1', '3:1'] },
  { name: 'number: inner spaces are not stripped', ...one({ type: 'number' }, ['1 000']), ours: ['2:1'], frictionlessJs: [] },
  {
    name: 'bareNumber: false with no digits is not 0',
    ...one({ type: 'number', bareNumber: false }, ['n/a']),
    ours: ['2:1'],
    frictionlessJs: []
  },
  { name: 'boolean: no trimming', ...one({ type: 'boolean' }, [' true']), ours: ['2:1'], frictionlessJs: [] },
  {
    name: 'primaryKey fields are required',
    schema: { fields: [{ name: 'id' }, { name: 'n' }], primaryKey: 'id' },
    rows: [
      ['1', 'a'],
      ['', 'b']
    ],
    ours: ['3:1'],
    frictionlessJs: []
  }
]

describe('deliberate differences, as documented', () => {
  test.each(DIFFERENCES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const file = `diff${i}`
    dir.write(`${file}.csv`, csv([c.schema.fields.map((f) => f.name as string), ...c.rows]))
    expect(await ours(c, file)).toEqual(c.ours)
    expect(await frictionless(c, file)).toEqual(c.frictionlessJs)
  })
})
