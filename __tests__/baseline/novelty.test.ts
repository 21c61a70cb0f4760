// New in this pull request or already on the base branch: real git
// repositories with a base commit and a head commit.

import { markNovelty } from '../../src/baseline/novelty.js'
import { exposureOf } from '../../src/github/exposure.js'
import { parsePolicy } from '../../src/policy/load.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { renderJson } from '../../src/report/json.js'
import { renderText } from '../../src/report/text.js'
import { resolvePolicy } from '../../src/resolve.js'
import { scan } from '../../src/scan.js'
import type { Finding } from '../../src/findings.js'
import type { Policy } from '../../src/policy/types.js'
import { csv, person } from '../helpers/people.js'
import { tempRepo } from '../helpers/git.js'

function people(ids: number[], opts: { aNumber?: (a: string) => string; withA?: boolean } = {}): string {
  const withA = opts.withA ?? true
  const rows: string[][] = [withA ? ['Full name', 'A-Number'] : ['Full name']]
  for (const i of ids) {
    const p = person(i)
    const a = opts.aNumber ? opts.aNumber(p.aNumber) : p.aNumber
    rows.push(withA ? [`${p.given} ${p.family}`, a] : [`${p.given} ${p.family}`])
  }
  return csv(rows)
}
const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i)
const dashed = (a: string): string => `${a.slice(0, 1)}-${a.slice(1, 4)}-${a.slice(4, 7)}-${a.slice(7)}`

const repo = tempRepo()
repo.write('data/same.csv', people(range(0, 12)))
repo.write('data/reformatted.csv', people(range(0, 12)))
repo.write('data/grow.csv', people(range(0, 12)))
repo.write('data/swap.csv', people(range(0, 12)))
repo.write('data/old-name.csv', people(range(0, 12)))
repo.write('data/add-column.csv', people(range(0, 12), { withA: false }))
repo.write('data/untouched.csv', people(range(0, 12)))
const base = repo.commit('base')

repo.write('data/same.csv', people(range(0, 12)).replace('\n', '\n') + '\n')
repo.write('data/reformatted.csv', people(range(0, 12), { aNumber: dashed }).toUpperCase())
repo.write('data/grow.csv', people(range(0, 14)))
repo.write('data/swap.csv', people(range(20, 12)))
repo.git('mv', 'data/old-name.csv', 'data/renamed.csv')
repo.write('data/add-column.csv', people(range(0, 12)))
repo.write('data/new.csv', people(range(40, 12)))
repo.commit('head')

const CHANGED = [
  'data/same.csv',
  'data/reformatted.csv',
  'data/grow.csv',
  'data/swap.csv',
  { path: 'data/renamed.csv', previousPath: 'data/old-name.csv' },
  'data/add-column.csv',
  'data/new.csv'
]

async function prReport(plain: Policy, paths = ['data']) {
  const policy = await resolvePolicy(plain, repo.path)
  const head = await scan({ policy, paths, root: repo.path })
  return markNovelty({ repoRoot: repo.path, baseRef: base, changed: CHANGED, policy, head })
}
const novelty = (fs: Finding[], file: string, kind: string) => fs.find((f) => f.location.file === file && f.kind === kind)?.novelty

describe('new or existing, against the base commit', () => {
  let report: Awaited<ReturnType<typeof prReport>>
  beforeAll(async () => {
    report = await prReport(builtInPolicy())
  })

  test('unchanged findings, renamed files and reformatted values are existing', () => {
    for (const file of ['data/same.csv', 'data/renamed.csv', 'data/reformatted.csv', 'data/untouched.csv']) {
      expect([file, novelty(report.findings, file, 'pii/person-name')]).toEqual([file, 'existing'])
      expect([file, novelty(report.findings, file, 'pii/a-number')]).toEqual([file, 'existing'])
      expect([file, novelty(report.findings, file, 'pii/person-record')]).toEqual([file, 'existing'])
    }
  })

  test('a new file, more cells, other values, a new column are new', () => {
    expect(novelty(report.findings, 'data/new.csv', 'pii/a-number')).toBe('new')
    expect(novelty(report.findings, 'data/grow.csv', 'pii/a-number')).toBe('new')
    expect(novelty(report.findings, 'data/swap.csv', 'pii/person-name')).toBe('new')
    expect(novelty(report.findings, 'data/add-column.csv', 'pii/a-number')).toBe('new')
    expect(novelty(report.findings, 'data/add-column.csv', 'pii/person-name')).toBe('existing')
    expect(report.totals.new).toBe(report.findings.filter((f) => f.novelty === 'new').length)
    expect(report.totals.new! + report.totals.existing!).toBe(report.findings.length)
  })

  test('renderers lead with new findings; existing ones say they still block', () => {
    const text = renderText(report)
    const block = text.slice(text.indexOf('data/add-column.csv'))
    expect(block.indexOf('[new]')).toBeLessThan(block.indexOf('[existing]'))
    expect(block.indexOf('[new]')).toBeGreaterThan(-1)
    expect(text).toMatch(/new in this change, \d+ already on the base branch/)
    expect(text).toContain('already on the base branch: still blocking')
    expect(report.blocked).toBe(true)
  })

  test('no value in the report', () => {
    const out = renderJson(report) + renderText(report)
    for (const i of [...range(0, 14), ...range(20, 12), ...range(40, 12)]) {
      expect(out).not.toContain(person(i).family)
      expect(out).not.toContain(person(i).aNumber.slice(1))
    }
  })
})

