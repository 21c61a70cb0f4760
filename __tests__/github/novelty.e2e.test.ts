// End to end, issue 8 in the Action: findings new in the pull request or
// already on the base branch (policy fail-on-existing), allowed findings,
// an expired allow entry, and the exposure warning for a public or forked
// head. The bundled Action (dist/index.js) runs in one real git repository
// (a base commit, two head branches) against the fake GitHub API; every run
// shares them. Run `npm run build` first.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { COMMENT_MARKER } from '../../src/github/comment.js'
import { everythingSent, GitRepo, pullRequestEvent, runAction, type ActionResult } from '../helpers/action.js'
import { FakeGitHub, type PrFile } from '../helpers/fake-github.js'
import { ACTION } from '../helpers/paths.js'
import { csv, iso, person } from '../helpers/people.js'

const TOKEN = 'test-token'
const READ_ONLY = 'read-only-token'
const REASON = 'public press officers, published on the contact page'
const EXPIRED_REASON = 'duty officers named on the rota page until the 2020 redesign'

let fake: FakeGitHub
beforeAll(async () => {
  if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run \`npm run build\` first`)
  fake = await FakeGitHub.start()
})
afterAll(() => fake.close())

const planted: string[] = []
/** People with names, dates of birth and emails; `unit` is the one column a later commit edits. */
function roster(seed: number, unit: string): string {
  const rows: string[][] = [['id', 'Full Name', 'Date of Birth', 'Email', 'Unit']]
  for (let i = 0; i < 6; i++) {
    const p = person(seed + i)
    rows.push([String(i + 1), `${p.given} ${p.family}`, iso(p.dob), p.email, unit])
    planted.push(`${p.given} ${p.family}`, iso(p.dob), p.email)
  }
  return csv(rows)
}
/** Names in one labelled column, next to office names and floors: only a name column to allow. */
function officers(label: string, seed: number): string {
  // Three columns: papaparse cannot guess the delimiter of a two-column CSV and the reader reports that as broken quoting.
  const rows: string[][] = [['Office', label, 'Floor']]
  for (let i = 0; i < 6; i++) {
    const p = person(seed + i)
    rows.push([`Field office ${i + 1}`, `${p.given} ${p.family}`, String(i + 1)])
    planted.push(`${p.given} ${p.family}`)
  }
  return csv(rows)
}

const policy = (failOnExisting: boolean): string => `version: 1
fail-on-existing: ${failOnExisting}
allow:
  - columns: ["Press officer"]
    files: ["data/contacts.csv"]
    kinds: [pii/person-name]
    reason: "${REASON}"
    expires: 2099-12-31
  - columns: ["Duty officer"]
    files: ["data/duty.csv"]
    kinds: [pii/person-name]
    reason: "${EXPIRED_REASON}"
    expires: 2020-01-31
`

// Base: a roster that already leaks people. Head 1 edits its Unit column
// (the leak stays, unchanged), adds another leak, an allowed column and a
// column whose allow entry expired. Head 2 only edits the roster; head 3
// only adds the allowed column.
const repo = new GitRepo()
const base = repo.commit('base', {
  '.github/publish-guard.yml': policy(true),
  '.github/publish-guard-new-only.yml': policy(false),
  'data/roster.csv': roster(0, 'North')
})
repo.git('checkout', '-q', '-b', 'only-existing')
const head2 = repo.commit('rename the unit', { 'data/roster.csv': roster(0, 'South') })
repo.git('checkout', '-q', '-b', 'feature', base)
const head1 = repo.commit('new tables', {
  'data/roster.csv': roster(0, 'South'),
  'data/new-people.csv': roster(30, 'East'),
  'data/contacts.csv': officers('Press officer', 60),
  'data/duty.csv': officers('Duty officer', 70)
})
repo.git('checkout', '-q', '-b', 'only-allowed', base)
const head3 = repo.commit('press contacts', { 'data/contacts.csv': officers('Press officer', 60) })
const files3: PrFile[] = [{ filename: 'data/contacts.csv', status: 'added' }]
const files1: PrFile[] = [
  { filename: 'data/roster.csv', status: 'modified' },
  { filename: 'data/new-people.csv', status: 'added' },
  { filename: 'data/contacts.csv', status: 'added' },
  { filename: 'data/duty.csv', status: 'added' }
]
const files2: PrFile[] = [{ filename: 'data/roster.csv', status: 'modified' }]

