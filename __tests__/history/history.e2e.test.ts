// `scan --history`, `--shard I/N` and `merge` end to end (dist/cli.js) on
// generated git repositories: a leak added and removed two commits later is
// still reported, with the commit that added it; one blob at two paths is
// scanned once; the shards of a scan merge into the unsharded report.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli.js'
import { tempRepo } from '../helpers/git.js'
import { csv, iso, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

const roster = (n: number, from = 0): string =>
  csv([
    ['Name', 'Date of Birth', 'A-Number', 'Email'],
    ...Array.from({ length: n }, (_, i) => {
      const p = person(from + i)
      return [`${p.given} ${p.family}`, iso(p.dob), p.aNumber, p.email]
    })
  ])
const stats = (n: number, seed = 0): string =>
  csv([
    ['Facility', 'Fiscal Year', 'Book-ins'],
    ...Array.from({ length: n }, (_, i) => [`Facility ${i % 5}`, 2015 + (i % 8), 10 + i + seed])
  ])

/** Every value of the roster of `n` people from `from`: none may appear in any output. */
const values = (n: number, from = 0): string[] =>
  Array.from({ length: n }, (_, i) => {
    const p = person(from + i)
    return [`${p.given} ${p.family}`, p.aNumber, p.email]
  }).flat()

interface Json {
  blocked: boolean
  files: Array<{
    path: string
    status: string
    errors: number
    history?: { blob: string; commit: string; paths: string[]; inTree: boolean }
  }>
  findings: Array<{ kind: string; location: { file: string } }>
  history?: { branch: string; head: string; since?: string }
}

const repo = tempRepo('pg-history-')
const outDir = tempDir('pg-history-out-')
let added = ''
let third = ''
beforeAll(() => {
  repo.write('data/stats.csv', stats(30))
  repo.write('README.md', 'site\n')
  repo.commit('stats')
  repo.write('data/people.csv', roster(25))
  added = repo.commit('add the roster by mistake')
  repo.write('data/stats.csv', stats(30, 1))
  third = repo.commit('update stats')
  repo.git('rm', '-q', 'data/people.csv')
  repo.commit('remove the roster')
  // The same roster, later, at two paths in one commit: one blob.
  repo.write('archive/a/old.csv', roster(10, 100))
  repo.write('archive/b/old-copy.csv', roster(10, 100))
  repo.commit('archive')
  repo.git('rm', '-q', '-r', 'archive')
  repo.commit('drop the archive')
  repo.git('branch', 'other', third)
})

function json(args: string[]): { status: number | null; report: Json; raw: string; stderr: string } {
  const out = join(outDir.path, `r-${Math.random().toString(36).slice(2)}.json`)
  const r = runCli([...args, '--format', 'json', '--output', out], repo.path)
  expect(r.stderr).not.toMatch(/error/)
  const raw = readFileSync(out, 'utf8')
  return { status: r.status, report: JSON.parse(raw) as Json, raw, stderr: r.stderr }
}

describe('scan --history', () => {
  test('the current tree is clean, but its history is not', () => {
    expect(runCli(['scan', '.'], repo.path).status).toBe(0)
    const { status, report } = json(['scan', '--history'])
    expect(status).toBe(1)
    expect(report.history).toMatchObject({ branch: 'HEAD' })
    const leak = report.files.find((f) => f.history?.paths.includes('data/people.csv'))
    expect(leak).toBeDefined()
    expect(leak!.history).toMatchObject({ commit: added, inTree: false })
    expect(leak!.path).toBe(`data/people.csv@${added.slice(0, 12)}`)
    expect(leak!.errors).toBeGreaterThan(0)
    expect(report.findings.some((f) => f.location.file === leak!.path && f.kind === 'pii/person-name')).toBe(true)
  })

  test('each distinct blob is scanned once, with every path it had', () => {
    const { report } = json(['scan', '--history'])
    const archive = report.files.filter((f) => f.history?.paths.some((p) => p.startsWith('archive/')))
    expect(archive).toHaveLength(1)
    expect(archive[0]!.history!.paths).toEqual(['archive/a/old.csv', 'archive/b/old-copy.csv'])
    // The README (a page, no table); stats.csv had two versions: two blobs; people.csv one; the archive one.
    expect(report.files.map((f) => f.history!.paths[0])).toEqual([
      'README.md',
      'data/stats.csv',
      'data/people.csv',
      'data/stats.csv',
      'archive/a/old.csv'
    ])
    expect(report.files.filter((f) => f.history!.inTree && f.path.startsWith('data/')).map((f) => f.path)).toEqual([
      `data/stats.csv@${third.slice(0, 12)}`
    ])
  })

  test('--since and --branch narrow the history', () => {
    const since = json(['scan', '--history', '--since', third])
    expect(since.report.files.map((f) => f.history!.paths[0])).toEqual(['archive/a/old.csv'])
    expect(since.report.history).toMatchObject({ since: third })
    const other = json(['scan', '--history', '--branch', 'other'])
    expect(other.report.history).toMatchObject({ branch: 'other' })
    expect(other.report.files.map((f) => f.history!.paths[0])).toEqual(['README.md', 'data/stats.csv', 'data/people.csv', 'data/stats.csv'])
    expect(other.report.files.find((f) => f.history!.paths[0] === 'data/people.csv')!.history!.inTree).toBe(true)
  })

  test('text output: the blobs, whether the tree still has them, purge guidance; never a value', () => {
    const r = runCli(['scan', '--history'], repo.path)
    expect(r.status).toBe(1)
    expect(r.stdout).toContain(`data/people.csv@${added.slice(0, 12)}`)
    expect(r.stdout).toContain('only in the history')
    expect(r.stdout).toContain('git filter-repo')
    expect(r.stdout).toContain('does not undo copies already made')
    for (const v of [...values(25), ...values(10, 100)]) expect(r.stdout + r.stderr).not.toContain(v)
    for (const fmt of ['json', 'sarif']) {
      const o = runCli(['scan', '--history', '--format', fmt], repo.path)
      for (const v of [...values(25), ...values(10, 100)]) expect(o.stdout).not.toContain(v)
    }
  })

  test("the policy's schema files are read from the repository, not from the blobs' temp copies", () => {
    const policy = [
      'version: 1',
      'datasets:',
      '  - name: stats',
      '    files: ["data/stats.csv"]',
      '    schema: schemas/stats.json',
      ''
    ].join('\n')
    const schema = JSON.stringify({
      fields: [
        { name: 'Facility', type: 'string' },
        { name: 'Fiscal Year', type: 'integer' },
        { name: 'Book-ins', type: 'integer' }
      ]
    })
    repo.write('.github/publish-guard.yml', policy)
    repo.write('schemas/stats.json', schema)
    try {
      for (const jobs of ['1', '2']) {
        const { status, report, stderr } = json(['scan', '--history', '--jobs', jobs])
        expect(stderr).not.toContain('configuration')
        expect(status).toBe(1)
        expect(report.files.filter((f) => f.history!.paths[0] === 'data/stats.csv').map((f) => f.status)).toEqual(['scanned', 'scanned'])
        expect(report.findings.filter((f) => f.kind.startsWith('schema/'))).toEqual([])
      }
    } finally {
      repo.git('clean', '-fdq', '.github', 'schemas')
    }
  })

  test('allow entries match a blob by the path it was committed at, not by its path@commit name', () => {
    repo.write(
      '.github/publish-guard.yml',
      ['version: 1', 'allow:', '  - { files: ["data/people.csv"], reason: "published on purpose", expires: "2999-12-31" }', ''].join('\n')
    )
    try {
      const { status, report } = json(['scan', '--history', '--jobs', '1'])
      const leak = report.files.find((f) => f.history?.paths.includes('data/people.csv'))!
      expect(report.findings.filter((f) => f.location.file === leak.path).every((f) => (f as { allowed?: unknown }).allowed)).toBe(true)
      expect(leak.errors).toBe(0)
      // The archive's roster is at other paths: still blocks.
      expect(status).toBe(1)
    } finally {
      repo.git('clean', '-fdq', '.github')
    }
  })

  test('a branch that does not exist is a usage error', () => {
    const r = runCli(['scan', '--history', '--branch', 'no-such-branch'], repo.path)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--branch')
  })
})

describe('--shard and merge', () => {
  const shards = (args: string[], n: number): string[] =>
    Array.from({ length: n }, (_, i) => {
      const out = join(outDir.path, `shard-${args.join('_').replace(/\W/g, '')}-${n}-${i + 1}.json`)
      const r = runCli([...args, '--shard', `${i + 1}/${n}`, '--format', 'json', '--output', out], repo.path)
      expect([0, 1]).toContain(r.status)
      return out
    })

  test('the merged report of 4 history shards equals the unsharded report', () => {
    const whole = json(['scan', '--history'])
    const files = shards(['scan', '--history'], 4)
    const merged = json(['merge', ...files])
    expect(merged.raw).toBe(whole.raw)
    expect(merged.status).toBe(1)
  })

  test('the merged report of 4 file shards equals the unsharded report', () => {
    for (let i = 0; i < 9; i++) repo.write(`site/t${i}.csv`, i % 3 ? stats(5 + i) : roster(4, 200 + i * 4))
    const whole = json(['scan', 'site', 'data'])
    const files = shards(['scan', 'site', 'data'], 4)
    expect(json(['merge', ...files]).raw).toBe(whole.raw)
  })

  test('merge refuses a missing or repeated shard and reports that are not shards', () => {
    const files = shards(['scan', '--history'], 3)
    const missing = runCli(['merge', files[0]!, files[2]!], repo.path)
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('2/3 missing')
    expect(runCli(['merge', files[0]!, files[0]!, files[1]!, files[2]!], repo.path).status).toBe(2)
    const plain = join(outDir.path, 'plain.json')
    runCli(['scan', 'data', '--format', 'json', '--output', plain], repo.path)
    expect(runCli(['merge', plain], repo.path).stderr).toContain('shard')
  })
})
