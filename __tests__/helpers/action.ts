// Runs the bundled Action (dist/index.js) as the runner does: a child
// process with GITHUB_* variables, INPUT_* for every input (action.yml
// defaults overlaid with the workflow step's `with:`), a step summary file
// and a GITHUB_OUTPUT file in the heredoc format. Also: a real git
// repository in a temp dir with base and head commits.

import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { ACTION, REPO } from './paths.js'

export interface ActionResult {
  code: number | null
  stdout: string
  stderr: string
  summary: string
  outputs: Record<string, string>
}

export interface ActionRun {
  workspace: string
  eventName: string
  event: unknown
  apiUrl: string
  sha: string
  /** The workflow step's `with:` (strings); `${{ github.token }}` becomes `token`. */
  with?: Record<string, string>
  token?: string
  repository?: string
}

/**
 * Everything a run wrote or sent to the fake GitHub, as one string, plus
 * `extra` (report files): no found value may be in it.
 */
export function everythingSent(
  fake: { received(): string; comments: ReadonlyArray<{ body: string }> },
  r: ActionResult,
  extra: readonly string[] = []
): string {
  return [fake.received(), r.summary, r.stdout, r.stderr, JSON.stringify(r.outputs), ...fake.comments.map((c) => c.body), ...extra].join(
    '\n'
  )
}

/** The inputs action.yml declares, with their defaults. */
export function actionInputs(): Record<string, { default?: string }> {
  return (parse(readFileSync(resolve(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs
}

/** The `with:` of the publish-guard step of a workflow in examples/workflows/. */
export function exampleStepInputs(workflow: string): Record<string, string> {
  const wf = parse(readFileSync(resolve(REPO, 'examples/workflows', workflow), 'utf8')) as {
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>
  }
  for (const job of Object.values(wf.jobs))
    for (const step of job.steps)
      if (step.uses?.startsWith('publish-guard/publish-guard@'))
        return Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]))
  throw new Error(`${workflow} has no publish-guard step`)
}

export function runAction(r: ActionRun): Promise<ActionResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-runner-'))
  const eventPath = join(dir, 'event.json')
  const summaryPath = join(dir, 'step_summary.md')
  const outputPath = join(dir, 'output.txt')
  writeFileSync(eventPath, JSON.stringify(r.event))
  writeFileSync(summaryPath, '')
  writeFileSync(outputPath, '')
  const token = r.token ?? 'test-token'
  const inputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(actionInputs())) inputs[name] = spec.default ?? ''
  Object.assign(inputs, r.with ?? {})
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: r.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: r.apiUrl,
    GITHUB_REPOSITORY: r.repository ?? 'acme/website',
    GITHUB_SHA: r.sha,
    GITHUB_WORKSPACE: r.workspace,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    RUNNER_TEMP: dir
  }
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value.replace('${{ github.token }}', token)
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [ACTION], { cwd: r.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', fail)
    child.on('close', (code) => {
      const result = {
        code,
        stdout,
        stderr,
        summary: readFileSync(summaryPath, 'utf8'),
        outputs: parseOutputs(readFileSync(outputPath, 'utf8'))
      }
      rmSync(dir, { recursive: true, force: true })
      done(result)
    })
  })
}

/** GITHUB_OUTPUT in the runner's heredoc format: `name<<DELIM\nvalue\nDELIM`. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] as string)
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i] as string)
    out[m[1] as string] = value.join('\n')
  }
  return out
}

/** A git repository in a temp dir, removed after the test file. */
export class GitRepo {
  readonly path: string
  constructor() {
    this.path = mkdtempSync(join(tmpdir(), 'pg-repo-'))
    afterAll(() => rmSync(this.path, { recursive: true, force: true }))
    this.git('init', '-q', '-b', 'main')
    this.git('config', 'user.email', 'test@example.invalid')
    this.git('config', 'user.name', 'test')
    this.git('config', 'commit.gpgsign', 'false')
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.path, encoding: 'utf8', maxBuffer: 64 << 20 }).trim()
  }

  write(files: Record<string, string>): void {
    for (const [rel, text] of Object.entries(files)) {
      const abs = join(this.path, rel)
      mkdirSync(dirname(abs), { recursive: true })
      writeFileSync(abs, text)
    }
  }

  remove(...rels: string[]): void {
    this.git('rm', '-q', ...rels)
  }

  /** Writes files, stages everything, commits; returns the new commit's SHA. */
  commit(message: string, files: Record<string, string> = {}): string {
    this.write(files)
    this.git('add', '-A')
    this.git('commit', '-q', '--allow-empty', '-m', message)
    return this.git('rev-parse', 'HEAD')
  }

  checkout(ref: string): void {
    this.git('checkout', '-q', ref)
  }
}

/**
 * A pull_request event payload as GitHub sends it (the fields the Action reads, and some context).
 * The head repository is private unless `headPublic`; `fork` puts it in someone else's account.
 */
export function pullRequestEvent(o: {
  number: number
  base: string
  head: string
  changedFiles: number
  fork?: boolean
  headPublic?: boolean
  repository?: string
}): unknown {
  const repo = o.repository ?? 'acme/website'
  const basePrivate = !(o.headPublic === true && o.fork !== true)
  return {
    action: 'synchronize',
    number: o.number,
    repository: { full_name: repo, private: basePrivate },
    pull_request: {
      number: o.number,
      changed_files: o.changedFiles,
      base: { sha: o.base, ref: 'main', repo: { full_name: repo, private: basePrivate, fork: false } },
      head: {
        sha: o.head,
        ref: 'feature',
        repo: { full_name: o.fork ? 'someone/website' : repo, private: o.headPublic !== true, fork: o.fork === true }
      }
    }
  }
}