interface Run {
  head: string
  files: PrFile[]
  number: number
  policy?: string
  headPublic?: boolean
  fork?: boolean
  token?: string
  baseSha?: string
}

async function runPr(o: Run): Promise<ActionResult> {
  repo.checkout(o.head)
  fake.reset({ prFiles: o.files, readOnlyTokens: [READ_ONLY] })
  return runAction({
    workspace: repo.path,
    eventName: 'pull_request',
    event: pullRequestEvent({
      number: o.number,
      base: o.baseSha ?? base,
      head: o.head,
      changedFiles: o.files.length,
      fork: o.fork,
      headPublic: o.headPublic
    }),
    apiUrl: fake.url,
    sha: o.head,
    with: { 'report-file': 'report.json', 'sarif-file': 'report.sarif', ...(o.policy ? { policy: o.policy } : {}) },
    token: o.token ?? TOKEN
  })
}

/** Everything the run wrote or sent, as one string: the planted values must not be in it. */
function everything(r: ActionResult): string {
  const files = ['report.json', 'report.sarif'].map((f) => join(repo.path, f)).filter(existsSync)
  return everythingSent(
    fake,
    r,
    files.map((f) => readFileSync(f, 'utf8'))
  )
}

function expectNoPlanted(r: ActionResult): void {
  const all = everything(r)
  expect(planted.length).toBeGreaterThan(40)
  expect(planted.filter((v) => all.includes(v))).toEqual([])
}

/** Workflow-command annotations (`::error file=...`) about a file. */
const commandsAbout = (r: ActionResult, file: string): string[] =>
  r.stdout.split('\n').filter((l) => /^::(error|warning|notice) /.test(l) && l.includes(`file=${file}`))

interface JsonFinding {
  kind: string
  severity: string
  message: string
  location: { file: string }
  novelty?: string
  allowed?: { reason: string; entry: number }
}
interface JsonReport {
  blocked: boolean
  failOnExisting?: boolean
  totals: { new?: number; existing?: number; allowed?: number; errors: number }
  findings: JsonFinding[]
  allowlist?: Array<{ entry: number; line?: number; reason: string; expires?: string; status: string; findings: number }>
}
const jsonReport = (): JsonReport => JSON.parse(readFileSync(join(repo.path, 'report.json'), 'utf8')) as JsonReport
const annotationsOf = (file: string) => fake.checkRuns.flatMap((c) => c.annotations).filter((a) => a.path === file)

