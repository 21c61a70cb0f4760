// Labels are data: headers, sheet names and part names are shown only when
// they pass the safe-label check. The bundled CLI, every output format.

import type { Report } from '../../src/report/types.js'
import { runCli } from '../helpers/cli.js'
import { xlsx } from '../helpers/ooxml.js'
import { csv } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const NAMES = ['Maria Garcia', 'John Smith', 'Ahmed Khan', 'Wei Chen', 'Oksana Shevchenko']

/** Every output format of one scan; the exit status must be the same for all. */
function scanAll(cwd: string, args: string[]): { status: number | null; text: string; json: Report; all: string } {
  const out = ['text', 'json', 'sarif'].map((format) => runCli(['scan', ...args, '--format', format], cwd))
  const status = out[0]?.status ?? null
  for (const r of out) expect(r.status).toBe(status)
  return { status, text: out[0]!.stdout, json: JSON.parse(out[1]!.stdout) as Report, all: out.map((r) => r.stdout + r.stderr).join('\n') }
}

function leaked(out: string, values: string[]): string[] {
  return values.filter((v) => out.includes(v) || out.includes(v.replace(' ', '_')))
}

describe('names as column labels', () => {
  const dir = tempDir()
  beforeAll(() => {
    // A cross-tab: people's names as column labels over counts.
    dir.write(
      'crosstab.csv',
      csv([
        ['Region', ...NAMES, 'Total'],
        ['North', 3, 4, 5, 6, 7, 25],
        ['South', 1, 2, 3, 4, 5, 15],
        ['East', 5, 5, 5, 5, 5, 25]
      ])
    )
    // A transposed table: one column per person (with a title), one row per attribute.
    const people = NAMES.map((n) => `Dr. ${n}`)
    dir.write(
      'transposed.csv',
      csv([
        ['Field', ...people],
        ['SSN', '123-45-6789', '234-56-7891', '345-67-8912', '456-78-9123', '567-89-1234'],
        ['Email', 'mg@example.org', 'js@example.org', 'ak@example.org', 'wc@example.org', 'os@example.org'],
        ['Phone', '(212) 555-0101', '(212) 555-0102', '(212) 555-0103', '(212) 555-0104', '(212) 555-0105']
      ])
    )
  })

  test('a header row of person names is a pii/person-name finding, and no output names anyone', () => {
    for (const file of ['crosstab.csv', 'transposed.csv']) {
      const r = scanAll(dir.path, [file])
      expect(r.status).toBe(1)
      const row = r.json.findings.filter((f) => f.kind === 'pii/person-name' && f.location.line === 1)
      expect(row).toHaveLength(1)
      expect(row[0]!.severity).toBe('error')
      expect(leaked(r.all, NAMES)).toEqual([])
    }
    // Real column labels (years, places, categories) are no names.
    dir.write(
      'years.csv',
      csv([
        ['County', '2019', '2020', 'Los Angeles', 'San Diego', 'Total'],
        ['Kern', 1, 2, 3, 4, 10],
        ['Inyo', 2, 3, 4, 5, 14]
      ])
    )
    const years = scanAll(dir.path, ['years.csv'])
    expect(years.status).toBe(0)
    expect(years.json.findings.filter((f) => f.kind.startsWith('pii/'))).toEqual([])
  })

  test('policy/column-not-allowed on a name header does not print it; a declared header is shown', () => {
    const pol = dir.write(
      'policy.yml',
      'version: 1\ndatasets:\n  - name: results\n    files: ["*.csv"]\n    columns:\n      allow: [Field, "Dr. Wei Chen"]\n'
    )
    const r = scanAll(dir.path, ['transposed.csv', '--policy', pol])
    expect(r.status).toBe(1)
    const notAllowed = r.json.findings.filter((f) => f.kind === 'policy/column-not-allowed')
    expect(notAllowed.map((f) => f.location.column)).toEqual([2, 3, 4, 6])
    for (const f of notAllowed) expect(f.location.header).toBeUndefined()
    expect(
      leaked(
        r.all,
        NAMES.filter((n) => n !== 'Wei Chen')
      )
    ).toEqual([])
    // The policy author wrote this one: it may be shown.
    expect(r.json.findings.some((f) => f.location.header === 'Dr. Wei Chen')).toBe(true)
  })
})

describe('sheet and part names', () => {
  const dir = tempDir()
  const SECRET = ['Maria Garcia', '123-45-6789']
  beforeAll(() => {
    dir.write(
      'book.xlsx',
      xlsx({
        sheets: [
          {
            name: 'Summary',
            rows: [
              ['Region', 'Count'],
              ['North', 4]
            ]
          },
          {
            name: 'Maria Garcia 123-45-6789',
            state: 'hidden',
            rows: [
              ['Region', 'Count'],
              ['North', 4]
            ]
          }
        ],
        extraParts: { 'xl/embeddings/Maria_Garcia_123-45-6789.bin': Buffer.from([0, 1, 2, 3]) }
      })
    )
  })

  test('a hidden sheet and a part named after a person with an SSN: never printed, and the file blocks', () => {
    const r = scanAll(dir.path, ['book.xlsx'])
    expect(r.status).toBe(1)
    expect(leaked(r.all, SECRET)).toEqual([])
    // The names themselves are scanned: the SSN in them is a finding.
    const ssn = r.json.findings.filter((f) => f.kind === 'pii/ssn')
    expect(ssn.map((f) => f.location.part)).toEqual(expect.arrayContaining(['sheet names, sheet 2']))
    // The hidden sheet is named by its position.
    expect(r.text).toMatch(/#2/)
  })
})
