// The triggering event, read from GITHUB_EVENT_PATH into the few facts the
// Action needs. A pull request from a fork under `pull_request` gets a
// read-only token: no check runs, no comments.

import { readFile } from 'node:fs/promises'
import { ConfigError } from '../errors.js'

export interface PullRequestEvent {
  kind: 'pull_request'
  name: string
  number: number
  baseSha: string
  headSha: string
  /** The PR's `changed_files`: the listing must reach it. */
  changedFiles?: number
  /** Head in another repository, under `pull_request`: the token is read-only. */
  readOnlyToken: boolean
  /** The head repository is public (`head.repo.private === false`): the branch is already published. */
  headPublic: boolean
  /** The head repository is a fork, or not the base repository (a deleted fork has `head.repo: null`). */
  fork: boolean
}

export interface PushEvent {
  kind: 'push'
  name: string
  before: string
  after: string
}

interface OtherEvent {
  kind: 'other'
  name: string
}

export type RunEvent = PullRequestEvent | PushEvent | OtherEvent

interface Payload {
  pull_request?: {
    number?: number
    changed_files?: number
    base?: { sha?: string; repo?: { full_name?: string } }
    head?: { sha?: string; repo?: { full_name?: string; private?: boolean; fork?: boolean } | null }
  }
  repository?: { full_name?: string }
  before?: string
  after?: string
}

export async function readEvent(name: string, path: string | undefined, sha: string): Promise<RunEvent> {
  let payload: Payload = {}
  if (path) {
    try {
      payload = JSON.parse(await readFile(path, 'utf8')) as Payload
    } catch (e) {
      throw new ConfigError(`cannot read the event payload (${(e as Error).message})`, 'GITHUB_EVENT_PATH')
    }
  }
  if (name === 'pull_request' || name === 'pull_request_target') {
    const pr = payload.pull_request
    const number = pr?.number
    const baseSha = pr?.base?.sha
    const headSha = pr?.head?.sha
    if (!number || !baseSha || !headSha)
      throw new ConfigError(`the ${name} payload has no pull_request number, base.sha and head.sha`, 'GITHUB_EVENT_PATH')
    const baseRepo = pr?.base?.repo?.full_name ?? payload.repository?.full_name
    const headRepo = pr?.head?.repo?.full_name
    const otherRepo = headRepo === undefined || headRepo === null || headRepo !== baseRepo
    return {
      kind: 'pull_request',
      name,
      number,
      baseSha,
      headSha,
      changedFiles: pr?.changed_files,
      // A deleted fork has head.repo null: treat it as a fork.
      readOnlyToken: name === 'pull_request' && otherRepo,
      headPublic: pr?.head?.repo?.private === false,
      fork: pr?.head?.repo?.fork === true || otherRepo
    }
  }
  if (name === 'push') return { kind: 'push', name, before: payload.before ?? '', after: payload.after || sha }
  return { kind: 'other', name }
}
