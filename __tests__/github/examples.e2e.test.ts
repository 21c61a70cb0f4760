// Every example workflow with a publish-guard step, run as written: the
// bundled Action (dist/index.js) with the step's inputs and the example
// policy as the repository's policy, on a pull request
// that adds a clean table and on one that adds a leaking table, against the
// fake GitHub API. The verdicts are asserted, and every file a later step
// of the workflow uploads exists after the run (so "see the report" in a
// cut view resolves). Run `npm run build` first.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { exampleStepInputs, GitRepo, pullRequestEvent, runAction } from '../helpers/action.js'
import { FakeGitHub } from '../helpers/fake-github.js'
import { ACTION, REPO } from '../helpers/paths.js'

let fake: FakeGitHub
beforeAll(async () => {
  if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run \`npm run build\` first`)
  fake = await FakeGitHub.start()
})
afterAll(() => fake.close())

const WORKFLOWS = ['publish-guard.yml', 'publish-guard-sarif.yml', 'publish-guard-fork-scan.yml']
const read = (rel: string): string => readFileSync(join(REPO, rel), 'utf8')

/** Files later steps of the workflow upload (`path:` and `sarif_file:`), one per line. */
function uploaded(workflow: string): string[] {
  const wf = parse(read(`examples/workflows/${workflow}`)) as {
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }>
  }
  const out: string[] = []
  for (const job of Object.values(wf.jobs))
    for (const s of job.steps) {
      if (s.uses?.startsWith('actions/upload-artifact@'))
        out.push(
          ...String(s.with?.path ?? '')
            .split('\n')
            .map((p) => p.trim())
            .filter(Boolean)
        )
      if (s.uses?.startsWith('github/codeql-action/upload-sarif@')) out.push(String(s.with?.sarif_file))
    }
  return out.filter((p) => p !== 'pr-number.txt')
}

describe.each(WORKFLOWS)('examples/workflows/%s', (workflow) => {
  const repo = new GitRepo()
  const base = repo.commit('base', { 'README.md': '# site\n', '.github/publish-guard.yml': read('examples/policy/publish-guard.yml') })
  const clean = repo.commit('a clean table', {
    'static/downloads/detention/bookins-by-facility.csv': read('examples/bookins-by-facility.csv')
  })
  repo.git('checkout', '-q', '-b', 'leak', base)
  const leak = repo.commit('a leaking table', { '_data/staff-contacts.csv': read('examples/staff-contacts.csv') })

  const run = (head: string, file: string, number: number) => {
    repo.checkout(head)
    fake.reset({ prFiles: [{ filename: file, status: 'added' }] })
    return runAction({
      workspace: repo.path,
      eventName: 'pull_request',
      event: pullRequestEvent({ number, base, head, changedFiles: 1 }),
      apiUrl: fake.url,
      sha: head,
      with: exampleStepInputs(workflow)
    })
  }

  test('a clean table passes', async () => {
    const r = await run(clean, 'static/downloads/detention/bookins-by-facility.csv', 1)
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({ blocked: 'false', 'files-scanned': '1' })
    expect(r.summary.startsWith('## ✅ Nothing blocks publication: 1 file checked')).toBe(true)
    for (const f of uploaded(workflow)) expect(existsSync(join(repo.path, f))).toBe(true)
  })

  test('a leaking table blocks, and every file the workflow uploads is there', async () => {
    const r = await run(leak, '_data/staff-contacts.csv', 2)
    expect(r.code).toBe(1)
    expect(r.outputs.blocked).toBe('true')
    expect(r.summary).toContain('## ❌ Blocked: 1 file would publish personal data')
    expect(r.summary).toContain('<code>&#95;data/staff-contacts.csv</code>')
    expect(r.summary).toContain('Policy: <code>.github/publish-guard.yml</code>')
    for (const f of uploaded(workflow)) expect(existsSync(join(repo.path, f))).toBe(true)
    expect(uploaded(workflow).length).toBeGreaterThan(0)
  })
})
