// The workflows and the policy shown in README.md and docs/action.md are the
// files in examples/, word for word; the end-to-end tests run the Action with
// their inputs. Here: they are valid and consistent with action.yml.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'
import { loadPolicyFile } from '../../src/policy/load.js'
import { fileMatcher } from '../../src/policy/match.js'
import { actionInputs } from '../helpers/action.js'
import { REPO } from '../helpers/paths.js'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, string>
}
interface Workflow {
  name: string
  on: Record<string, unknown>
  permissions: Record<string, string>
  jobs: Record<string, { steps: Step[] }>
}

const read = (rel: string): string => readFileSync(resolve(REPO, rel), 'utf8')
const workflow = (file: string): Workflow => parse(read(`examples/workflows/${file}`)) as Workflow
const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((j) => j.steps)
const step = (wf: Workflow, uses: string): Step => {
  const s = steps(wf).find((x) => x.uses?.startsWith(uses))
  if (!s) throw new Error(`no ${uses} step`)
  return s
}
const WORKFLOWS = ['publish-guard.yml', 'publish-guard-sarif.yml', 'publish-guard-fork-scan.yml', 'publish-guard-fork-report.yml']

test('README.md shows the minimal workflow, docs/action.md every example, word for word', () => {
  const fence = (rel: string): string => '```yaml\n' + read(rel) + '```'
  expect(read('README.md')).toContain(fence('examples/workflows/publish-guard.yml'))
  const doc = read('docs/action.md')
  for (const f of WORKFLOWS) expect(doc).toContain(fence(`examples/workflows/${f}`))
  expect(doc).toContain(fence('examples/policy/publish-guard.yml'))
})

test('action.yml declares the inputs and outputs the Action reads and writes', () => {
  expect(Object.keys(actionInputs()).sort()).toEqual(['comment', 'fail-on', 'jobs', 'paths', 'policy', 'policy-change', 'report-file', 'sarif-file', 'token'])
  const outputs = (parse(read('action.yml')) as { outputs: Record<string, unknown>; runs: { using: string } })
  expect(Object.keys(outputs.outputs).sort()).toEqual(['blocked', 'files-scanned', 'findings', 'report-file'])
  expect(outputs.runs.using).toBe('node24')
})

test.each(WORKFLOWS)('%s uses only inputs that action.yml declares', (file) => {
  const inputs = Object.keys(actionInputs())
  for (const s of steps(workflow(file)).filter((x) => x.uses?.startsWith('publish-guard/publish-guard@')))
    for (const k of Object.keys(s.with ?? {})) expect(inputs).toContain(k)
})

test('the minimal workflow grants what the check run and the comment need, and fetches the history', () => {
  const wf = workflow('publish-guard.yml')
  expect(wf.permissions).toEqual({ contents: 'read', checks: 'write', 'pull-requests': 'write' })
  expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['pull_request', 'push']))
  expect(String(step(wf, 'actions/checkout@').with?.['fetch-depth'])).toBe('0')
})

test('the SARIF workflow uploads the file the Action writes, even when the job is blocked', () => {
  const wf = workflow('publish-guard-sarif.yml')
  expect(wf.permissions['security-events']).toBe('write')
  const upload = step(wf, 'github/codeql-action/upload-sarif@')
  expect(upload.with?.sarif_file).toBe(step(wf, 'publish-guard/publish-guard@').with?.['sarif-file'])
  expect((upload as Step & { if?: string }).if).toContain('!cancelled()')
})

test('the fork-safe pair: a scan with no write permission, a workflow_run reporter that runs no pull request code', () => {
  const scan = workflow('publish-guard-fork-scan.yml')
  const report = workflow('publish-guard-fork-report.yml')
  expect(scan.permissions).toEqual({ contents: 'read' })
  expect(Object.keys(scan.on)).toEqual(['pull_request'])
  const sarif = step(scan, 'publish-guard/publish-guard@').with?.['sarif-file']
  const uploaded = step(scan, 'actions/upload-artifact@').with!
  expect(uploaded.path).toContain(sarif)

  const trigger = report.on.workflow_run as { workflows: string[]; types: string[] }
  expect(trigger.workflows).toEqual([scan.name])
  expect(trigger.types).toEqual(['completed'])
  expect(report.permissions).toEqual({ actions: 'read', 'security-events': 'write' })
  expect(step(report, 'actions/download-artifact@').with?.name).toBe(uploaded.name)
  expect(step(report, 'github/codeql-action/upload-sarif@').with?.sarif_file).toBe(sarif)
  // No checkout, no publish-guard, no script from the pull request: only artifacts and uploads.
  expect(steps(report).filter((s) => s.uses?.startsWith('actions/checkout'))).toEqual([])
})

test('the website policy example is valid and matches the site data folders', async () => {
  const policy = await loadPolicyFile(resolve(REPO, 'examples/policy/publish-guard.yml'))
  const decide = fileMatcher(policy)
  expect(decide('_data/staff.csv').scan).toBe(true)
  expect(decide('static/downloads/detention/fy2024.xlsx')).toMatchObject({ scan: true, dataset: { name: 'detention statistics' } })
  expect(decide('_site/downloads/copy.csv').scan).toBe(false)
  expect(decide('index.html').scan).toBe(false)
})
