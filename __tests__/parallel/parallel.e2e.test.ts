// The parallel scan end to end (dist/cli.js, dist/worker.js): the report is
// byte for byte the one-thread report, whatever the number of workers, on a
// mix of clean and leaking CSVs, workbooks with hidden sheets, an unreadable
// file, a skipped file and an allowlist whose audit trail counts its uses
// (a fingerprint entry's cells are counted in whichever thread read them).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fingerprint } from '../../src/allow/fingerprint.js'
import { runCli } from '../helpers/cli.js'
import { xlsx } from '../helpers/ooxml.js'
import { csv, iso, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir('pg-parallel-')
const SALT = 'parallel-test-salt'
const people = (n: number, from = 0) =>
  csv([
    ['Name', 'Date of Birth', 'SSN', 'Email'],
    ...Array.from({ length: n }, (_, i) => {
      const p = person(from + i)
      return [`${p.given} ${p.family}`, iso(p.dob), p.ssn, p.email]
    })
  ])
const stats = (n: number) =>
  csv([['Facility', 'Fiscal Year', 'Book-ins'], ...Array.from({ length: n }, (_, i) => [`Facility ${i % 7}`, 2015 + (i % 9), 10 + i])])

beforeAll(() => {
  for (let i = 0; i < 12; i++) dir.write(`data/people-${String(i).padStart(2, '0')}.csv`, people(20 + i, i * 40))
  for (let i = 0; i < 12; i++) dir.write(`data/stats-${String(i).padStart(2, '0')}.csv`, stats(50 + i))
  for (let i = 0; i < 4; i++) {
    const p = person(500 + i)
    dir.write(
      `data/book-${i}.xlsx`,
      xlsx({
        sheets: [
          {
            name: 'Summary',
            rows: [
              ['Facility', 'Count'],
              ['North', 12 + i]
            ]
          },
          {
            name: 'Detail',
            state: i % 2 ? 'veryHidden' : 'hidden',
            rows: [
              ['Name', 'A-Number'],
              [`${p.given} ${p.family}`, p.aNumber]
            ]
          }
        ]
      })
    )
  }
  dir.write('data/legacy.xlsx', 'not a zip at all\n')
  dir.write('vendor/skip.csv', people(3))
  dir.write(
    '.github/publish-guard.yml',
    [
      'version: 1',
      `salt: ${SALT}`,
      'ignore: ["vendor/**"]',
      'allow:',
      '  - { files: ["data/people-03.csv"], kinds: ["pii/email"], reason: "press contacts published on purpose", expires: "2999-12-31" }',
      '  - { files: ["nowhere/**"], reason: "never used", expires: "2999-12-31" }',
      // One address of people-07.csv (its third row), allowed by value.
      `  - { fingerprint: "${fingerprint(person(7 * 40 + 2).email, SALT)}", reason: "a shared press address", expires: "2999-12-31" }`
    ].join('\n') + '\n'
  )
})

function report(jobs: number): string {
  const out = join(dir.path, `report-${jobs}.json`)
  const r = runCli(['scan', 'data', 'vendor', '--format', 'json', '--output', out, '--jobs', String(jobs)], dir.path)
  expect(r.stderr).toContain('BLOCKED')
  expect(r.status).toBe(1)
  return readFileSync(out, 'utf8')
}

describe('parallel scan', () => {
  test('1, 2 and 4 workers give the same report, byte for byte', () => {
    const one = report(1)
    const parsed = JSON.parse(one) as {
      files: Array<{ path: string; status: string }>
      findings: unknown[]
      allowlist: Array<{ status: string; findings: number; cells: number }>
    }
    // The mix is really there: scanned, unreadable, skipped, allowed.
    expect(parsed.files.filter((f) => f.status === 'unreadable').map((f) => f.path)).toEqual(['data/legacy.xlsx'])
    expect(parsed.files.filter((f) => f.status === 'skipped').map((f) => f.path)).toEqual(['vendor/skip.csv'])
    expect(parsed.files).toHaveLength(30)
    expect(parsed.allowlist.map((e) => e.status)).toEqual(['used', 'out-of-scope', 'used'])
    expect(parsed.allowlist[2]).toMatchObject({ findings: 1, cells: 1 })
    expect(report(2)).toBe(one)
    expect(report(4)).toBe(one)
  })

  test('--jobs takes a whole number from 1', () => {
    for (const bad of ['0', 'two', '-1', '1.5', '100000']) {
      const r = runCli(['scan', 'data', '--jobs', bad], dir.path)
      expect(r.status).toBe(2)
      expect(r.stderr).toContain('--jobs')
    }
  })
})
