import { ConfigError } from '../../src/errors.js'
import { parsePolicy } from '../../src/policy/load.js'
import { scanWithPolicy } from '../helpers/scan.js'
import type { Finding } from '../../src/findings.js'
import { csv } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'
// @ts-expect-error plain JavaScript module of the bench
import { aliasBomb } from '../../bench/generate.js'

const dir = tempDir()

function policy(schemaLine: string): ReturnType<typeof parsePolicy> {
  return parsePolicy(`version: 1\ndatasets:\n  - name: stats\n    files: ["data/**"]\n    ${schemaLine}\n`, '.github/publish-guard.yml')
}
const schemaKinds = (fs: Finding[]): string[] =>
  fs
    .filter((f) => f.kind.startsWith('schema/'))
    .map((f) => f.kind)
    .sort()

const TABLE = { fields: [{ name: 'Facility' }, { name: 'Book-ins', type: 'integer', constraints: { minimum: 0 } }] }
dir.write(
  'data/ok.csv',
  csv([
    ['Facility', 'Book-ins'],
    ['A', 3]
  ])
)
dir.write(
  'data/bad.csv',
  csv([
    ['Facility', 'Book-ins', 'SSN'],
    ['A', -3, '512-44-1290']
  ])
)

describe('schema files', () => {
  test('tableschema.json by path (from the repository root)', async () => {
    dir.write('schemas/stats.json', JSON.stringify(TABLE, null, 2))
    const r = await scanWithPolicy({ policy: policy('schema: schemas/stats.json'), paths: ['data/bad.csv'], root: dir.path })
    expect(schemaKinds(r.findings)).toEqual(['schema/constraint/minimum', 'schema/extra-column'])
    expect(r.findings.find((f) => f.kind === 'schema/extra-column')?.message).toContain('schemas/stats.json')
  })

  test('a schema file gets the policy file bounds: size and YAML aliases', async () => {
    const fields = Array.from({ length: 50_000 }, (_, i) => `  - name: column number ${i}`).join('\n')
    dir.write('schemas/huge.yaml', `fields:\n${fields}\n`)
    await expect(scanWithPolicy({ policy: policy('schema: schemas/huge.yaml'), paths: ['data/ok.csv'], root: dir.path })).rejects.toThrow(
      /larger than 1048576 bytes/
    )
    dir.write('schemas/bomb.yaml', `fields:\n  - name: Facility\n  - name: Book-ins\nx-bomb:${aliasBomb()}`)
    const e = await scanWithPolicy({ policy: policy('schema: schemas/bomb.yaml'), paths: ['data/ok.csv'], root: dir.path }).catch(
      (x: unknown) => x
    )
    expect(e).toBeInstanceOf(ConfigError)
    expect((e as Error).message).toMatch(/aliases/)
  })

  test('a Table Schema in YAML', async () => {
    dir.write('schemas/stats.yaml', 'fields:\n  - name: Facility\n  - name: Book-ins\n    type: integer\n')
    const r = await scanWithPolicy({ policy: policy('schema: schemas/stats.yaml'), paths: ['data/ok.csv'], root: dir.path })
    expect(schemaKinds(r.findings)).toEqual([])
  })

  test('datapackage.json: each file gets the resource whose path it is', async () => {
    dir.write(
      'datapackage.json',
      JSON.stringify({
        name: 'stats',
        resources: [
          { name: 'ok', path: 'data/ok.csv', schema: TABLE },
          { name: 'bad', path: 'data/bad.csv', schema: 'schemas/stats.json' }
        ]
      })
    )
    const r = await scanWithPolicy({ policy: policy('schema: datapackage.json'), paths: ['data/ok.csv', 'data/bad.csv'], root: dir.path })
    expect(schemaKinds(r.findings)).toEqual(['schema/constraint/minimum', 'schema/extra-column'])
  })

  test('datapackage.json: a file with no resource is reported (fail closed)', async () => {
    dir.write('data/other.csv', csv([['x'], [1]]))
    const r = await scanWithPolicy({ policy: policy('schema: datapackage.json'), paths: ['data/other.csv'], root: dir.path })
    expect(schemaKinds(r.findings)).toEqual(['schema/no-resource'])
  })

  test('a named resource applies to every file of the dataset', async () => {
    const r = await scanWithPolicy({
      policy: policy('schema: { package: datapackage.json, resource: ok }'),
      paths: ['data/bad.csv'],
      root: dir.path
    })
    expect(schemaKinds(r.findings)).toEqual(['schema/constraint/minimum', 'schema/extra-column'])
  })

  describe('problems are ConfigErrors with file and place', () => {
    const fails = async (line: string): Promise<ConfigError> => {
      try {
        await scanWithPolicy({ policy: policy(line), paths: ['data/ok.csv'], root: dir.path })
      } catch (e) {
        if (e instanceof ConfigError) return e
        throw e
      }
      throw new Error('expected a ConfigError')
    }

    test('missing file', async () => {
      expect((await fails('schema: schemas/nope.json')).message).toMatch(/schema file not found: schemas\/nope.json/)
    })

    test('unknown constraint key: file:line:col', async () => {
      dir.write('schemas/typo.json', '{\n  "fields": [\n    { "name": "a", "constraints": { "minimun": 0 } }\n  ]\n}\n')
      const e = await fails('schema: schemas/typo.json')
      expect(e.message).toMatch(/schemas\/typo.json:3:\d+: unknown key `minimun`/)
    })

    test('bad pattern, bad bound, bad format: file:line:col', async () => {
      dir.write('schemas/pat.yaml', 'fields:\n  - name: a\n    constraints:\n      pattern: "[a-"\n')
      expect((await fails('schema: schemas/pat.yaml')).message).toMatch(/schemas\/pat.yaml:4:\d+: .*pattern/)
      dir.write('schemas/min.yaml', 'fields:\n  - name: a\n    type: date\n    constraints:\n      minimum: yesterday\n')
      expect((await fails('schema: schemas/min.yaml')).message).toMatch(/schemas\/min.yaml:5:\d+: `minimum`/)
      dir.write('schemas/fmt.yaml', 'fields:\n  - name: a\n    type: date\n    format: "%d/%Q"\n')
      expect((await fails('schema: schemas/fmt.yaml')).message).toMatch(/schemas\/fmt.yaml:4:\d+: unsupported format directive `%Q`/)
    })

    test('primaryKey naming no field', async () => {
      dir.write('schemas/pk.json', JSON.stringify({ fields: [{ name: 'a' }], primaryKey: 'b' }))
      expect((await fails('schema: schemas/pk.json')).message).toMatch(/primaryKey names "b"/)
    })

    test('unknown resource', async () => {
      expect((await fails('schema: { package: datapackage.json, resource: nope }')).message).toMatch(/no resource named "nope"/)
    })

    test('inline schema problems name the policy and the place', async () => {
      const e = await fails('schema: { fields: [ { name: n, type: integer, constraints: { enum: [one] } } ] }')
      expect(e.message).toMatch(/\.github\/publish-guard.yml: dataset "stats" schema.fields.0.constraints.enum.0/)
    })

    test('schema and fields together', async () => {
      expect((await fails('schema: { fields: [] }\n    fields: [ { name: x } ]')).message).toMatch(/either `schema` or `fields`/)
    })
  })

  test('the policy itself rejects an unknown key inside an inline schema constraint', () => {
    expect(() => policy('schema: { fields: [ { name: a, constraints: { requird: true } } ] }')).toThrow(/unknown key `requird`/)
  })
})

