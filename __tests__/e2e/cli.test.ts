// The bundled CLI (dist/cli.js) as a user runs it: exit codes, formats,
// skipped files, and above all that no output echoes a found value.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Papa from 'papaparse'
import type { Report } from '../../src/report/types.js'
import { runCli } from '../helpers/cli.js'
import { CORPUS, describeCorpus, REPO } from '../helpers/paths.js'
import { csv, eu, iso, person, us } from '../helpers/people.js'
import { tempRepo } from '../helpers/git.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()
const planted = new Set<string>()

beforeAll(() => {
  const people = Array.from({ length: 60 }, (_, i) => person(i))
  const rows: string[][] = [['id', 'Full Name', 'Date of Birth', 'SSN', 'Email', 'A-Number', 'Notes']]
  people.forEach((p, i) => {
    const name = i % 2 ? `${p.given} ${p.family}` : `${p.family.toUpperCase()}, ${p.given.toUpperCase()}`
    const dob = [us, iso, eu][i % 3]!(p.dob)
    rows.push([String(i + 1), name, dob, p.ssn, p.email, p.aNumber, i === 7 ? `moved; see ${p.aNumber} file` : ''])
    for (const v of [name, dob, p.ssn, p.email, p.aNumber]) planted.add(v)
  })
  dir.write('data/people.csv', csv(rows))
  // Headerless: the first row is a person, not a header.
  const headless = people.slice(0, 20).map((p) => [`${p.given} ${p.family}`, p.email, p.ssn])
  dir.write('data/headless.csv', csv(headless))
  // Semicolon-separated Spanish export with dd.mm.yyyy dates.
  const es = [
    ['Nombre', 'Fecha de nacimiento', 'Correo'],
    ...people.slice(0, 25).map((p) => [`${p.given} ${p.family}`, eu(p.dob), p.email])
  ]
  dir.write('data/personas.csv', csv(es, ';'))
  for (const p of people.slice(0, 25)) planted.add(eu(p.dob))
  dir.write(
    'data/clean.csv',
    csv([
      ['Facility', 'Fiscal Year', 'Book-ins'],
      ['PORT ISABEL SPC', '2021', '9811'],
      ['ADELANTO ICE PROCESSING CENTER', '2021', '4120']
    ])
  )
  dir.write('docs/notes.rst', '# not a table\n')
  dir.write('vendor/lib.csv', 'Email\nsomeone.else@correo.hn\n')
  dir.write('.github/publish-guard.yml', 'version: 1\nignore: ["vendor/**"]\n')
})

function assertNoEcho(out: string, values: Iterable<string>): void {
  const leaked = [...values].filter((v) => v.length >= 4 && out.includes(v))
  expect(leaked).toEqual([])
}

