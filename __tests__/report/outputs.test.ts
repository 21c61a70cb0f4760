// The three CLI outputs, text, JSON and SARIF, as reviewed files: one scan
// of a fixed folder (a leaking roster, a workbook with a very hidden sheet,
// a clean table, a skipped file). Any change to what a user reads shows up
// here as a diff; `UPDATE_GOLDEN=1` rewrites them after review. The SARIF is
// also validated against the SARIF 2.1.0 JSON Schema, and no output may
// hold a value of the fixture.

import { createRequire } from 'node:module'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ValidateFunction } from 'ajv'
import { runCli } from '../helpers/cli.js'
import { xlsx } from '../helpers/ooxml.js'
import { csv, iso, person } from '../helpers/people.js'
import { REPO } from '../helpers/paths.js'
import { tempDir } from '../helpers/tmp.js'
import { VERSION } from '../../src/version.js'

const GOLDEN = join(REPO, '__tests__/report/golden')
const dir = tempDir('pg-outputs-')
const people = Array.from({ length: 8 }, (_, i) => person(i))
const values = people.flatMap((p) => [`${p.given} ${p.family}`, p.aNumber, p.ssn, p.email])

beforeAll(() => {
  dir.write(
    'data/roster.csv',
    csv([['Full Name', 'Date of Birth', 'SSN', 'Email'], ...people.map((p) => [`${p.given} ${p.family}`, iso(p.dob), p.ssn, p.email])])
  )
  dir.write(
    'data/stats.csv',
    csv([
      ['Facility', 'Fiscal Year', 'Book-ins'],
      ['PORT ISABEL SPC', 2024, 9811],
      ['OTERO PC', 2024, 4120]
    ])
  )
  dir.write(
    'data/detention.xlsx',
    xlsx({
      sheets: [
        {
          name: 'Summary',
          rows: [
            ['Facility', 'Count'],
            ['PORT ISABEL SPC', 12]
          ]
        },
        { name: 'Detail', state: 'veryHidden', rows: [['Name', 'A-Number'], ...people.map((p) => [`${p.given} ${p.family}`, p.aNumber])] }
      ]
    })
  )
  dir.write('vendor/copy.csv', 'a,b\n1,2\n')
  dir.write('.github/publish-guard.yml', 'version: 1\nignore: ["vendor/**"]\n')
})

/** The version changes with every release: the goldens hold a placeholder. */
const normalise = (s: string): string => s.replaceAll(VERSION, '<version>')

function golden(name: string, text: string): void {
  const file = join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text)
  expect(text).toBe(readFileSync(file, 'utf8'))
}

describe.each(['text', 'json', 'sarif'])('%s output', (format) => {
  let out = ''
  beforeAll(() => {
    const r = runCli(['scan', 'data', 'vendor', '--format', format, '--jobs', '1'], dir.path)
    expect(r.status).toBe(1)
    out = normalise(r.stdout)
  })

  test('is the reviewed one', () => golden(`scan.${format === 'text' ? 'txt' : format === 'json' ? 'json' : 'sarif'}`, out))

  test('holds no value found', () => {
    for (const v of values) expect(out).not.toContain(v)
  })
})

test('the SARIF is valid SARIF 2.1.0', () => {
  // The SARIF schema is JSON Schema draft-04: ajv's draft-04 build (a CommonJS class), and the schema file @microsoft/jest-sarif ships.
  const require = createRequire(import.meta.url)
  const AjvDraft04 = require('ajv-draft-04') as new (o: object) => { compile(s: object): ValidateFunction }
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object
  const validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(schema)
  const r = runCli(['scan', 'data', 'vendor', '--format', 'sarif'], dir.path)
  const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: unknown[]; tool: { driver: { rules: unknown[] } } }> }
  const ok = validate(sarif)
  expect(validate.errors ?? []).toEqual([])
  expect(ok).toBe(true)
  expect(sarif.runs[0]!.results.length).toBeGreaterThan(0)
  expect(sarif.runs[0]!.tool.driver.rules.length).toBeGreaterThan(0)
})
