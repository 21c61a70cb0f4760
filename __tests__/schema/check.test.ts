import { parsePolicy } from '../../src/policy/load.js'
import { scanWithPolicy } from '../helpers/scan.js'
import type { Finding, GroupedFields } from '../../src/findings.js'
import { csv, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

/** A policy with one dataset over `*.csv` and this schema (YAML/JSON text). */
function policyWith(schemaYaml: string, extra = ''): ReturnType<typeof parsePolicy> {
  const text = `version: 1\ndetectors: { person-name: off, date-of-birth: off, nationality: off, person-record: off }\ndatasets:\n  - name: stats\n    files: ["**/*.csv"]\n    schema: ${schemaYaml}\n${extra}`
  return parsePolicy(text, 'policy.yml')
}

async function run(file: string, content: string, schemaYaml: string, extra = ''): Promise<Finding[]> {
  dir.write(file, content)
  const r = await scanWithPolicy({ policy: policyWith(schemaYaml, extra), paths: [file], root: dir.path })
  return r.findings.filter((f) => f.kind.startsWith('schema/'))
}
const kinds = (fs: Finding[]): string[] => fs.map((f) => f.kind).sort()
const of = (fs: Finding[], kind: string): Finding & GroupedFields => fs.find((f) => f.kind === kind) as Finding & GroupedFields

const STATS = `{ fields: [ { name: Facility, type: string, constraints: { required: true } }, { name: Year, type: year }, { name: Book-ins, type: integer, constraints: { minimum: 0 } } ] }`

describe('schema rule: headers', () => {
  test('a clean table has no findings', async () => {
    const fs = await run(
      'clean.csv',
      csv([
        ['Facility', 'Year', 'Book-ins'],
        ['Adelanto', 2021, 4120],
        ['Port Isabel', 2022, 10244]
      ]),
      STATS
    )
    expect(fs).toEqual([])
  })

  test('one column too many is an extra-column error at the header cell', async () => {
    const rows: Array<Array<string | number>> = [['Facility', 'Year', 'Book-ins', 'Detainee']]
    for (let i = 0; i < 5; i++) rows.push(['Adelanto', 2021, 10 + i, `${person(i).given} ${person(i).family}`])
    const fs = await run('extra.csv', csv(rows), STATS)
    expect(kinds(fs)).toEqual(['schema/extra-column'])
    const f = of(fs, 'schema/extra-column')
    expect(f.severity).toBe('error')
    expect(f.location).toMatchObject({ line: 1, column: 4 })
  })

  test('fields and columns.allow combine: a column listed in either is allowed; a column in neither is one finding, never two', async () => {
    const allow = '    columns: { allow: [Facility, Year, Notes] }\n'
    const policy = policyWith(STATS, allow)
    dir.write(
      'combined-clean.csv',
      csv([
        ['Facility', 'Year', 'Book-ins', 'Notes'],
        ['Adelanto', 2021, 4120, 'revised']
      ])
    )
    const clean = await scanWithPolicy({ policy, paths: ['combined-clean.csv'], root: dir.path })
    expect(clean.findings).toEqual([])
    expect(clean.blocked).toBe(false)
    dir.write(
      'combined-extra.csv',
      csv([
        ['Facility', 'Year', 'Book-ins', 'Notes', 'Officer'],
        ['Adelanto', 2021, 4120, 'revised', 'x']
      ])
    )
    const extra = await scanWithPolicy({ policy, paths: ['combined-extra.csv'], root: dir.path })
    expect(extra.findings.map((f) => `${f.kind} ${f.location.column}`)).toEqual(['policy/column-not-allowed 5'])
    // A denied column is the columns rule's finding alone, too.
    const deny = policyWith(STATS, '    columns: { deny: [Officer] }\n')
    const denied = await scanWithPolicy({ policy: deny, paths: ['combined-extra.csv'], root: dir.path })
    expect(denied.findings.map((f) => `${f.kind} ${f.location.column}`).sort()).toEqual(['policy/column-denied 5', 'schema/extra-column 4'])
  })

  test('extra-column can be a warning', async () => {
    const fs = await run(
      'extra-w.csv',
      csv([
        ['Facility', 'Year', 'Book-ins', 'Notes'],
        ['A', 2021, 1, 'x']
      ]),
      STATS,
      '    schema-checks: { extra-column: warning }\n'
    )
    expect(of(fs, 'schema/extra-column').severity).toBe('warning')
  })

  test('missing, duplicated and blank headers', async () => {
    const fs = await run(
      'hdr.csv',
      csv([
        ['Facility', 'Facility', '', 'Year'],
        ['A', 'B', 'C', 2021]
      ]),
      STATS
    )
    expect(kinds(fs)).toEqual(['schema/blank-header', 'schema/duplicate-header', 'schema/missing-column'])
    expect(of(fs, 'schema/duplicate-header').location).toMatchObject({ line: 1, column: 2 })
    expect(of(fs, 'schema/blank-header').location).toMatchObject({ line: 1, column: 3 })
    expect(of(fs, 'schema/missing-column').message).toContain('Book-ins')
  })

  test('order is checked only when asked (schema-checks.order or fieldsMatch: exact)', async () => {
    const data = csv([
      ['Year', 'Facility', 'Book-ins'],
      [2021, 'A', 1]
    ])
    expect(await run('order1.csv', data, STATS)).toEqual([])
    const fs = await run('order2.csv', data, STATS, '    schema-checks: { order: true }\n')
    expect(kinds(fs)).toEqual(['schema/header-order'])
    const v2 = STATS.replace('{ fields:', '{ fieldsMatch: exact, fields:')
    expect(kinds(await run('order3.csv', data, v2))).toEqual(['schema/header-order'])
  })

  test('fieldsMatch subset allows extra columns; superset allows missing ones', async () => {
    const data = csv([
      ['Facility', 'Year', 'Extra'],
      ['A', 2021, 'x']
    ])
    expect(kinds(await run('sub.csv', data, STATS.replace('{ fields:', '{ fieldsMatch: subset, fields:')))).toEqual([
      'schema/missing-column'
    ])
    expect(kinds(await run('sup.csv', data, STATS.replace('{ fields:', '{ fieldsMatch: superset, fields:')))).toEqual([
      'schema/extra-column'
    ])
  })
})

describe('schema rule: cells', () => {
  test('type and constraint findings at the exact cell, without the value', async () => {
    const secret = 'Taras Kovalenko'
    const fs = await run(
      'cells.csv',
      csv([
        ['Facility', 'Year', 'Book-ins'],
        ['A', 2021, 5],
        ['', 2021, -3],
        ['C', 'MMXXI', secret]
      ]),
      STATS
    )
    expect(kinds(fs)).toEqual(['schema/constraint/minimum', 'schema/constraint/required', 'schema/type', 'schema/type'])
    const min = of(fs, 'schema/constraint/minimum')
    expect(min.location).toMatchObject({ line: 3, column: 3 })
    expect(min.message).toContain('integer ≥ 0')
    const t = fs
      .filter((f) => f.kind === 'schema/type')
      .map((f) => f.location.column)
      .sort()
    expect(t).toEqual([2, 3])
    expect(JSON.stringify(fs)).not.toContain(secret)
    expect(JSON.stringify(fs)).not.toContain('MMXXI')
  })

  test('grouped per column past MAX_SAMPLES: count and first 20 places', async () => {
    const rows: Array<Array<string | number>> = [['Facility', 'Year', 'Book-ins']]
    for (let i = 0; i < 50; i++) rows.push(['A', 2021, 'n/a'])
    const fs = await run('many.csv', csv(rows), STATS)
    const f = of(fs, 'schema/type')
    expect(f.count).toBe(50)
    expect(f.samples).toHaveLength(20)
    expect(f.samples[19]).toMatchObject({ line: 21, column: 3 })
  })

  test('a pattern that backtracks on a backtracking engine is matched in linear time, still against the whole value', async () => {
    // `([A-Za-z]+ ?)*` against 34 letters and a digit: 2^34 ways to split the letters for a backtracking engine.
    const schema = `{ fields: [ { name: Label, constraints: { pattern: "([A-Za-z]+ ?)*" } } ] }`
    const bad = 'a'.repeat(34) + '1'
    const rows = [['Label'], ['Port Isabel'], [bad], ['x'.repeat(200_000) + '!'], ['Otay Mesa ']]
    const fs = await run('pattern-redos.csv', csv(rows), schema)
    expect(kinds(fs)).toEqual(['schema/constraint/pattern'])
    expect(of(fs, 'schema/constraint/pattern')).toMatchObject({ count: 2, location: { line: 3, column: 1 } })
  })

  test('a pattern with back references or lookaround is refused when the policy is loaded, with the reason', async () => {
    for (const pattern of ['(a)\\\\1', '(?=x)x', '(?<!y)x']) {
      dir.write('lookaround.csv', csv([['Code'], ['x']]))
      const e = await scanWithPolicy({
        policy: policyWith(`{ fields: [ { name: Code, constraints: { pattern: "${pattern}" } } ] }`),
        paths: ['lookaround.csv'],
        root: dir.path
      }).catch((x: unknown) => x)
      expect((e as Error).message).toMatch(
        /^policy\.yml: .*constraints\.pattern: `pattern` is not a regular expression publish-guard can run in linear time .*back references and lookaround/
      )
    }
  })

  test('unique, enum, pattern and primaryKey', async () => {
    const schema = `{ primaryKey: [Facility, Year], fields: [ { name: Facility, constraints: { enum: [Adelanto, Otay Mesa] } }, { name: Year, type: year }, { name: Code, constraints: { unique: true, pattern: "[A-Z]{3}" } } ] }`
    const fs = await run(
      'keys.csv',
      csv([
        ['Facility', 'Year', 'Code'],
        ['Adelanto', 2021, 'ABC'],
        ['Adelanto', 2021, 'ABC'],
        ['Elsewhere', 2022, 'abcd']
      ]),
      schema
    )
    expect(kinds(fs)).toEqual(['schema/constraint/enum', 'schema/constraint/pattern', 'schema/constraint/unique', 'schema/primary-key'])
    expect(of(fs, 'schema/primary-key').location).toMatchObject({ line: 3, column: 1 })
    expect(of(fs, 'schema/constraint/enum').message).toContain('"Otay Mesa"')
  })

  test('foreign key within the same file', async () => {
    const schema = `{ fields: [ { name: id, type: integer }, { name: parent, type: integer } ], foreignKeys: [ { fields: parent, reference: { resource: "", fields: id } } ] }`
    const fs = await run(
      'fk.csv',
      csv([
        ['id', 'parent'],
        [1, ''],
        [2, 3],
        [3, 1],
        [4, 9]
      ]),
      schema
    )
    expect(kinds(fs)).toEqual(['schema/foreign-key'])
    expect(of(fs, 'schema/foreign-key').samples).toEqual([expect.objectContaining({ line: 5, column: 2 })])
  })

  test('the fields: shorthand still works', async () => {
    const text = `version: 1\ndatasets:\n  - name: stats\n    files: ["**/*.csv"]\n    fields: [ { name: Count, type: integer } ]\n`
    dir.write(
      'short.csv',
      csv([
        ['Count', 'Other'],
        [1, 'x'],
        ['many', 'y']
      ])
    )
    const r = await scanWithPolicy({ policy: parsePolicy(text, 'p.yml'), paths: ['short.csv'], root: dir.path })
    expect(kinds(r.findings.filter((f) => f.kind.startsWith('schema/')))).toEqual(['schema/extra-column', 'schema/type'])
  })
})

/** The policy's `limits:` lowering the per-table key limit (tests reach it with small files). */
const keyLimit = (n: number): string => `limits: { max-keys-per-table: ${n} }\n`

describe('schema rule: bounded keys', () => {
  test('past the key limit the check says how far it got, and the file does not pass', async () => {
    const rows: Array<Array<string | number>> = [['Code']]
    for (let i = 0; i < 300; i++) rows.push([`C${(i * 7919) % 100000}`])
    rows.push(['C0'])
    const fs = await run('limit.csv', csv(rows), `{ fields: [ { name: Code, constraints: { unique: true } } ] }`, keyLimit(100))
    const f = of(fs, 'schema/key-limit')
    expect(f.severity).toBe('error')
    expect(f.message).toContain('up to row 102 of 302')
    expect(f.message).toContain('at most 100 keys')
  })
})

describe('schema rule: keys logged until the table ends', () => {
  test('every logged key counts towards the limit, repeats included; the repeats before it are reported in row order', async () => {
    // 80 distinct codes, then C7 again and again: the log is full after data row 100.
    const rows: Array<Array<string | number>> = [['Code']]
    for (let i = 0; i < 80; i++) rows.push([`C${i}`])
    for (let i = 0; i < 70; i++) rows.push(['C7'])
    const fs = await run('repeats.csv', csv(rows), `{ fields: [ { name: Code, constraints: { unique: true } } ] }`, keyLimit(100))
    expect(of(fs, 'schema/key-limit').message).toContain('up to row 102 of 151')
    const u = of(fs, 'schema/constraint/unique')
    // Data rows 81-100 (lines 82-101) were logged and repeat C7; later rows were not kept.
    expect(u.count).toBe(20)
    expect(u.samples.map((s) => s.line)).toEqual(Array.from({ length: 20 }, (_, i) => 82 + i))
  })

  test('repeats far apart in a long table are found (the log spans several pages)', async () => {
    const rows: Array<Array<string | number>> = [['Id', 'Name']]
    for (let i = 0; i < 150_000; i++) rows.push([`A${100_000_000 + i}`, 'x'])
    rows.push(['A100000003', 'x'], ['A100149999', 'x'])
    const fs = await run('long.csv', csv(rows), `{ primaryKey: Id, fields: [ { name: Id }, { name: Name } ] }`)
    const pk = of(fs, 'schema/primary-key')
    expect(pk.count).toBe(2)
    expect(pk.samples.map((s) => s.line)).toEqual([150_002, 150_003])
  })
})

describe('schema rule: rows checked in batches', () => {
  test('findings, their order and their places are those of checking row by row', async () => {
    // 700 rows (three batches of 256 and a part). Broken cells are placed so
    // that a later column breaks first inside a batch, one cell breaks two
    // constraints, ids repeat (a run of integers, then one out of it), and an
    // empty required cell; the expected order is computed here, row by row.
    const header = ['Id', 'Count', 'Day', 'Code', 'Kind']
    const schema = `{ fields: [ { name: Id, type: integer, constraints: { unique: true } }, { name: Count, type: integer, constraints: { minimum: 0 } }, { name: Day, type: date }, { name: Code, constraints: { minLength: 3, pattern: "[A-Z]+" } }, { name: Kind, constraints: { required: true, enum: [x, y] } } ] }`
    const broken: Record<number, Record<string, string>> = {
      30: { Kind: 'z' }, // enum, row 30
      40: { Day: '2021-02-30' }, // type
      45: { Count: '-1', Code: 'ab' }, // minimum; minLength + pattern in one cell
      300: { Kind: '' }, // required
      301: { Id: '7' }, // repeats an id of the run
      520: { Count: 'many' }, // type
      690: { Id: '100000' }, // breaks the run
      691: { Id: '100000' } // repeat out of the run
    }
    const rows: Array<Array<string | number>> = [header]
    for (let i = 1; i <= 700; i++) {
      const row: Record<string, string> = {
        Id: String(i),
        Count: String(i % 50),
        Day: '2021-03-01',
        Code: 'ABC',
        Kind: i % 2 ? 'x' : 'y',
        ...broken[i]
      }
      rows.push(header.map((h) => row[h] as string))
    }
    const fs = await run('batches.csv', csv(rows), schema)
    // Data row i is on line i + 1. Expected: one finding per (kind, column), in order of first occurrence.
    const expected: Array<[string, number, number[]]> = []
    const note = (kind: string, column: number, line: number): void => {
      const f = expected.find(([k, c]) => k === kind && c === column)
      if (f) f[2].push(line)
      else expected.push([kind, column, [line]])
    }
    note('schema/constraint/enum', 5, 31)
    note('schema/type', 3, 41)
    note('schema/constraint/minimum', 2, 46)
    note('schema/constraint/minLength', 4, 46)
    note('schema/constraint/pattern', 4, 46)
    note('schema/constraint/required', 5, 301)
    note('schema/constraint/unique', 1, 302)
    note('schema/type', 2, 521)
    note('schema/constraint/unique', 1, 692)
    expect(fs.map((f) => [f.kind, (f as Finding & GroupedFields).samples.map((s) => [s.line, s.column])])).toEqual(
      expected.map(([k, c, lines]) => [k, lines.map((l) => [l, c])])
    )
  })
})