describe('publish-guard scan (bundled CLI)', () => {
  test('blocks with exit 1, and no output format echoes a found value', () => {
    const outputs: string[] = []
    for (const format of ['text', 'json', 'sarif']) {
      const r = runCli(['scan', '.', '--format', format], dir.path)
      expect(r.status).toBe(1)
      outputs.push(r.stdout + r.stderr)
    }
    const all = outputs.join('\n')
    assertNoEcho(all, planted)

    // Every cell at every place the report names: its value is not in any output.
    const report = JSON.parse(outputs[1]!) as Report
    const flagged = new Set<string>()
    for (const f of report.findings) {
      if (!f.kind.startsWith('pii/')) continue
      const places = 'samples' in f && f.samples ? f.samples : []
      for (const l of places) {
        const table = Papa.parse<string[]>(readFileSync(join(dir.path, l.file), 'utf8'), { skipEmptyLines: false }).data
        const v = table[(l.line ?? 0) - 1]?.[(l.column ?? 0) - 1]
        if (v) flagged.add(v)
      }
    }
    expect(flagged.size).toBeGreaterThan(100)
    assertNoEcho(all, flagged)
  })

  test('the JSON report has the documented shape, exact places and skipped files', () => {
    const r = runCli(['scan', '.', '--format', 'json'], dir.path)
    const report = JSON.parse(r.stdout) as Report
    expect(report.schemaVersion).toBe(1)
    expect(report.policy).toEqual({ source: '.github/publish-guard.yml', builtIn: false })
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]))
    expect(byPath['data/clean.csv']).toMatchObject({ status: 'scanned', errors: 0 })
    expect(byPath['vendor/lib.csv']).toMatchObject({ status: 'skipped', reason: 'ignored by policy' })
    expect(byPath['docs/notes.rst']).toBeUndefined()
    const kinds = (file: string) =>
      report.findings
        .filter((f) => f.location.file === file)
        .map((f) => f.kind)
        .sort()
    expect(kinds('data/people.csv')).toEqual([
      'pii/a-number',
      'pii/a-number',
      'pii/date-of-birth',
      'pii/email',
      'pii/person-name',
      'pii/person-record',
      'pii/ssn'
    ])
    expect(kinds('data/personas.csv')).toEqual(['pii/date-of-birth', 'pii/email', 'pii/person-name', 'pii/person-record'])
    // headerless: the first row is data, found at line 1
    const headlessEmail = report.findings.find((f) => f.location.file === 'data/headless.csv' && f.kind === 'pii/email')
    expect(headlessEmail && 'samples' in headlessEmail ? headlessEmail.samples?.[0] : undefined).toMatchObject({ line: 1, column: 2 })
    expect(headlessEmail?.location.header).toBeUndefined()
    // the A-number in free text is a finding at that cell
    const aNumbers = report.findings.filter((f) => f.location.file === 'data/people.csv' && f.kind === 'pii/a-number')
    expect(aNumbers.map((f) => [f.location.column, 'count' in f ? f.count : 0, 'scope' in f ? f.scope : ''])).toEqual([
      [6, 60, 'column'],
      [7, 1, 'cells']
    ])
    expect(aNumbers[1]?.location).toMatchObject({ line: 9, column: 7, header: 'Notes' })
  })

  test('text output groups by file with counts and places', () => {
    const r = runCli(['scan', 'data/people.csv'], dir.path)
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^publish-guard .*: BLOCKED/)
    expect(r.stdout).toContain('data/people.csv  [csv, 1 table(s), 60 row(s)]')
    expect(r.stdout).toMatch(/pii\/ssn: US social security numbers in column 4 \(SSN\): 60 of 60 cells/)
    expect(r.stdout).toMatch(/US social security numbers in column 4 \(SSN\)[^\n]*\n +at lines 2, 3, 4, 5, 6 \(\+55 more\)/)
  })

  test('a clean file exits 0; --output writes the report', () => {
    const r = runCli(['scan', 'data/clean.csv', '--format', 'json', '--output', 'out.json'], dir.path)
    expect(r.status).toBe(0)
    const report = JSON.parse(readFileSync(join(dir.path, 'out.json'), 'utf8')) as Report
    expect(report.blocked).toBe(false)
    expect(report.totals).toMatchObject({ files: 1, scanned: 1, errors: 0 })
  })

  test('an explicitly named file the policy does not match is listed as skipped', () => {
    const r = runCli(['scan', 'docs/notes.rst', '--format', 'json'], dir.path)
    expect(r.status).toBe(0)
    expect((JSON.parse(r.stdout) as Report).files).toEqual([
      { path: 'docs/notes.rst', status: 'skipped', reason: 'not matched by policy files', errors: 0, warnings: 0 }
    ])
  })

  test.each([
    [['scan'], /no PATH given/],
    [['scan', '.', '--format', 'xml'], /--format: must be text, json or sarif/],
    [['scan', '.', '--fail-on', 'info'], /--fail-on: must be error or warning/],
    [['scan', 'missing-dir'], /missing-dir: no such file or directory/],
    [['scan', '.', '--policy', 'nope.yml'], /nope.yml: policy file not found/],
    [['lint'], /unknown command `lint`/],
    [['scan', '.', '--bogus'], /Unknown option '--bogus'/]
  ])('usage error %j exits 2 with a clear message', (args, message) => {
    const r = runCli(args, dir.path)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  test('a bad policy exits 2 naming file, line and column', () => {
    dir.write('bad.yml', 'version: 1\nfiles: ["**/*.csv"]\nignroe: []\n')
    const r = runCli(['scan', '.', '--policy', 'bad.yml'], dir.path)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('bad.yml:3:1: unknown key `ignroe`')
  })

  test('--fail-on warning blocks on warnings', () => {
    dir.write(
      'warn/nat.csv',
      csv([
        ['Citizenship', 'Count'],
        ['MEXICO', '120'],
        ['HONDURAS', '80'],
        ['GUATEMALA', '75']
      ])
    )
    expect(runCli(['scan', 'warn'], dir.path).status).toBe(0)
    expect(runCli(['scan', 'warn', '--fail-on', 'warning'], dir.path).status).toBe(1)
  })

  test('--help and --version', () => {
    expect(runCli(['--help'], dir.path).stdout).toContain('Usage: publish-guard scan PATH...')
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }
    expect(runCli(['--version'], dir.path).stdout.trim()).toBe(pkg.version)
  })
})