describe('a pull request whose base branch already leaks, adding another leak (fail-on-existing: true, the default)', () => {
  let r: ActionResult
  let report: JsonReport
  beforeAll(async () => {
    r = await runPr({ head: head1, files: files1, number: 21, headPublic: true })
    report = jsonReport()
  })

  test('blocks; new and existing are marked by comparing with the base commit', () => {
    expect(fake.violations).toEqual([])
    expect(r.code).toBe(1)
    expect(r.outputs.blocked).toBe('true')
    expect(report.blocked).toBe(true)
    expect(report.failOnExisting).toBe(true)
    const roster = report.findings.filter((f) => f.location.file === 'data/roster.csv')
    const added = report.findings.filter((f) => f.location.file === 'data/new-people.csv')
    expect(roster.length).toBeGreaterThan(0)
    expect(added.length).toBeGreaterThan(0)
    expect(new Set(roster.map((f) => f.novelty))).toEqual(new Set(['existing']))
    expect(new Set(added.map((f) => f.novelty))).toEqual(new Set(['new']))
    for (const f of roster) expect(f.message).toContain('already on the base branch: still blocking')
    expect(report.totals.existing).toBe(roster.length)
  })

  test('the summary, the comment and the check run lead with the new findings and count new and existing', () => {
    const comment = fake.comments[0]!.body
    const check = fake.checkRuns[0]!
    expect(comment.startsWith(COMMENT_MARKER)).toBe(true)
    for (const md of [r.summary, comment, check.summary!]) {
      expect(md).toMatch(/\*\*\d+ new in this pull request, \d+ already on the base branch\*\*/)
      expect(md).toContain(`${report.totals.new} new in this pull request, ${report.totals.existing} already on the base branch`)
      // The overview marks each blocking file new or already on the base branch.
      expect(md).toMatch(/\| <code>data\/new-people\.csv<\/code> \|[^\n]*\| new \|\n/)
      expect(md).toMatch(/\| <code>data\/roster\.csv<\/code> \|[^\n]*\| already on the base branch \|\n/)
      expect(md).toContain('❌ blocks, already on the base branch · **names**')
    }
    expect(check.title).toMatch(/^Blocked: 3 files would publish personal data/)
    // Both block: existing findings are failures in the check run, like the new ones.
    expect(annotationsOf('data/roster.csv').some((a) => a.annotation_level === 'failure')).toBe(true)
    expect(annotationsOf('data/new-people.csv').some((a) => a.annotation_level === 'failure')).toBe(true)
  })

  test('an allowlisted column does not block and shows as "allowed (reason)"; its annotation is a notice', () => {
    const names = report.findings.find((f) => f.location.file === 'data/contacts.csv' && f.kind === 'pii/person-name')!
    expect(names.allowed).toMatchObject({ reason: REASON, entry: 1 })
    expect(report.findings.filter((f) => f.location.file === 'data/contacts.csv' && !f.allowed)).toEqual([])
    for (const md of [r.summary, fake.comments[0]!.body, fake.checkRuns[0]!.summary!])
      expect(md).toContain(`☑️ allowed (${REASON}) · **names**`)
    const notes = annotationsOf('data/contacts.csv')
    expect(notes.map((a) => a.annotation_level)).toEqual(['notice'])
    expect(String(notes[0]!.message)).toContain(`allowed (${REASON}): does not block`)
    // Allowed ones come after every blocking annotation.
    const levels = fake.checkRuns[0]!.annotations.map((a) => a.annotation_level)
    expect(levels.indexOf('notice')).toBe(levels.length - notes.length)
  })

  test('an expired allow entry blocks again, with the note in the finding and the allowlist section', () => {
    const duty = report.findings.find((f) => f.location.file === 'data/duty.csv' && f.kind === 'pii/person-name')!
    expect(duty.allowed).toBeUndefined()
    expect(duty.severity).toBe('error')
    expect(duty.message).toMatch(/allow entry 2 \(policy line \d+\) expired on 2020-01-31: no longer allowed/)
    expect(annotationsOf('data/duty.csv').find((a) => String(a.title).startsWith('Personal data: names'))?.annotation_level).toBe('failure')
    expect(r.summary).toContain('### Allowlist')
    expect(r.summary).toMatch(/allow entry 2 \(policy line \d+\) expired on 2020-01-31: its 1 finding\(s\) block again/)
  })

  test('the JSON report carries the allowlist audit trail and the new/existing counts', () => {
    expect(report.allowlist).toHaveLength(2)
    expect(report.allowlist![0]).toMatchObject({ entry: 1, reason: REASON, expires: '2099-12-31', status: 'used', findings: 1 })
    expect(report.allowlist![1]).toMatchObject({ entry: 2, reason: EXPIRED_REASON, expires: '2020-01-31', status: 'expired', findings: 1 })
    expect(report.allowlist![0]!.line).toBeGreaterThan(0)
    expect(report.totals.allowed).toBe(1)
    expect((report.totals.new ?? 0) + (report.totals.existing ?? 0) + (report.totals.allowed ?? 0)).toBe(report.findings.length)
  })

  test('a public head repository: three lines of exposure warning follow the verdict and the overview of blocking files, in the summary, the comment and the check run', () => {
    for (const md of [r.summary, fake.comments[0]!.body, fake.checkRuns[0]!.summary!]) {
      const caution = md.indexOf('> [!CAUTION]')
      expect(caution).toBeGreaterThan(md.indexOf('## ❌ Blocked'))
      expect(caution).toBeGreaterThan(md.indexOf('| <code>data/roster.csv</code>'))
      expect(caution).toBeLessThan(md.indexOf('<details>'))
      expect(md.slice(caution).split('\n\n')[0]!.split('\n')).toHaveLength(3)
      expect(md).toContain('in a public repository')
      expect(md).toContain("rewrite the branch's history")
      expect(md).toContain('docs/action.md#exposure-warning')
      // Allowed: not a blocking file, nothing to purge.
      expect(md).not.toContain('| <code>data/contacts.csv</code>')
    }
  })

  test('no output holds a planted value', () => {
    expectNoPlanted(r)
  })
})

