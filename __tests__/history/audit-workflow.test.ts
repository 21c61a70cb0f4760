// The scheduled audit workflow of examples/, run as GitHub would run its
// shell steps: each matrix shard's command, then the merge job's commands,
// with `npx --yes publish-guard@1` pointed at this build. A roster that was
// committed and deleted later is reported by the merged audit; a clean
// history passes.

import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { tempRepo, type TempRepo } from '../helpers/git.js'
import { CLI, REPO } from '../helpers/paths.js'
import { csv, iso, person } from '../helpers/people.js'
import { tempDir } from '../helpers/tmp.js'

interface Job {
  strategy?: { matrix: { shard: number[] } }
  steps: Array<{ run?: string; name?: string }>
}
const wf = parse(readFileSync(join(REPO, 'examples/workflows/publish-guard-audit.yml'), 'utf8')) as {
  on: Record<string, unknown>
  jobs: { shard: Job; merge: Job & { needs: string } }
}

const scratch = tempDir('pg-audit-runner-')

/** Runs a step's script with bash -e, as GitHub's `run:` does, in the repository. */
function runStep(
  script: string,
  repo: TempRepo,
  vars: Record<string, string>
): { status: number | null; out: string; summary: string; output: string } {
  const summary = join(scratch.path, `summary-${Math.random().toString(36).slice(2)}.md`)
  const output = join(scratch.path, `output-${Math.random().toString(36).slice(2)}.txt`)
  writeFileSync(summary, '')
  writeFileSync(output, '')
  let s = script.replaceAll('npx --yes publish-guard@1', `node ${CLI}`)
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`\${{ ${k} }}`, v)
  expect(s).not.toContain('${{')
  const r = spawnSync('bash', ['-e', '-c', s], {
    cwd: repo.path,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output }
  })
  return { status: r.status, out: r.stdout + r.stderr, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8') }
}

function audit(repo: TempRepo): {
  blocked: boolean
  report: { files: Array<{ path: string; errors: number }> }
  sarif: boolean
  summary: string
} {
  for (const shard of wf.jobs.shard.strategy!.matrix.shard) {
    for (const step of wf.jobs.shard.steps.filter((s) => s.run)) {
      const r = runStep(step.run!, repo, { 'matrix.shard': String(shard) })
      expect(r.status).toBe(0)
    }
  }
  const merge = wf.jobs.merge.steps.find((s) => s.run && s.name === 'Merge the shards')!
  const r = runStep(merge.run!, repo, {})
  expect(r.status).toBe(0)
  return {
    blocked: r.output.includes('blocked=true'),
    report: JSON.parse(readFileSync(join(repo.path, 'publish-guard-audit.json'), 'utf8')),
    sarif: existsSync(join(repo.path, 'publish-guard-audit.sarif')),
    summary: r.summary
  }
}

const roster = csv([
  ['Name', 'Date of Birth', 'A-Number'],
  ...Array.from({ length: 12 }, (_, i) => [`${person(i).given} ${person(i).family}`, iso(person(i).dob), person(i).aNumber])
])
const stats = (k: number) =>
  csv([['Facility', 'Fiscal Year', 'Book-ins'], ...Array.from({ length: 12 }, (_, i) => [`Facility ${i}`, 2020, 10 + i + k])])

describe('the scheduled audit workflow', () => {
  test('runs on a schedule (and by hand), one job per shard, then a merge job', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch'])
    expect(wf.jobs.merge.needs).toBe('shard')
    expect(wf.jobs.shard.strategy!.matrix.shard).toEqual([1, 2, 3, 4])
  })

  const leaky = tempRepo('pg-audit-')
  const clean = tempRepo('pg-audit-clean-')

  test('a roster committed and deleted later: the merged audit blocks and names it', () => {
    const repo = leaky
    for (let k = 0; k < 6; k++) repo.write(`data/stats-${k}.csv`, stats(k))
    repo.commit('stats')
    repo.write('data/roster.csv', roster)
    const added = repo.commit('roster')
    repo.git('rm', '-q', 'data/roster.csv')
    repo.commit('remove the roster')
    const r = audit(repo)
    expect(r.blocked).toBe(true)
    expect(r.sarif).toBe(true)
    const leak = r.report.files.filter((f) => f.errors > 0).map((f) => f.path)
    expect(leak).toEqual([`data/roster.csv@${added.slice(0, 12)}`])
    expect(r.summary).toContain('git filter-repo')
    expect(r.report.files).toHaveLength(7)
  })

  test('a clean history passes', () => {
    const repo = clean
    for (let k = 0; k < 6; k++) repo.write(`data/stats-${k}.csv`, stats(k))
    repo.commit('stats')
    const r = audit(repo)
    expect(r.blocked).toBe(false)
    expect(r.report.files).toHaveLength(6)
  })
})

test('docs/audit.md shows the audit workflow word for word', () => {
  const doc = readFileSync(join(REPO, 'docs/audit.md'), 'utf8')
  expect(doc).toContain('```yaml\n' + readFileSync(join(REPO, 'examples/workflows/publish-guard-audit.yml'), 'utf8') + '```')
})