describe('README commands', () => {
  test('`publish-guard scan examples/` reports the leaking sample and exits 1', () => {
    const r = runCli(['scan', 'examples/'], REPO)
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('examples/bookins-by-facility.csv  [csv, 1 table(s), 4 row(s)]  ok')
    expect(r.stdout).toMatch(/examples\/staff-contacts\.csv[^\n]*\n {2}error/)
    assertNoEcho(r.stdout + r.stderr, ['Castillo', 'KOVALENKO', 'Nwosu', '512-44-1290', 'example.org'])
  })
})

describeCorpus('shared corpus: CSV expectations', () => {
  const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, { expect: string }>
  const csvs = Object.entries(expected)
    .filter(([f]) => f.endsWith('.csv'))
    .map(([f, e]) => [f, e.expect] as const)

  test.each(csvs)('%s: %s', (file, want) => {
    const r = runCli(['scan', join(CORPUS, file), '--format', 'json'], REPO)
    const report = JSON.parse(r.stdout) as Report
    if (want === 'pass' || want === 'block with policy') {
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([])
      expect(r.status).toBe(0)
    } else {
      expect(want).toBe('block')
      expect(r.status).toBe(1)
      const lines = report.findings.flatMap((f) => ('samples' in f && f.samples ? f.samples : [])).map((l) => l.line)
      expect(lines.every((l) => typeof l === 'number' && l >= 2)).toBe(true)
    }
  })

  test('leaks/roster.csv never echoes a name it found', () => {
    const roster = readFileSync(join(CORPUS, 'leaks/roster.csv'), 'utf8')
    const names = Papa.parse<string[]>(roster)
      .data.slice(1)
      .map((r) => r[0] ?? '')
      .filter(Boolean)
    const out = ['text', 'json', 'sarif'].map((f) => runCli(['scan', join(CORPUS, 'leaks'), '--format', f], REPO).stdout).join('\n')
    assertNoEcho(out, names)
  })
})

describe('run from a subfolder of a repository', () => {
  const repo = tempRepo('pg-cli-sub-')
  beforeAll(() => {
    repo.write(
      '.github/publish-guard.yml',
      'version: 1\nignore: ["data/vendor/**"]\ndatasets:\n  - name: stats\n    files: ["data/stats/*.csv"]\n    columns: { allow: [Facility, Fiscal Year, Book-ins] }\n'
    )
    repo.write(
      'data/stats/bookins.csv',
      csv([
        ['Facility', 'Fiscal Year', 'Book-ins', 'Officer'],
        ['PORT ISABEL SPC', '2021', '9811', 'x']
      ])
    )
    repo.write('data/vendor/lib.csv', 'Email\nsomeone.else@example.org\n')
    repo.commit('tables')
  })

  test('the policy at the top level applies, and paths are reported from the top level', () => {
    const r = runCli(['scan', 'stats/bookins.csv', 'vendor/lib.csv', '--format', 'json'], join(repo.path, 'data'))
    expect(r.stderr).not.toContain('built-in default policy')
    const report = JSON.parse(r.stdout) as Report
    expect(report.policy).toEqual({ source: '.github/publish-guard.yml', builtIn: false })
    expect(report.files.map((f) => [f.path, f.status])).toEqual([
      ['data/stats/bookins.csv', 'scanned'],
      ['data/vendor/lib.csv', 'skipped']
    ])
    expect(report.findings.map((f) => f.kind)).toEqual(['policy/column-not-allowed'])
    expect(r.status).toBe(1)
  })

  test('--policy is read from where the command runs', () => {
    repo.write('data/local.yml', 'version: 1\n')
    const r = runCli(['scan', 'stats/bookins.csv', '--policy', 'local.yml', '--format', 'json'], join(repo.path, 'data'))
    expect(r.status).toBe(0)
    expect((JSON.parse(r.stdout) as Report).policy.source).toBe('data/local.yml')
  })
})