describe('fail-on-existing: false', () => {
  test('the same pull request: only the new findings block; existing ones are reported as warnings', async () => {
    const r = await runPr({ head: head1, files: files1, number: 22, policy: '.github/publish-guard-new-only.yml' })
    const report = jsonReport()
    expect(fake.violations).toEqual([])
    expect(r.code).toBe(1)
    expect(report.failOnExisting).toBe(false)
    for (const f of report.findings.filter((x) => x.location.file === 'data/roster.csv'))
      expect(f.message).toContain('reported, not blocking')
    expect(annotationsOf('data/roster.csv').map((a) => a.annotation_level)).not.toContain('failure')
    expect(annotationsOf('data/new-people.csv').map((a) => a.annotation_level)).toContain('failure')
    expect(r.summary).toContain('the existing ones are reported, not blocking')
    expect(r.summary).toContain('⚠️ error, not blocking, already on the base branch · **names**')
    // A private head repository: no exposure warning.
    expect(r.summary).not.toContain('[!CAUTION]')
    expectNoPlanted(r)
  })

  test('a pull request with only findings already on the base branch passes', async () => {
    const r = await runPr({ head: head2, files: files2, number: 23, policy: '.github/publish-guard-new-only.yml' })
    expect(fake.violations).toEqual([])
    expect(r.code).toBe(0)
    expect(r.outputs.blocked).toBe('false')
    expect(r.summary).toMatch(/\*\*0 new in this pull request, \d+ already on the base branch\*\*/)
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: 'success' })
  })
})

describe('only findings already on the base branch, default policy, from a fork', () => {
  test('they still block; the summary says nothing is new, and warns that the fork has published the files', async () => {
    const r = await runPr({ head: head2, files: files2, number: 24, fork: true, token: READ_ONLY })
    expect(fake.violations).toEqual([])
    expect(fake.requests.filter((x) => x.method !== 'GET')).toEqual([])
    expect(r.code).toBe(1)
    expect(r.summary).toMatch(/\*\*0 new in this pull request, \d+ already on the base branch\*\*/)
    expect(r.summary).toContain('Nothing blocking is new in this pull request')
    expect(r.summary).toContain('in a fork')
    expect(r.summary).toContain('| <code>data/roster.csv</code>')
    expect(r.stdout).toContain('already published')
    expect(commandsAbout(r, 'data/roster.csv').length).toBeGreaterThan(0)
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::warning')).length).toBeLessThanOrEqual(10)
    expectNoPlanted(r)
  })
})

describe('a pull request whose only finding is allowed', () => {
  test('passes; a notice annotation, no pull request comment', async () => {
    const r = await runPr({ head: head3, files: files3, number: 26, headPublic: true })
    expect(fake.violations).toEqual([])
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({ blocked: 'false', findings: '1' })
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: 'success' })
    expect(fake.checkRuns[0]!.annotations.map((a) => a.annotation_level)).toEqual(['notice'])
    expect(fake.byOperation('issues/create-comment')).toEqual([])
    expect(r.summary).toContain(`☑️ allowed (${REASON}) · **names**`)
    expect(r.summary).not.toContain('[!CAUTION]') // nothing blocks: nothing to purge
    expectNoPlanted(r)
  })

  test('from a fork (workflow commands only): the allowed finding is not annotated, the summary lists it', async () => {
    const r = await runPr({ head: head3, files: files3, number: 27, fork: true, token: READ_ONLY })
    expect(r.code).toBe(0)
    expect(commandsAbout(r, 'data/contacts.csv')).toEqual([])
    expect(r.summary).toContain('1 allowed finding(s) are not annotated')
    expect(r.summary).toContain(`☑️ allowed (${REASON})`)
  })
})

test('a base commit missing from the checkout stops before scanning, asking for fetch-depth: 0', async () => {
  const missing = 'e'.repeat(40)
  const r = await runPr({ head: head1, files: files1, number: 25, baseSha: missing })
  expect(r.code).toBe(1)
  expect(r.stdout).toContain(`configuration error: checkout: the base commit ${missing} is not in the checkout`)
  expect(r.stdout).toContain('findings cannot be compared with the base branch')
  expect(r.stdout).toContain('fetch-depth: 0')
  expect(r.stdout).toContain(`git fetch --depth=1 origin ${missing}`)
  expect(r.summary).toContain('Nothing was cleared for publication')
  expect(fake.requests).toEqual([])
})
