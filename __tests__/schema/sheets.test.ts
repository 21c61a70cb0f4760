// Workbooks: a schema per sheet, `schema-checks.sheets: strict`, foreign keys
// between sheets. Tables are fed to TableScan as a workbook reader would.
import { lit, type Finding } from '../../src/findings.js'
import { labelOf } from '../../src/labels.js'
import { parsePolicy } from '../../src/policy/load.js'
import { schemaRule } from '../../src/schema/check.js'
import { RULES } from '../../src/scan.js'
import { TableScan } from '../../src/table.js'
import { scanWithPolicy } from '../helpers/scan.js'
import { xlsx } from '../helpers/ooxml.js'
import { tempDir } from '../helpers/tmp.js'

function workbook(policyText: string, sheets: Record<string, Array<Array<string>>>, file = 'book.xlsx'): Finding[] {
  const policy = parsePolicy(policyText, 'p.yml')
  const dataset = policy.datasets[0] ?? null
  const out: Finding[] = []
  const fileScope = new Map<string, unknown>()
  for (const [name, rows] of Object.entries(sheets)) {
    const ts = new TableScan(
      { file, addressing: 'cell', sheet: labelOf(name, lit('#1')), sheetName: name },
      { policy, dataset, levels: policy.detectors, rules: RULES, fileScope },
      (f) => out.push(...f)
    )
    rows.forEach((r, i) => ts.row(r, i + 1))
    ts.end()
  }
  out.push(...(schemaRule.endFile?.(fileScope) ?? []))
  return out.filter((f) => f.kind.startsWith('schema/'))
}

const POLICY = `version: 1
datasets:
  - name: book
    files: ["*.xlsx"]
    sheets:
      Facilities: { fields: [ { name: Code, constraints: { unique: true } }, { name: Name } ], primaryKey: Code }
      Counts:
        fields: [ { name: Facility }, { name: Count, type: integer, constraints: { minimum: 0 } } ]
        foreignKeys: [ { fields: Facility, reference: { resource: Facilities, fields: Code } } ]
`
const FACILITIES = [
  ['Code', 'Name'],
  ['ADL', 'Adelanto'],
  ['PIS', 'Port Isabel']
]

describe('schemas per sheet', () => {
  test('each sheet is checked by its own schema, at the sheet cell', () => {
    const fs = workbook(POLICY, {
      Facilities: FACILITIES,
      Counts: [
        ['Facility', 'Count'],
        ['ADL', '4'],
        ['PIS', '-1']
      ]
    })
    expect(fs.map((f) => f.kind)).toEqual(['schema/constraint/minimum'])
    expect(fs[0]?.location).toMatchObject({ sheet: 'Counts', cell: 'B3' })
  })

  test('a sheet not named is not checked by default, and is reported under sheets: strict', () => {
    const extra = {
      Facilities: FACILITIES,
      Detainees: [
        ['Name', 'DOB'],
        ['x', 'y']
      ]
    }
    expect(workbook(POLICY, extra)).toEqual([])
    const strict = workbook(POLICY + '    schema-checks: { sheets: strict }\n', extra)
    expect(strict.map((f) => [f.kind, f.location.sheet])).toEqual([['schema/unlisted-sheet', 'Detainees']])
  })

  test('a sheet not named falls back to the dataset schema', () => {
    const p = POLICY + '    schema: { fields: [ { name: Total, type: integer } ] }\n'
    const fs = workbook(p, {
      Facilities: FACILITIES,
      Other: [
        ['Total', 'Names'],
        ['1', 'x']
      ]
    })
    expect(fs.map((f) => f.kind)).toEqual(['schema/extra-column'])
  })

  test('foreign keys between sheets, whichever comes first', () => {
    const counts = [
      ['Facility', 'Count'],
      ['ADL', '4'],
      ['OTM', '2']
    ]
    for (const order of [
      { Facilities: FACILITIES, Counts: counts },
      { Counts: counts, Facilities: FACILITIES }
    ]) {
      const fs = workbook(POLICY, order)
      expect(fs.map((f) => [f.kind, f.location.cell])).toEqual([['schema/foreign-key', 'A3']])
    }
  })

  test('a reference to a sheet the workbook lacks is an error', () => {
    const fs = workbook(POLICY, {
      Counts: [
        ['Facility', 'Count'],
        ['ADL', '4']
      ]
    })
    expect(fs.map((f) => f.kind)).toEqual(['schema/foreign-key'])
    expect(fs[0]?.message).toContain('not in this workbook')
  })

  test('hidden sheets are checked; caches outside the grid are not', () => {
    const policy = parsePolicy(POLICY + '    schema-checks: { sheets: strict }\n', 'p.yml')
    const dataset = policy.datasets[0] ?? null
    const out: Finding[] = []
    const settings = { policy, dataset, levels: policy.detectors, rules: RULES, fileScope: new Map<string, unknown>() }
    const hidden = new TableScan(
      { file: 'h.xlsx', addressing: 'cell', sheet: lit('Sheet9'), sheetName: 'Sheet9', part: lit('hidden sheet'), hidden: true },
      settings,
      (f) => out.push(...f)
    )
    hidden.row(['a'], 1)
    hidden.end()
    const cache = new TableScan({ file: 'h.xlsx', addressing: 'cell', part: lit('pivot cache 1') }, settings, (f) => out.push(...f))
    cache.row(['a'], 1)
    cache.end()
    expect(out.filter((f) => f.kind.startsWith('schema/')).map((f) => f.kind)).toEqual(['schema/unlisted-sheet'])
  })
})

describe('a real workbook through scan()', () => {
  const dir = tempDir()
  test('the extra tab of the ICE workbook is reported under sheets: strict; date cells pass date fields', async () => {
    dir.write(
      'stats.xlsx',
      xlsx({
        sheets: [
          {
            name: 'Book-ins',
            rows: [
              ['Facility', 'Book-ins', 'As of'],
              ['Adelanto', 4120, { v: 44926, date: true }],
              ['Port Isabel', -1, { v: 44927, date: true }]
            ]
          },
          {
            name: 'Detainees',
            state: 'hidden',
            rows: [
              ['Name', 'Nationality'],
              ['Taras Kovalenko', 'UKRAINE']
            ]
          }
        ],
        pivot: { fields: ['Facility', 'Count'], records: [['Adelanto', 3]] }
      })
    )
    const policy = parsePolicy(
      `version: 1
datasets:
  - name: ice
    files: ["*.xlsx"]
    sheets:
      Book-ins: { fields: [ { name: Facility }, { name: Book-ins, type: integer, constraints: { minimum: 0 } }, { name: As of, type: date, format: "%m/%d/%Y" } ] }
    schema-checks: { sheets: strict }
`,
      'p.yml'
    )
    const r = await scanWithPolicy({ policy, paths: ['stats.xlsx'], root: dir.path })
    const schema = r.findings.filter((f) => f.kind.startsWith('schema/'))
    expect(schema.map((f) => [f.kind, f.location.sheet, f.location.cell])).toEqual(
      expect.arrayContaining([
        ['schema/constraint/minimum', 'Book-ins', 'B3'],
        ['schema/unlisted-sheet', 'Detainees', undefined]
      ])
    )
    expect(schema).toHaveLength(2)
    expect(JSON.stringify(r)).not.toContain('Kovalenko')
  })
})
