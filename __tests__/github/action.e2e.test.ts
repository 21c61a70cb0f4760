// End to end: the bundled Action (dist/index.js) run as the runner runs it,
// in a real git repository, against a fake GitHub API that checks every
// request against GitHub's OpenAPI description. Run `npm run build` first.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiUnavailableError, client } from '../../src/github/api.js'
import {
  CHECK_ANNOTATIONS_PER_REQUEST,
  PER_PAGE_MAX,
  PR_FILES_LIST_MAX,
  WORKFLOW_ERRORS_PER_STEP,
  WORKFLOW_WARNINGS_PER_STEP
} from '../../src/github/limits.js'
import { COMMENT_MARKER } from '../../src/github/comment.js'
import { everythingSent, exampleStepInputs, GitRepo, pullRequestEvent, runAction, type ActionResult } from '../helpers/action.js'
import { FakeGitHub, type PrFile } from '../helpers/fake-github.js'
import { ACTION } from '../helpers/paths.js'
import { csv, iso, person } from '../helpers/people.js'

let fake: FakeGitHub
beforeAll(async () => {
  if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run \`npm run build\` first`)
  fake = await FakeGitHub.start()
})
afterAll(() => fake.close())

const TOKEN = 'test-token'
const READ_ONLY = 'read-only-token'

/** A table of invented people; its values are what must never come out. */
function leak(seed: number): { text: string; planted: string[] } {
  const rows: Array<Array<string | number>> = [['id', 'Full Name', 'Date of Birth', 'SSN', 'Email']]
  const planted: string[] = []
  for (let i = 0; i < 5; i++) {
    const p = person(seed * 5 + i)
    rows.push([i + 1, `${p.given} ${p.family}`, iso(p.dob), p.ssn, p.email])
    planted.push(`${p.given} ${p.family}`, p.ssn, p.email, iso(p.dob))
  }
  return { text: csv(rows), planted }
}

function stats(seed: number): string {
  return csv([
    ['Facility', 'Fiscal Year', 'Book-ins'],
    ...Array.from({ length: 6 }, (_, i) => [`Facility ${i + 1}`, 2020 + (i % 4), 100 + seed * 7 + i * 13])
  ])
}

interface Pr {
  repo: GitRepo
  base: string
  head: string
  files: PrFile[]
  planted: string[]
}

/** A pull request of 50 tables: 15 leak people, 35 are aggregate counts. */
function pr50(): Pr {
  const repo = new GitRepo()
  const base = repo.commit('base', { 'README.md': '# site\n' })
  const added: Record<string, string> = {}
  const planted: string[] = []
  for (let i = 0; i < 50; i++) {
    if (i % 10 < 3) {
      const l = leak(i)
      added[`data/people-${String(i).padStart(2, '0')}.csv`] = l.text
      planted.push(...l.planted)
    } else added[`data/stats-${String(i).padStart(2, '0')}.csv`] = stats(i)
  }
  const head = repo.commit('add tables', added)
  return { repo, base, head, files: Object.keys(added).map((filename) => ({ filename, status: 'added' })), planted }
}

function assertNoPlanted(planted: string[], r: ActionResult, extra: string[] = []): void {
  const everything = everythingSent(fake, r, extra)
  const leaked = planted.filter((v) => everything.includes(v))
  expect(leaked).toEqual([])
}

function writes(): string[] {
  return fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)
}

/** Runs the Action on a pull_request event for `pr`, with the inputs of an example workflow. */
function runPr(
  pr: Pr,
  o: { number: number; workflow: string; token?: string; fork?: boolean; head?: string; changedFiles?: number }
): Promise<ActionResult> {
  const head = o.head ?? pr.head
  return runAction({
    workspace: pr.repo.path,
    eventName: 'pull_request',
    event: pullRequestEvent({ number: o.number, base: pr.base, head, changedFiles: o.changedFiles ?? pr.files.length, fork: o.fork }),
    apiUrl: fake.url,
    sha: head,
    with: exampleStepInputs(o.workflow),
    token: o.token ?? TOKEN
  })
}

