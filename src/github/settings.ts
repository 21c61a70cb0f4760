// Every input and runner variable read and validated in one place, into one
// typed object (as actions/checkout does). A bad input is a ConfigError that
// names the input and the form it expects.

import { isAbsolute, resolve } from 'node:path'
import * as core from '@actions/core'
import { ConfigError } from '../errors.js'
import type { Severity } from '../findings.js'
import { parseJobs } from '../parallel/jobs.js'
import { DEFAULT_POLICY_PATH } from '../policy/index.js'

export interface Settings {
  /** GITHUB_WORKSPACE: the checkout; reported paths are relative to it. */
  workspace: string
  policy: string
  /** The user named a policy path: it must exist. */
  policyExplicit: boolean
  token: string
  /** Globs that replace the changed files (`paths` input). */
  paths: string[]
  failOn: Severity
  /** Severity of the finding for a pull request that changes the policy (`policy-change` input). */
  policyChange: Severity
  /** Sticky pull request comment. */
  comment: boolean
  reportFile?: string
  sarifFile?: string
  eventName: string
  eventPath?: string
  /** `owner/name` */
  repository: { owner: string; repo: string }
  sha: string
  /** Worker threads that read files side by side (input `jobs`; default: the runner's CPUs). */
  jobs: number
}

const TRUE = ['true', 'True', 'TRUE', 'yes', 'on']
const FALSE = ['false', 'False', 'FALSE', 'no', 'off']

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd())
  const policyInput = core.getInput('policy')
  const policy = policyInput || DEFAULT_POLICY_PATH
  const failOn = core.getInput('fail-on') || 'error'
  if (failOn !== 'error' && failOn !== 'warning')
    throw new ConfigError(`expected \`error\` or \`warning\`, got \`${failOn}\``, 'input fail-on')
  const policyChange = core.getInput('policy-change') || 'error'
  if (policyChange !== 'error' && policyChange !== 'warning')
    throw new ConfigError(`expected \`error\` or \`warning\`, got \`${policyChange}\``, 'input policy-change')
  const commentInput = core.getInput('comment') || 'true'
  if (!TRUE.includes(commentInput) && !FALSE.includes(commentInput))
    throw new ConfigError(`expected \`true\` or \`false\`, got \`${commentInput}\``, 'input comment')
  const repository = env.GITHUB_REPOSITORY ?? ''
  const [owner, repo, ...rest] = repository.split('/')
  if (!owner || !repo || rest.length)
    throw new ConfigError(`expected \`owner/name\`, got \`${repository}\` (is this running in GitHub Actions?)`, 'GITHUB_REPOSITORY')
  return {
    workspace,
    policy,
    policyExplicit: policy !== DEFAULT_POLICY_PATH,
    token: core.getInput('token'),
    paths: core
      .getMultilineInput('paths')
      .flatMap((l) => l.split(','))
      .map((p) => p.trim())
      .filter(Boolean),
    failOn,
    policyChange,
    comment: TRUE.includes(commentInput),
    reportFile: outputPath(core.getInput('report-file'), workspace),
    sarifFile: outputPath(core.getInput('sarif-file'), workspace),
    eventName: env.GITHUB_EVENT_NAME ?? '',
    eventPath: env.GITHUB_EVENT_PATH || undefined,
    repository: { owner, repo },
    sha: env.GITHUB_SHA ?? '',
    jobs: parseJobs(core.getInput('jobs'), 'input jobs')
  }
}

function outputPath(p: string, workspace: string): string | undefined {
  if (!p) return undefined
  return isAbsolute(p) ? p : resolve(workspace, p)
}
