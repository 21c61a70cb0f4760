// Every input read and validated in one place, into one typed object
// (as actions/checkout does). A bad input is a ConfigError naming the input.

import * as core from '@actions/core'
import { ConfigError } from '../errors.js'
import type { Severity } from '../findings.js'
import { DEFAULT_POLICY_PATH } from '../policy/index.js'

export interface Settings {
  workspace: string
  policy: string
  /** The user named a policy path: it must exist. */
  policyExplicit: boolean
  paths: string[]
  failOn: Severity
  reportFile?: string
  sarifFile?: string
}

export function readSettings(): Settings {
  const policy = core.getInput('policy') || DEFAULT_POLICY_PATH
  const failOn = core.getInput('fail-on') || 'error'
  if (failOn !== 'error' && failOn !== 'warning') throw new ConfigError(`expected \`error\` or \`warning\`, got \`${failOn}\``, 'input fail-on')
  return {
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    policy,
    policyExplicit: policy !== DEFAULT_POLICY_PATH,
    paths: core.getMultilineInput('paths').flatMap((l) => l.split(',')).map((p) => p.trim()).filter(Boolean),
    failOn,
    reportFile: core.getInput('report-file') || undefined,
    sarifFile: core.getInput('sarif-file') || undefined
  }
}