describe('fail-on-existing', () => {
  test('false: existing findings are reported but do not block; new ones still do', async () => {
    const policy = parsePolicy('version: 1\nfail-on-existing: false\n', 'p.yml')
    const onlyExisting = await prReport(policy, ['data/same.csv', 'data/renamed.csv'])
    expect(onlyExisting.findings.length).toBeGreaterThan(0)
    expect(onlyExisting.findings.every((f) => f.novelty === 'existing')).toBe(true)
    expect(onlyExisting.blocked).toBe(false)
    expect(onlyExisting.findings[0]?.message).toContain('not blocking (policy fail-on-existing: false)')
    const withNew = await prReport(policy, ['data/same.csv', 'data/new.csv'])
    expect(withNew.blocked).toBe(true)
  })

  test('true (the default): existing findings block', async () => {
    const r = await prReport(parsePolicy('version: 1\n', 'p.yml'), ['data/same.csv'])
    expect(r.findings.map((f) => [f.kind, f.location.file, f.novelty])).toEqual(
      r.findings.map((f) => [f.kind, f.location.file, 'existing'])
    )
    expect(r.blocked).toBe(true)
  })
})

const r = tempRepo('pg-git-80-')
test('keeping the first 20 rows of a 100-person table and replacing the other 80: the 80 are new, and block', async () => {
  r.write('data/people.csv', people(range(0, 100)))
  r.write('.keep', '')
  const b = r.commit('base')
  r.write('data/people.csv', people([...range(0, 20), ...range(300, 80)]))
  r.commit('head')
  const policy = await resolvePolicy(parsePolicy('version: 1\nfail-on-existing: false\n', 'p.yml'), r.path)
  const head = await scan({ policy, paths: ['data/people.csv'], root: r.path })
  const report = await markNovelty({ repoRoot: r.path, baseRef: b, changed: ['data/people.csv'], policy, head })
  for (const kind of ['pii/person-name', 'pii/a-number', 'pii/person-record'])
    expect([kind, novelty(report.findings, 'data/people.csv', kind)]).toEqual([kind, 'new'])
  expect(report.blocked).toBe(true)
  // One replaced value among 100 is enough.
  r.write('data/people.csv', people([...range(0, 99), 500]))
  r.commit('one more')
  const one = await markNovelty({
    repoRoot: r.path,
    baseRef: b,
    changed: ['data/people.csv'],
    policy,
    head: await scan({ policy, paths: ['data/people.csv'], root: r.path })
  })
  expect(novelty(one.findings, 'data/people.csv', 'pii/a-number')).toBe('new')
  expect(one.blocked).toBe(true)
})

test('a base commit missing from the checkout is an error, not "everything is new"', async () => {
  const policy = await resolvePolicy(builtInPolicy(), repo.path)
  const head = await scan({ policy, paths: ['data/new.csv'], root: repo.path })
  await expect(
    markNovelty({
      repoRoot: repo.path,
      baseRef: '0123456789012345678901234567890123456789',
      changed: ['data/new.csv'],
      policy,
      head
    })
  ).rejects.toThrow(/base commit [0-9a-f]+ is not in the checkout/)
})

describe('exposure warning', () => {
  test('public or fork heads are exposed; private non-fork heads, or nothing blocking, are not', () => {
    expect(exposureOf({ headPublic: false, fork: false, files: 1 })).toBeNull()
    expect(exposureOf({ headPublic: true, fork: false, files: 0 })).toBeNull()
    expect(exposureOf({ headPublic: true, fork: true, files: 2 })).toEqual({ where: 'a public fork' })
    expect(exposureOf({ headPublic: true, fork: false, files: 2 })).toEqual({ where: 'a public repository' })
    expect(exposureOf({ headPublic: false, fork: true, files: 25 })?.where).toContain('a fork (outside')
  })
})