describe('pull request, 50 tables, token with write permissions', () => {
  const pr = pr50()
  let first: ActionResult

  test('blocks, annotates every finding in batches of 50, comments once', async () => {
    fake.reset({ prFiles: pr.files })
    first = await runPr(pr, { number: 7, workflow: 'publish-guard.yml' })
    expect(fake.violations).toEqual([])
    expect(first.code).toBe(1)
    expect(first.outputs.blocked).toBe('true')
    expect(first.outputs['files-scanned']).toBe('50')
    const findings = Number(first.outputs.findings)
    expect(findings).toBeGreaterThan(CHECK_ANNOTATIONS_PER_REQUEST)

    for (const r of fake.byOperation('pulls/list-files')) expect(Number(r.query.per_page)).toBe(PER_PAGE_MAX)
    expect(fake.checkRuns).toHaveLength(1)
    const check = fake.checkRuns[0]!
    expect(check.head_sha).toBe(pr.head)
    expect(check.status).toBe('completed')
    expect(check.conclusion).toBe('failure')
    expect(check.annotations).toHaveLength(findings)
    expect(fake.byOperation('checks/update').length).toBe(Math.ceil(findings / CHECK_ANNOTATIONS_PER_REQUEST) - 1)
    const name = check.annotations.find((a) => String(a.title).startsWith('Personal data: names'))!
    expect(name).toMatchObject({ annotation_level: 'failure', start_line: 2, end_line: 2 })
    expect(String(name.path)).toMatch(/^data\/people-\d\d\.csv$/)

    expect(fake.comments).toHaveLength(1)
    expect(fake.comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true)
    expect(first.summary).toContain('## ❌ Blocked: 15 files would publish personal data')
    expect(first.summary).toContain('built-in default policy')
    expect(first.summary).toContain('data/people-00.csv')
    const report = JSON.parse(readFileSync(join(pr.repo.path, 'publish-guard-report.json'), 'utf8')) as { findings: unknown[] }
    expect(report.findings).toHaveLength(findings)
    assertNoPlanted(pr.planted, first, [readFileSync(join(pr.repo.path, 'publish-guard-report.json'), 'utf8')])
  })

  test('a push that removes the leaks: the same comment is marked resolved, the check passes', async () => {
    pr.repo.remove(...pr.files.filter((f) => f.filename.includes('people')).map((f) => f.filename))
    const head = pr.repo.commit('remove the people tables')
    const clean = pr.files.filter((f) => !f.filename.includes('people'))
    fake.requests.length = 0
    fake.checkRuns.length = 0
    fake.scenario.prFiles = clean
    const r = await runPr(pr, { number: 7, workflow: 'publish-guard.yml', head, changedFiles: clean.length })
    expect(fake.violations).toEqual([])
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({ blocked: 'false', findings: '0', 'files-scanned': String(clean.length) })
    expect(fake.comments).toHaveLength(1)
    expect(fake.comments[0]!.body).toContain('resolved')
    expect(fake.byOperation('issues/update-comment')).toHaveLength(1)
    expect(fake.checkRuns[0]).toMatchObject({ head_sha: head, conclusion: 'success' })
  })
})

describe('a very large pull request', () => {
  const repo = new GitRepo()
  test('3,500 changed files: the listing stops at 3,000, git diff finds the rest (renames followed, deletions skipped)', async () => {
    const base = repo.commit('base', { 'data/old-name.csv': stats(1), 'data/gone.csv': stats(2) })
    const pages: Record<string, string> = {}
    for (let i = 0; i < 3497; i++) pages[`assets/p${String(i).padStart(4, '0')}.svg`] = `<svg id="${i}"/>\n`
    const l = leak(99)
    repo.git('mv', 'data/old-name.csv', 'data/new-name.csv')
    repo.remove('data/gone.csv')
    const head = repo.commit('a big change', { ...pages, 'zz/people.csv': l.text })
    const files: PrFile[] = [
      ...Object.keys(pages).map((filename): PrFile => ({ filename, status: 'added' })),
      { filename: 'data/new-name.csv', status: 'renamed', previous_filename: 'data/old-name.csv' },
      { filename: 'data/gone.csv', status: 'removed' },
      { filename: 'zz/people.csv', status: 'added' }
    ]
    expect(files).toHaveLength(3500)
    fake.reset({ prFiles: files })
    const r = await runAction({
      workspace: repo.path,
      eventName: 'pull_request',
      event: pullRequestEvent({ number: 8, base, head, changedFiles: 3500 }),
      apiUrl: fake.url,
      sha: head,
      with: exampleStepInputs('publish-guard.yml'),
      token: TOKEN
    })
    expect(fake.violations).toEqual([])
    expect(fake.byOperation('pulls/list-files')).toHaveLength(PR_FILES_LIST_MAX / PER_PAGE_MAX)
    expect(r.code).toBe(1)
    expect(r.summary).toContain('from git diff')
    expect(r.summary).toContain(`at most ${PR_FILES_LIST_MAX} files`)
    const annotated = new Set(fake.checkRuns[0]!.annotations.map((a) => a.path))
    expect(annotated).toEqual(new Set(['zz/people.csv']))
    const report = JSON.parse(readFileSync(join(repo.path, 'publish-guard-report.json'), 'utf8')) as {
      files: Array<{ path: string; status: string }>
    }
    expect(report.files).toHaveLength(3499)
    expect(report.files.find((f) => f.path === 'data/new-name.csv')?.status).toBe('scanned')
    expect(report.files.find((f) => f.path === 'data/gone.csv')).toBeUndefined()
    expect(r.summary).toContain('1 deleted file(s)')
    // 3,497 skipped files and the clean one are counts: the comment and the check run name the one blocking file first, uncut.
    for (const md of [fake.checkRuns[0]!.summary!, fake.comments[0]!.body]) {
      expect(md).not.toContain('Cut to fit this view')
      expect(md.slice(0, 2000)).toContain('| <code>zz/people.csv</code> |')
      expect(md).toContain('1 file checked and clean · 3,497 files skipped')
      expect(md.length).toBeLessThan(10_000)
    }
    assertNoPlanted(l.planted, r)
  })
})

