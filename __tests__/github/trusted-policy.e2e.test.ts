// End to end: a pull request is checked with its base branch's policy, never
// with one it brings. The bundled Action (dist/index.js) in a real git
// repository against the fake GitHub API. Run `npm run build` first.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GitRepo, pullRequestEvent, runAction, type ActionResult } from '../helpers/action.js'
import { FakeGitHub, type PrFile } from '../helpers/fake-github.js'
import { ACTION } from '../helpers/paths.js'
import { csv, person } from '../helpers/people.js'

let fake: FakeGitHub
beforeAll(async () => {
  if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run \`npm run build\` first`)
  fake = await FakeGitHub.start()
})
afterAll(() => fake.close())

function staff(seed: number): string {
  return csv([
    ['Name', 'SSN', 'Office'],
    ...Array.from({ length: 12 }, (_, i) => {
      const p = person(seed + i)
      return [`${p.given} ${p.family}`, p.ssn, `Office ${i + 1}`]
    })
  ])
}

const BASE_POLICY = 'version: 1\nhidden-content: error\n'
const OPENED_POLICY = 'version: 1\nhidden-content: error\nignore: ["staff/**"]\n'
const SCHEMA = JSON.stringify({
  fields: [
    { name: 'Facility', type: 'string' },
    { name: 'Count', type: 'integer' }
  ]
})
const SCHEMA_POLICY = 'version: 1\ndatasets:\n  - name: counts\n    files: ["stats/*.csv"]\n    schema: schemas/counts.json\n'

const repo = new GitRepo()
const base = repo.commit('base', { '.github/publish-guard.yml': BASE_POLICY, 'README.md': '# site\n' })
repo.git('checkout', '-q', '-b', 'open-the-gate')
const opened = repo.commit('staff list, and a policy that ignores it', {
  '.github/publish-guard.yml': OPENED_POLICY,
  'staff/ssns.csv': staff(0)
})
repo.git('checkout', '-q', '-b', 'plain', base)
const plain = repo.commit('only the staff list', { 'staff/ssns.csv': staff(0) })
// A repository with no policy on its base branch.
repo.git('checkout', '-q', '--orphan', 'bare')
repo.git('rm', '-rq', '--cached', '.')
repo.git('clean', '-fdq')
const bareBase = repo.commit('bare base', { 'README.md': '# bare\n' })
const bareHead = repo.commit('adds a policy that ignores everything, and a staff list', {
  '.github/publish-guard.yml': 'version: 1\nignore: ["**"]\n',
  'staff/ssns.csv': staff(20)
})
// A base policy with a schema file; the pull request loosens the schema.
repo.git('checkout', '-q', '-b', 'schema-base', base)
const schemaBase = repo.commit('schema policy', {
  '.github/publish-guard.yml': SCHEMA_POLICY,
  'schemas/counts.json': SCHEMA,
  'stats/a.csv': 'Facility,Count\nNorth,3\n'
})
const schemaHead = repo.commit('looser schema, text counts', {
  'schemas/counts.json': JSON.stringify({
    fields: [
      { name: 'Facility', type: 'string' },
      { name: 'Count', type: 'string' }
    ]
  }),
  'stats/a.csv': 'Facility,Count\nNorth,three\n'
})

interface JsonReport {
  blocked: boolean
  policy: { source: string | null }
  findings: Array<{ kind: string; severity: string; message: string; novelty?: string; location: { file: string } }>
  files: Array<{ path: string; status: string }>
}

async function runPr(o: {
  base: string
  head: string
  files: PrFile[]
  number: number
  with?: Record<string, string>
}): Promise<{ r: ActionResult; report: JsonReport }> {
  repo.checkout(o.head)
  fake.reset({ prFiles: o.files })
  const r = await runAction({
    workspace: repo.path,
    eventName: 'pull_request',
    event: pullRequestEvent({ number: o.number, base: o.base, head: o.head, changedFiles: o.files.length }),
    apiUrl: fake.url,
    sha: o.head,
    with: { 'report-file': 'report.json', ...o.with }
  })
  return { r, report: JSON.parse(readFileSync(join(repo.path, 'report.json'), 'utf8')) as JsonReport }
}

