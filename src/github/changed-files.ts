// Which files to scan, completely. A pull request's files come from the API
// (paginated, 100 a page); when that listing is cut (3,000 files), shorter
// than the PR's `changed_files`, or fails, from `git diff --name-status` in
// the checkout. A push scans before..after; anything else the whole
// repository with the policy's globs. Renames are followed, deletions skipped.

import { execFile } from 'node:child_process'
import { lstat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as core from '@actions/core'
import type { ChangedFile } from '../baseline/novelty.js'
import { ConfigError } from '../errors.js'
import { requireCommit } from '../git/run.js'
import type { GitHubClient } from './api.js'
import type { PullRequestEvent, PushEvent, RunEvent } from './event.js'
import { PER_PAGE_MAX, PR_FILES_LIST_MAX } from './limits.js'

const exec = promisify(execFile)

export interface ChangedFiles {
  /** Paths relative to the workspace root, or ['.'] for the whole repository. */
  paths: string[]
  /** The same files with the path each had before, when renamed (for the base-branch comparison). */
  changed: ChangedFile[]
  /** Files deleted by the change: nothing to scan. */
  deleted: string[]
  /** How the list was made, for the summary and the log. */
  source: string
}

export interface ChangedFilesOptions {
  event: RunEvent
  workspace: string
  repository: { owner: string; repo: string }
  api?: GitHubClient
}

export async function changedFiles(o: ChangedFilesOptions): Promise<ChangedFiles> {
  const e = o.event
  if (e.kind === 'pull_request') return pullRequestFiles(e, o)
  if (e.kind === 'push') return pushFiles(e, o.workspace)
  return { paths: ['.'], changed: [], deleted: [], source: `${e.name || 'manual'} run: the whole repository, filtered by the policy` }
}

async function pullRequestFiles(e: PullRequestEvent, o: ChangedFilesOptions): Promise<ChangedFiles> {
  let why: string
  if (o.api) {
    try {
      const listed = await listPullRequestFiles(o.api, o.repository, e.number)
      if (listed.length >= PR_FILES_LIST_MAX) why = `the API lists at most ${PR_FILES_LIST_MAX} files of a pull request`
      else if (e.changedFiles !== undefined && listed.length < e.changedFiles)
        why = `the API listed ${listed.length} of the ${e.changedFiles} changed files`
      else {
        const out: ChangedFiles = {
          paths: [],
          changed: [],
          deleted: [],
          source: `pull request #${e.number}: ${listed.length} changed file(s) from the API`
        }
        for (const f of listed) {
          if (f.status === 'removed') out.deleted.push(f.filename)
          else add(out, f.filename, f.status === 'renamed' ? f.previous_filename : undefined)
        }
        // The listing is the pull request now; the checkout is the commit this run is for.
        const absent = await missing(o.workspace, out.paths)
        if (absent === 0) return out
        why = `${absent} file(s) the API lists are not in the checkout (the pull request changed after this run started)`
      }
    } catch (err) {
      why = `listing the pull request's files failed (${(err as Error).message})`
    }
  } else why = 'no token to list the pull request files'
  core.info(`Changed files: ${why}; using git diff ${short(e.baseSha)}...${short(e.headSha)} in the checkout.`)
  const diff = await gitDiff(o.workspace, e.baseSha, e.headSha, '...')
  return { ...diff, source: `pull request #${e.number}: ${diff.paths.length + diff.deleted.length} changed file(s) from git diff (${why})` }
}

async function pushFiles(e: PushEvent, workspace: string): Promise<ChangedFiles> {
  if (!e.before || /^0+$/.test(e.before))
    return { paths: ['.'], changed: [], deleted: [], source: 'push of a new branch: the whole repository, filtered by the policy' }
  const diff = await gitDiff(workspace, e.before, e.after, '..')
  return {
    ...diff,
    source: `push: ${diff.paths.length + diff.deleted.length} changed file(s) from git diff ${short(e.before)}..${short(e.after)}`
  }
}

interface ListedFile {
  filename: string
  status: string
  previous_filename?: string
}

/** Every page of pulls.listFiles, stopping at the API's own cap. */
async function listPullRequestFiles(api: GitHubClient, repo: { owner: string; repo: string }, pull: number): Promise<ListedFile[]> {
  const out: ListedFile[] = []
  for (let page = 1; out.length < PR_FILES_LIST_MAX; page++) {
    const { data } = await api.rest.pulls.listFiles({ ...repo, pull_number: pull, per_page: PER_PAGE_MAX, page })
    for (const f of data)
      out.push({ filename: f.filename, status: f.status, ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}) })
    if (data.length < PER_PAGE_MAX) break
  }
  return out
}

/** `git diff --name-status` between two commits of the checkout; renames followed, deletions apart. */
async function gitDiff(workspace: string, from: string, to: string, dots: '..' | '...'): Promise<Omit<ChangedFiles, 'source'>> {
  const needed = 'the changed files cannot be listed completely'
  await requireCommit(from, workspace, { role: 'base', needed })
  await requireCommit(to, workspace, { role: 'head', needed })
  let stdout: string
  try {
    ;({ stdout } = await exec('git', ['diff', '--name-status', '-z', '-M', `${from}${dots}${to}`], {
      cwd: workspace,
      maxBuffer: 256 << 20
    }))
  } catch (err) {
    throw new ConfigError(
      `git diff ${from}${dots}${to} failed (${firstLine((err as { stderr?: string }).stderr) || (err as Error).message}). ` +
        'The history between the two commits must be in the checkout: actions/checkout with `fetch-depth: 0`',
      'checkout'
    )
  }
  return parseNameStatus(stdout)
}

/** Parses `git diff --name-status -z` output. A copy is a new file (its source stays where it was). */
export function parseNameStatus(z: string): Omit<ChangedFiles, 'source'> {
  const out: Omit<ChangedFiles, 'source'> = { paths: [], changed: [], deleted: [] }
  const parts = z.split('\0')
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++]
    if (!status) continue
    const code = status[0]
    if (code === 'R' || code === 'C') {
      const old = parts[i++] as string
      add(out, parts[i++] as string, code === 'R' ? old : undefined)
    } else if (code === 'D') out.deleted.push(parts[i++] as string)
    else add(out, parts[i++] as string)
  }
  return out
}

function add(out: Pick<ChangedFiles, 'paths' | 'changed'>, path: string, previousPath?: string): void {
  out.paths.push(path)
  out.changed.push(previousPath ? { path, previousPath } : { path })
}

async function missing(workspace: string, paths: string[]): Promise<number> {
  const found = await Promise.all(
    paths.map((p) =>
      lstat(join(workspace, p)).then(
        () => true,
        () => false
      )
    )
  )
  return found.filter((x) => !x).length
}

const short = (sha: string): string => sha.slice(0, 7)
const firstLine = (s: string | undefined): string => (s ?? '').trim().split('\n')[0] ?? ''