describe('degraded reporting', () => {
  const pr = pr50()

  test('fork pull request: read-only token, no writes, findings in log and summary, capped annotations, still fails', async () => {
    fake.reset({ prFiles: pr.files, readOnlyTokens: [READ_ONLY] })
    const r = await runPr(pr, { number: 9, workflow: 'publish-guard-fork-scan.yml', token: READ_ONLY, fork: true })
    expect(fake.violations).toEqual([])
    expect(writes()).toEqual([])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('read-only')
    expect(r.stdout).toContain('checks: write')
    // Ten error annotations in all, the step's own failure message included; the last of ours says they are capped.
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'))
    expect(errors).toHaveLength(WORKFLOW_ERRORS_PER_STEP)
    expect(errors.at(-2)).toContain('annotations capped')
    expect(errors.at(-1)).toContain('block publication')
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::warning')).length).toBeLessThanOrEqual(WORKFLOW_WARNINGS_PER_STEP)
    expect(r.summary).toContain('## ❌ Blocked: 15 files would publish personal data')
    expect(r.summary).toContain('data/people-00.csv')
    const sarif = readFileSync(join(pr.repo.path, 'publish-guard.sarif'), 'utf8')
    expect(JSON.parse(sarif).version).toBe('2.1.0')
    assertNoPlanted(pr.planted, r, [sarif])
  })

  test('missing permissions: 403 on the check run and the comment; the log names both permissions', async () => {
    fake.reset({ prFiles: pr.files, readOnlyTokens: [READ_ONLY] })
    const r = await runPr(pr, { number: 10, workflow: 'publish-guard.yml', token: READ_ONLY })
    expect(fake.violations).toEqual([])
    expect(fake.byOperation('checks/create').map((x) => x.status)).toEqual([403])
    expect(fake.byOperation('issues/create-comment').map((x) => x.status)).toEqual([403])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('`checks: write`')
    expect(r.stdout).toContain('`pull-requests: write`')
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error')).length).toBeLessThanOrEqual(WORKFLOW_ERRORS_PER_STEP)
    expect(r.summary).toContain('## ❌ Blocked: 15 files would publish personal data')
    assertNoPlanted(pr.planted, r)
  })

  test('a 502, then success: the check run is retried and made; SARIF written', async () => {
    fake.reset({ prFiles: pr.files, faults: [{ operationId: 'checks/create', status: 502 }] })
    const r = await runPr(pr, { number: 11, workflow: 'publish-guard-sarif.yml' })
    expect(fake.violations).toEqual([])
    expect(fake.byOperation('checks/create').map((x) => x.status)).toEqual([502, 201])
    expect(r.stdout).toMatch(/HTTP 502; retrying/)
    expect(fake.checkRuns[0]!.annotations).toHaveLength(Number(r.outputs.findings))
    expect(r.code).toBe(1)
    expect(existsSync(join(pr.repo.path, 'publish-guard.sarif'))).toBe(true)
  })

  test('a rate limit while listing files: waits as told, then lists them from the API', async () => {
    fake.reset({
      prFiles: pr.files,
      faults: [
        {
          operationId: 'pulls/list-files',
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1), 'retry-after': '1' },
          body: { message: 'API rate limit exceeded' }
        }
      ]
    })
    const r = await runPr(pr, { number: 12, workflow: 'publish-guard.yml' })
    expect(fake.violations).toEqual([])
    expect(fake.byOperation('pulls/list-files').map((x) => x.status)).toEqual([403, 200])
    expect(r.stdout).toContain('rate limited')
    expect(r.summary).toContain('50 changed file(s) from the API')
    expect(r.code).toBe(1)
  })
})