const added = (...names: string[]): PrFile[] => names.map((filename) => ({ filename, status: 'added' }))

test('a pull request that adds ignore: ["staff/**"] with a staff list of SSNs fails, scanned with the base policy', async () => {
  const { r, report } = await runPr({
    base,
    head: opened,
    number: 31,
    files: [{ filename: '.github/publish-guard.yml', status: 'modified' }, ...added('staff/ssns.csv')]
  })
  expect(fake.violations).toEqual([])
  expect(r.code).toBe(1)
  expect(r.outputs.blocked).toBe('true')
  expect(report.files.find((f) => f.path === 'staff/ssns.csv')?.status).toBe('scanned')
  expect(report.findings.some((f) => f.location.file === 'staff/ssns.csv' && f.kind === 'pii/ssn' && f.severity === 'error')).toBe(true)
  const changed = report.findings.filter((f) => f.kind === 'policy/changed')
  expect(changed).toHaveLength(1)
  expect(changed[0]).toMatchObject({ severity: 'error', novelty: 'new', location: { file: '.github/publish-guard.yml' } })
  expect(changed[0]!.message).toContain('`ignore`')
  expect(changed[0]!.message).toContain('applies after the merge')
  expect(changed[0]!.message).not.toContain('hidden-content')
  expect(r.summary).toContain('policy/changed')
})

test('the same staff list without a policy change fails too, with no policy finding', async () => {
  const { r, report } = await runPr({ base, head: plain, number: 32, files: added('staff/ssns.csv') })
  expect(r.code).toBe(1)
  expect(report.findings.filter((f) => f.kind === 'policy/changed')).toEqual([])
})

test('policy-change: warning reports the change without blocking on it (the staff list still blocks)', async () => {
  const { report } = await runPr({
    base,
    head: opened,
    number: 33,
    files: [{ filename: '.github/publish-guard.yml', status: 'modified' }, ...added('staff/ssns.csv')],
    with: { 'policy-change': 'warning' }
  })
  expect(report.findings.find((f) => f.kind === 'policy/changed')?.severity).toBe('warning')
  expect(report.blocked).toBe(true)
})

test('no policy on the base branch: the built-in default applies, and adding one is a policy change', async () => {
  const { r, report } = await runPr({
    base: bareBase,
    head: bareHead,
    number: 34,
    files: added('.github/publish-guard.yml', 'staff/ssns.csv')
  })
  expect(r.code).toBe(1)
  expect(report.policy.source).toBeNull()
  expect(report.findings.some((f) => f.location.file === 'staff/ssns.csv' && f.kind === 'pii/ssn')).toBe(true)
  const changed = report.findings.find((f) => f.kind === 'policy/changed')
  expect(changed?.message).toContain('adds .github/publish-guard.yml')
  expect(changed?.message).toContain('`ignore`')
})

test('a schema file the base policy references is read from the base; changing it is a policy change', async () => {
  const { r, report } = await runPr({
    base: schemaBase,
    head: schemaHead,
    number: 35,
    files: [
      { filename: 'schemas/counts.json', status: 'modified' },
      { filename: 'stats/a.csv', status: 'modified' }
    ]
  })
  expect(r.code).toBe(1)
  // The base schema says integer: the text count is a schema finding.
  expect(report.findings.some((f) => f.location.file === 'stats/a.csv' && f.kind.startsWith('schema/'))).toBe(true)
  expect(report.findings.find((f) => f.kind === 'policy/changed')?.message).toContain('schemas/counts.json')
})

test("on a push the pushed commit's policy applies", async () => {
  repo.checkout(opened)
  fake.reset({})
  const r = await runAction({
    workspace: repo.path,
    eventName: 'push',
    event: { before: base, after: opened, ref: 'refs/heads/open-the-gate', repository: { full_name: 'acme/website' } },
    apiUrl: fake.url,
    sha: opened,
    with: { 'report-file': 'report.json' }
  })
  const report = JSON.parse(readFileSync(join(repo.path, 'report.json'), 'utf8')) as JsonReport
  expect(r.code).toBe(0)
  expect(report.files.find((f) => f.path === 'staff/ssns.csv')?.status).toBe('skipped')
  expect(report.findings.filter((f) => f.kind === 'policy/changed')).toEqual([])
})