describe('the README example', () => {
  test('is a valid policy and passes a clean table', async () => {
    const { readFileSync } = await import('node:fs')
    const { REPO } = await import('../helpers/paths.js')
    const readme = readFileSync(`${REPO}/README.md`, 'utf8')
    const section = readme.slice(readme.indexOf('## Schema'))
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1]
    expect(yaml).toBeDefined()
    const policy = parsePolicy(yaml as string, 'README.md')
    dir.write(
      'data/stats/bookins.csv',
      csv([
        ['Facility', 'Month', 'Book-ins', 'Average Length of Stay', 'Published'],
        ['PORT ISABEL SPC', '2024-01', 10244, 19.7, '02/15/2024'],
        ['ADELANTO ICE PROCESSING CENTER', '2024-01', 5233, 'NA', '02/15/2024']
      ])
    )
    const r = await scanWithPolicy({ policy, paths: ['data/stats/bookins.csv'], root: dir.path })
    expect(schemaKinds(r.findings)).toEqual([])
    dir.write(
      'data/stats/leak.csv',
      csv([
        ['Facility', 'Month', 'Book-ins', 'Average Length of Stay', 'Published', 'A-Number'],
        ['PORT ISABEL SPC', '2024-01', 'x', 1, '02/15/2024', 'A123456789']
      ])
    )
    const leak = await scanWithPolicy({ policy, paths: ['data/stats/leak.csv'], root: dir.path })
    expect(schemaKinds(leak.findings)).toEqual(['schema/extra-column', 'schema/type'])
  })
})