describe('configuration errors and other events', () => {
  const pr = pr50()
  const base = { workspace: pr.repo.path, apiUrl: fake?.url ?? '', sha: pr.head, token: TOKEN }
  const event = pullRequestEvent({ number: 13, base: pr.base, head: pr.head, changedFiles: 50 })

  test('a bad input names the input and the form it expects', async () => {
    fake.reset({ prFiles: pr.files })
    const r = await runAction({ ...base, apiUrl: fake.url, eventName: 'pull_request', event, with: { 'fail-on': 'sometimes' } })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('configuration error: input fail-on: expected `error` or `warning`, got `sometimes`')
    expect(r.stdout).not.toContain('internal error')
    expect(r.summary).toContain('input fail-on')
    expect(r.summary).toContain('Nothing was cleared for publication')
    expect(fake.requests).toEqual([])
  })

  test('pull_request_target with the base checked out: refuses to scan the wrong files', async () => {
    fake.reset({ prFiles: pr.files })
    pr.repo.checkout(pr.base)
    try {
      const r = await runAction({ ...base, apiUrl: fake.url, eventName: 'pull_request_target', event })
      expect(r.code).toBe(1)
      expect(r.stdout).toContain('configuration error: checkout: the checkout is at')
      expect(r.stdout).toContain('ref: ${{ github.event.pull_request.head.sha }}')
      expect(writes()).toEqual([])
    } finally {
      pr.repo.checkout(pr.head)
    }
  })

  test('the paths input replaces the changed files', async () => {
    fake.reset({ prFiles: pr.files })
    const r = await runAction({
      ...base,
      apiUrl: fake.url,
      eventName: 'pull_request',
      event,
      with: { paths: 'data/people-0*.csv\ndata/stats-03.csv' }
    })
    expect(r.outputs['files-scanned']).toBe('4')
    expect(fake.byOperation('pulls/list-files')).toEqual([])
    expect(r.code).toBe(1)
  })

  test('an explicit policy path that does not exist is a configuration error', async () => {
    fake.reset({ prFiles: pr.files })
    const r = await runAction({
      ...base,
      apiUrl: fake.url,
      eventName: 'pull_request',
      event,
      with: { policy: '.github/no-such-policy.yml' }
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('configuration error')
    expect(r.stdout).toContain('no-such-policy.yml')
  })

  test('a base commit missing from the checkout asks for fetch-depth: 0', async () => {
    fake.reset({ prFiles: pr.files.slice(0, 10) }) // listing shorter than changed_files: git diff is needed
    const missing = 'f'.repeat(40)
    const r = await runAction({
      ...base,
      apiUrl: fake.url,
      eventName: 'pull_request',
      event: pullRequestEvent({ number: 14, base: missing, head: pr.head, changedFiles: 50 })
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`base commit ${missing} is not in the checkout`)
    expect(r.stdout).toContain('fetch-depth: 0')
  })

  test('a listing that does not match the checkout (the PR moved on): git diff of the checkout instead', async () => {
    fake.reset({ prFiles: [...pr.files.slice(1), { filename: 'data/pushed-later.csv', status: 'added' }] })
    const r = await runAction({ ...base, apiUrl: fake.url, eventName: 'pull_request', event })
    expect(fake.violations).toEqual([])
    expect(r.summary).toContain('1 file(s) the API lists are not in the checkout')
    expect(r.outputs['files-scanned']).toBe('50')
    expect(r.code).toBe(1)
  })

  test('push: scans before..after', async () => {
    fake.reset()
    const r = await runAction({ ...base, apiUrl: fake.url, eventName: 'push', event: { before: pr.base, after: pr.head } })
    expect(fake.violations).toEqual([])
    expect(r.outputs['files-scanned']).toBe('50')
    expect(r.summary).toContain('push: 50 changed file(s) from git diff')
    expect(fake.checkRuns[0]).toMatchObject({ head_sha: pr.head, conclusion: 'failure' })
    expect(fake.byOperation('issues/list-comments')).toEqual([])
    expect(r.code).toBe(1)
  })

  test('workflow_dispatch: the whole repository with the policy globs', async () => {
    fake.reset()
    const r = await runAction({ ...base, apiUrl: fake.url, eventName: 'workflow_dispatch', event: {} })
    // The 50 tables and README.md (pages are read for tables; it holds none).
    expect(r.outputs['files-scanned']).toBe('51')
    expect(r.summary).toContain('the whole repository')
    expect(r.code).toBe(1)
  })
})

describe('the API client, in process', () => {
  // The client logs its retries through @actions/core (stdout); keep the test output clean.
  const write = process.stdout.write
  beforeEach(() => {
    process.stdout.write = (() => true) as typeof process.stdout.write
  })
  afterEach(() => {
    process.stdout.write = write
  })

  test('a 5xx that does not go away fails closed after the bounded retries', async () => {
    fake.reset({ faults: [{ operationId: 'checks/create', status: 502, times: 10 }] })
    const slept: number[] = []
    const api = client(TOKEN, { baseUrl: fake.url, sleep: async (ms) => void slept.push(ms) })
    await expect(api.rest.checks.create({ owner: 'acme', repo: 'website', name: 'x', head_sha: 'a'.repeat(40) })).rejects.toThrow(
      ApiUnavailableError
    )
    expect(slept).toEqual([1000, 2000, 4000])
    expect(fake.byOperation('checks/create')).toHaveLength(4)
  })

  test('a rate limit that resets in an hour fails closed at once', async () => {
    fake.reset({
      faults: [
        {
          operationId: 'checks/create',
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) }
        }
      ]
    })
    const slept: number[] = []
    const api = client(TOKEN, { baseUrl: fake.url, sleep: async (ms) => void slept.push(ms) })
    await expect(api.rest.checks.create({ owner: 'acme', repo: 'website', name: 'x', head_sha: 'a'.repeat(40) })).rejects.toThrow(
      /rate limited/
    )
    expect(slept).toEqual([])
  })

  test('the fake refuses what GitHub refuses: 51 annotations, per_page 101, a bad annotation level', async () => {
    fake.reset()
    const api = client(TOKEN, { baseUrl: fake.url })
    const a = { path: 'a.csv', start_line: 1, end_line: 1, annotation_level: 'failure' as const, message: 'm' }
    await expect(
      api.rest.checks.create({
        owner: 'acme',
        repo: 'website',
        name: 'x',
        head_sha: 'a'.repeat(40),
        output: { title: 't', summary: 's', annotations: Array(51).fill(a) }
      })
    ).rejects.toThrow()
    await expect(api.rest.pulls.listFiles({ owner: 'acme', repo: 'website', pull_number: 1, per_page: 101 })).rejects.toThrow()
    await expect(
      api.rest.checks.create({
        owner: 'acme',
        repo: 'website',
        name: 'x',
        head_sha: 'a'.repeat(40),
        output: { title: 't', summary: 's', annotations: [{ ...a, annotation_level: 'error' as unknown as 'failure' }] }
      })
    ).rejects.toThrow()
    expect(fake.violations).toHaveLength(3)
  })
})

describe('a changed file whose name tries to inject workflow commands', () => {
  const repo = new GitRepo()
  test('no line of the log is a command from the name; the name is text in the summary and the comment', async () => {
    const base = repo.commit('base', { 'README.md': '# site\n' })
    const name = 'data/x\n::stop-commands::pwned\n::error file=README.md,line=1::forged\u001b[2J\u202e.csv'
    const l = leak(7)
    const head = repo.commit('add a table', { [name]: l.text })
    const pr: Pr = { repo, base, head, files: [{ filename: name, status: 'added' }], planted: l.planted }
    fake.reset({ prFiles: pr.files })
    const r = await runPr(pr, { number: 31, workflow: 'publish-guard.yml' })
    expect(r.code).toBe(1)
    const lines = r.stdout.split('\n')
    expect(lines).not.toContain('::stop-commands::pwned')
    expect(lines.filter((x) => x.startsWith('::error file=README.md'))).toEqual([])
    // Every workflow command in the log is one the Action wrote; the scan's text sits between stop-commands markers.
    const commands = lines.filter((x) => x.startsWith('::'))
    for (const c of commands)
      expect(c).toMatch(
        /^::(stop-commands::publish-guard-[0-9a-f-]+|publish-guard-[0-9a-f-]+::|error::|error title=|warning::|warning title=|notice)/
      )
    const stop = commands.find((c) => c.startsWith('::stop-commands::'))!
    expect(commands).toContain(`::${stop.slice('::stop-commands::'.length)}::`)
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/)
    for (const md of [r.summary, fake.comments[0]!.body, fake.checkRuns[0]!.summary!]) {
      expect(md).not.toMatch(/[\u001b\u202e]/)
      expect(md).toContain('data/x&#92;u000a::stop-commands::pwned&#92;u000a::error file=README.md,line=1::forged&#92;u001b')
    }
    assertNoPlanted(l.planted, r)
  })
})
