// The GitHub API client: @actions/github's Octokit (GITHUB_API_URL is read
// when the process starts) with bounded retries for 5xx and rate limits.
// After the last retry the call fails, and the step fails closed.

import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { API_MAX_RETRIES, API_MAX_WAIT_MS, API_RETRY_BASE_MS } from './limits.js'

export type GitHubClient = ReturnType<typeof getOctokit>

/** The API could not be reached, or kept failing after every retry. */
export class ApiUnavailableError extends Error {
  override readonly name = 'ApiUnavailableError'
}

interface HttpError {
  status?: number
  response?: { headers?: Record<string, string | number | undefined> }
}

export interface ClientOptions {
  /** Defaults to GITHUB_API_URL (read when the process starts). */
  baseUrl?: string
  sleep?: (ms: number) => Promise<void>
}

export function client(token: string, o: ClientOptions = {}): GitHubClient {
  const sleep = o.sleep ?? delay
  const octokit = getOctokit(token, { log: quietLog, ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}) })
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options)
      } catch (e) {
        const wait = retryDelay(e as HttpError, attempt)
        const what = `${options.method} ${options.url}`
        if (wait === undefined) throw e
        if (attempt >= API_MAX_RETRIES || wait > API_MAX_WAIT_MS) {
          throw new ApiUnavailableError(
            `GitHub API ${what} still failing after ${attempt + 1} attempt(s) (${describe(e as HttpError)}); failing closed`
          )
        }
        core.info(
          `GitHub API ${what}: ${describe(e as HttpError)}; retrying in ${Math.ceil(wait / 1000)} s (retry ${attempt + 1} of ${API_MAX_RETRIES})`
        )
        await sleep(wait)
      }
    }
  })
  return octokit
}

/** Milliseconds to wait before retrying, or undefined when the error is not transient. */
function retryDelay(e: HttpError, attempt: number, now = Date.now()): number | undefined {
  const status = e.status
  const backoff = API_RETRY_BASE_MS * 2 ** attempt
  if (status === undefined) return undefined
  if (isRateLimited(e)) {
    const h = e.response?.headers ?? {}
    const after = Number(h['retry-after'])
    if (Number.isFinite(after) && after >= 0) return Math.max(after * 1000, 0)
    const reset = Number(h['x-ratelimit-reset'])
    if (Number.isFinite(reset) && reset > 0) return Math.max(reset * 1000 - now, 0) + 500
    return backoff
  }
  if (status >= 500) return backoff
  return undefined
}

function isRateLimited(e: HttpError): boolean {
  const h = e.response?.headers ?? {}
  if (e.status === 429) return true
  return e.status === 403 && (String(h['x-ratelimit-remaining']) === '0' || h['retry-after'] !== undefined)
}

/** A 403 that is not a rate limit: the token lacks a permission. */
export function isForbidden(e: unknown): boolean {
  const err = e as HttpError
  return err?.status === 403 && !isRateLimited(err)
}

function describe(e: HttpError): string {
  if (e.status === undefined) return 'no response'
  return isRateLimited(e) ? `rate limited (HTTP ${e.status})` : `HTTP ${e.status}`
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

// Octokit's request errors are handled above; keep its own logging out of the job log.
const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }
