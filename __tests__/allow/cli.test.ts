// The CLI as a user runs it (dist/cli.js): the fingerprint command and
// `scan --staged`, in real git repositories.

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fingerprint } from '../../src/allow/fingerprint.js'
import { runCli } from '../helpers/cli.js'
import { csv, person } from '../helpers/people.js'
import { tempRepo } from '../helpers/git.js'

const SALT = 'cli-test-salt-42'

function table(n: number, from = 0): string {
  const rows: string[][] = [['Full name', 'A-Number', 'Office']]
  for (let i = from; i < from + n; i++) {
    const p = person(i)
    rows.push([`${p.given} ${p.family}`, p.aNumber, 'press.office@agency.example.gov'])
  }
  return csv(rows)
}

describe('publish-guard fingerprint', () => {
  const repo = tempRepo()
  repo.write('.github/publish-guard.yml', `version: 1\nsalt: ${SALT}\n`)
  repo.write('data/t.csv', table(5))

  test('--at B3 and --line 3 --column 2 print the fingerprint of that cell, never its value', () => {
    const value = person(1).aNumber
    const expected = fingerprint(value, SALT)
    const a = runCli(['fingerprint', 'data/t.csv', '--at', 'B3'], repo.path)
    expect(a.status).toBe(0)
    expect(a.stdout).toBe(`${expected}\n`)
    expect(a.stderr).toContain('salt from the policy salt')
    const b = runCli(['fingerprint', 'data/t.csv', '--line', '3', '--column', '2'], repo.path)
    expect(b.stdout).toBe(a.stdout)
    for (const out of [a.stdout + a.stderr, b.stdout + b.stderr]) {
      expect(out).not.toContain(value)
      expect(out).not.toContain(value.slice(1))
    }
  })

  test('the printed fingerprint, put in the policy, allows exactly that value', () => {
    const print = runCli(['fingerprint', 'data/t.csv', '--at', 'C2'], repo.path).stdout.trim()
    repo.write(
      '.github/publish-guard.yml',
      `version: 1\nsalt: ${SALT}\nallow:\n  - fingerprint: "${print}"\n    reason: "press office address"\n`
    )
    const r = runCli(['scan', 'data', '--format', 'json'], repo.path)
    const report = JSON.parse(r.stdout)
    const emails = report.findings.filter((f: { kind: string }) => f.kind === 'pii/email')
    expect(emails).toEqual([expect.objectContaining({ count: 5, allowed: { reason: 'press office address', entry: 1 } })])
    expect(r.stdout).not.toContain('press.office')
  })

  test('an empty cell or a bad place is a usage error (exit 2)', () => {
    expect(runCli(['fingerprint', 'data/t.csv', '--at', 'Z99'], repo.path)).toMatchObject({ status: 2, stdout: '' })
    expect(runCli(['fingerprint', 'data/t.csv', '--at', '7B'], repo.path).status).toBe(2)
    expect(runCli(['fingerprint', 'data/t.csv'], repo.path).status).toBe(2)
  })
})

describe('publish-guard scan --staged', () => {
  const repo = tempRepo()
  repo.write('data/clean.csv', 'Facility,Book-ins\nNorth,120\nSouth,87\n')
  repo.commit('clean data')

  test('scans the staged blob, not the working tree file', () => {
    // Stage a leak, then "fix" only the working tree: the commit would still leak.
    repo.write('data/people.csv', table(12))
    repo.git('add', 'data/people.csv')
    writeFileSync(join(repo.path, 'data/people.csv'), 'Facility,Book-ins\nNorth,1\n')
    const r = runCli(['scan', '--staged', '--format', 'json'], repo.path)
    expect(r.status).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['data/people.csv'])
    expect(report.findings.map((f: { kind: string }) => f.kind)).toContain('pii/a-number')
    expect(report.findings[0].location.file).toBe('data/people.csv')
    expect(r.stdout).not.toContain(person(0).family)
  })

  test('clean staged content passes even when the working tree leaks; unstaged files are not scanned', () => {
    repo.git('reset', '-q')
    repo.write('data/clean.csv', 'Facility,Book-ins\nNorth,121\nSouth,87\n')
    repo.git('add', 'data/clean.csv')
    writeFileSync(join(repo.path, 'data/clean.csv'), table(12))
    const r = runCli(['scan', '--staged'], join(repo.path, 'data'))
    expect(r.stdout).toContain('data/clean.csv')
    expect(r.stdout).not.toContain('people.csv')
    expect(r.status).toBe(0)
  })

  test('fingerprint entries work in --staged scans with a salt derived from the repository (not the temp copy)', () => {
    repo.git('reset', '-q')
    repo.git('remote', 'add', 'origin', 'git@github.com:example/staged-test.git')
    repo.write('data/office.csv', table(6))
    const env = { GITHUB_REPOSITORY_ID: '' }
    const fp = runCli(['fingerprint', 'data/office.csv', '--at', 'C2'], repo.path, env)
    expect(fp.stderr).toContain('git remote')
    repo.write(
      '.github/publish-guard.yml',
      `version: 1\nallow:\n  - fingerprint: "${fp.stdout.trim()}"\n    reason: "press office address"\n`
    )
    repo.git('add', 'data/office.csv')
    const r = runCli(['scan', '--staged', '--format', 'json'], repo.path, env)
    const emails = JSON.parse(r.stdout).findings.filter((f: { kind: string }) => f.kind === 'pii/email')
    expect(emails).toEqual([expect.objectContaining({ count: 6, allowed: expect.objectContaining({ reason: 'press office address' }) })])
  })

  test('outside a git repository it is a usage error', () => {
    const r = runCli(['scan', '--staged'], '/')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--staged needs a git repository')
  })
})
