// A 50-file pull request for the Action entry: a real git repository with a
// base and a head commit, a pull_request event file, and a permissive fake
// GitHub API on 127.0.0.1 that answers whatever the Action asks. Only the
// runner's environment variables are used, so the bench keeps working while
// the Action changes.

import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { personRow, PERSON_HEADER } from './generate.js'

export const PR_FILES = 50
const ROWS_PER_FILE = 2000

const git = (cwd, ...args) =>
  execFileSync('git', args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.org',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.org'
    }
  })
    .toString()
    .trim()

/** Statistics tables (clean) with five of them leaking a roster, as a realistic PR. */
function fileText(n) {
  const lines = []
  if (n % 10 === 9) {
    lines.push(PERSON_HEADER.join(','))
    for (let i = 0; i < ROWS_PER_FILE; i++)
      lines.push(
        personRow(n * ROWS_PER_FILE + i)
          .map((c) => (c.includes(',') ? `"${c}"` : c))
          .join(',')
      )
  } else {
    lines.push('Fiscal Year,Month,Facility,Country,Book-ins,Releases')
    for (let i = 0; i < ROWS_PER_FILE; i++) {
      const r = personRow(i)
      lines.push(`2019,${1 + (i % 12)},${r[5]},${r[4]},${(i * 37) % 500},${(i * 17) % 400}`)
    }
  }
  return lines.join('\n') + '\n'
}

/** Creates the repository and event; returns what the child's environment needs. */
export function preparePullRequest(dir) {
  const repo = join(dir, 'repo')
  mkdirSync(join(repo, 'data'), { recursive: true })
  git(repo, 'init', '-q', '-b', 'main')
  writeFileSync(join(repo, 'README.md'), 'bench repository\n')
  writeFileSync(join(repo, 'data', 'old.csv'), fileText(0))
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'base')
  const base = git(repo, 'rev-parse', 'HEAD')
  const files = []
  for (let n = 0; n < PR_FILES; n++) {
    const name = `data/table-${String(n).padStart(2, '0')}.csv`
    writeFileSync(join(repo, name), fileText(n))
    files.push(name)
  }
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'head: 50 tables')
  const head = git(repo, 'rev-parse', 'HEAD')
  const event = {
    action: 'synchronize',
    number: 1,
    pull_request: {
      number: 1,
      changed_files: files.length,
      base: { sha: base, ref: 'main', repo: { full_name: 'bench/repo', fork: false } },
      head: { sha: head, ref: 'pr', repo: { full_name: 'bench/repo', fork: false } }
    },
    repository: { full_name: 'bench/repo', name: 'repo', owner: { login: 'bench' } }
  }
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event))
  return { repo, base, head, files, eventPath }
}

/** A fake API that lists the PR's files and accepts everything else. */
export async function startFakeApi(pr) {
  const requests = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      requests.push(`${req.method} ${url.pathname}`)
      let answer = { id: 1 }
      if (/\/pulls\/\d+\/files$/.test(url.pathname)) {
        const page = Number(url.searchParams.get('page') ?? '1')
        const per = Number(url.searchParams.get('per_page') ?? '30')
        answer = pr.files.slice((page - 1) * per, page * per).map((filename, i) => ({
          sha: String(i).padStart(40, '0'),
          filename,
          status: 'added',
          additions: 1,
          deletions: 0,
          changes: 1
        }))
      } else if (/\/pulls\/\d+$/.test(url.pathname)) {
        answer = { number: 1, changed_files: pr.files.length, head: { sha: pr.head }, base: { sha: pr.base } }
      } else if (req.method === 'GET') answer = []
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer))
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    close: () => new Promise((r) => server.close(r))
  }
}

/** The runner's environment for the Action child. */
export function actionEnv(dir, pr, apiUrl, run) {
  const summary = join(dir, `summary-${run}.md`)
  const output = join(dir, `output-${run}.txt`)
  writeFileSync(summary, '')
  writeFileSync(output, '')
  return {
    env: {
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: pr.eventPath,
      GITHUB_API_URL: apiUrl,
      GITHUB_WORKSPACE: pr.repo,
      GITHUB_REPOSITORY: 'bench/repo',
      GITHUB_SHA: pr.head,
      GITHUB_REF: 'refs/pull/1/merge',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: dir,
      INPUT_TOKEN: 'bench-token',
      INPUT_POLICY: '.github/publish-guard.yml',
      'INPUT_FAIL-ON': 'error',
      INPUT_COMMENT: 'true'
    },
    summary,
    output
  }
}
