// The Action: settings -> which files -> scan() -> log, job summary, outputs,
// check run, sticky comment, SARIF and JSON files. Every report is rendered
// from the same findings; none carries a found value. A blocked scan fails
// the step; so does an API that stays down (fail closed). No process.exit.

import { execFile } from 'node:child_process'
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { promisify } from 'node:util'
import * as core from '@actions/core'
import fg from 'fast-glob'
import { randomUUID } from 'node:crypto'
import { exposureOf } from './exposure.js'
import { markNovelty, requireBase, type ChangedFile } from '../baseline/novelty.js'
import { blocksIn } from '../report/present.js'
import { ConfigError } from '../errors.js'
import { ALWAYS_IGNORED } from '../policy/defaults.js'
import { renderJson } from '../report/json.js'
import { renderMarkdown, type ExposureNote } from '../report/markdown.js'
import { forMarkdown } from '../report/escape.js'
import { renderSarif } from '../report/sarif.js'
import { renderText } from '../report/text.js'
import type { Report } from '../report/types.js'
import { scan } from '../scan.js'
import { ApiUnavailableError, client, isForbidden, type GitHubClient } from './api.js'
import { emitWorkflowAnnotations } from './annotations.js'
import { changedFiles } from './changed-files.js'
import { publishCheckRun } from './check-run.js'
import { stickyComment } from './comment.js'
import { readEvent, type PullRequestEvent, type RunEvent } from './event.js'
import { STEP_SUMMARY_MAX_BYTES } from './limits.js'
import { readSettings, type Settings } from './settings.js'
import { trustedPolicy, withPolicyChange } from './trusted-policy.js'

const exec = promisify(execFile)

export async function run(): Promise<void> {
  try {
    await main()
  } catch (e) {
    // A user's mistake says what to fix; an outage says GitHub failed; anything else is our bug, with its stack.
    let message: string
    if (e instanceof ConfigError) message = `publish-guard configuration error: ${e.message}`
    else if (e instanceof ApiUnavailableError) message = `publish-guard: ${e.message}`
    else message = `publish-guard internal error (a bug; please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
    core.setFailed(message)
    await writeSummary(
      `## publish-guard: ❌ not run to the end\n\n${forMarkdown(message.split('\n')[0] ?? '')}\n\nNothing was cleared for publication.\n`
    )
  }
}

/** Job summary, best effort: an unwritable summary file must not hide the first failure. */
async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(markdown).write()
  } catch (e) {
    core.warning(`Cannot write the job summary: ${(e as Error).message}`)
  }
}

async function main(): Promise<void> {
  const s = readSettings()
  const event = await readEvent(s.eventName, s.eventPath, s.sha)
  const api = s.token ? client(s.token) : undefined

  const notes: string[] = []
  let paths: string[]
  /** A pull request's changed files (renames with their old path), for the comparison with its base branch. */
  let prFiles: ChangedFile[] | undefined
  if (s.paths.length) {
    paths = await expandPaths(s.paths, s.workspace)
    notes.push(`Scanned the \`paths\` input (${s.paths.join(', ')}): ${paths.length} file(s) or folder(s), filtered by the policy.`)
    if (event.kind === 'pull_request')
      notes.push('Not compared with the base branch (the `paths` input replaces the changed files): every finding counts.')
  } else {
    if (event.kind === 'pull_request') {
      await checkCheckout(s.workspace, event.headSha)
      // Fail before scanning, not after, when the comparison cannot be made.
      await requireBase(s.workspace, event.baseSha)
    }
    const changed = await changedFiles({ event, workspace: s.workspace, repository: s.repository, api })
    paths = changed.paths
    if (event.kind === 'pull_request') prFiles = changed.changed
    notes.push(`Files: ${changed.source}.`)
    if (changed.deleted.length) notes.push(`${changed.deleted.length} deleted file(s): nothing to scan.`)
  }
  // A pull request is checked with its base branch's policy, never with one it brings.
  const trusted = await trustedPolicy({
    workspace: s.workspace,
    path: s.policy,
    explicit: s.policyExplicit,
    event,
    severity: s.policyChange
  })
  const policy = trusted.policy
  notes.push(trusted.note)
  core.info(notes.join('\n'))

  let report = await scan({ policy, paths, root: s.workspace, failOn: s.failOn, jobs: s.jobs })
  if (event.kind === 'pull_request' && prFiles)
    report = await markNovelty({ repoRoot: s.workspace, baseRef: event.baseSha, changed: prFiles, policy, head: report })
  report = withPolicyChange(report, trusted.changed)
  const preface = event.kind === 'pull_request' ? exposure(event, report) : undefined
  if (preface)
    core.warning(
      "The pull request's branch is public or in a fork: files with blocking findings are already published. The job summary says how to purge them."
    )
  logUntrusted(renderText(report))
  if (s.reportFile) await writeOut(s.reportFile, renderJson(report))
  if (s.sarifFile) await writeOut(s.sarifFile, renderSarif(report))

  // Reporting to GitHub can fail (permissions, outages); the job summary,
  // the outputs and the verdict are written all the same.
  let failure: unknown
  try {
    notes.push(...(await reportToGitHub(s, event, api, report, notes, preface)))
  } catch (e) {
    failure = e
    notes.push(`Reporting to GitHub failed: ${(e as Error).message}`)
  }
  await writeSummary(
    renderMarkdown(report, {
      maxBytes: STEP_SUMMARY_MAX_BYTES,
      notes,
      exposure: preface,
      fullReportAt: 'the JSON report (input report-file; the example workflow uploads it as the publish-guard-report artifact)'
    })
  )
  core.setOutput('blocked', String(report.blocked))
  core.setOutput('findings', String(report.findings.length))
  core.setOutput('files-scanned', String(report.totals.scanned + report.totals.unreadable))
  core.setOutput('report-file', s.reportFile ?? '')
  if (report.blocked) core.setFailed('publish-guard: personal data or policy violations block publication (see the job summary).')
  if (failure) throw failure
}

/** Check run, sticky comment, or (read-only token) workflow-command annotations. Returns notes for the summary. */
async function reportToGitHub(
  s: Settings,
  event: RunEvent,
  api: GitHubClient | undefined,
  report: Report,
  notes: string[],
  preface: ExposureNote | undefined
): Promise<string[]> {
  const out: string[] = []
  const headSha = event.kind === 'pull_request' ? event.headSha : event.kind === 'push' ? event.after : s.sha
  const degrade = (why: string): void => {
    core.warning(`${why} Findings are in this log and the job summary; the step still fails when they block.`)
    out.push(`${why} Findings are in this log and the job summary only.`)
    // The step's failure message is an error annotation too; the permission
    // warnings (this one and the comment's, or the exposure warning) are warnings.
    const a = emitWorkflowAnnotations(report.findings, { errors: report.blocked ? 1 : 0, warnings: preface ? 3 : 2 }, blocksIn(report))
    if (a.shown < a.total)
      out.push(`Annotations: ${a.shown} of ${a.total} finding(s) annotated (GitHub shows 10 errors and 10 warnings per step).`)
    if (a.allowed) out.push(`${a.allowed} allowed finding(s) are not annotated: they are listed below.`)
  }
  if (!api) {
    degrade('No token (input `token` is empty): no check run or comment.')
    return out
  }
  if (event.kind === 'pull_request' && event.readOnlyToken) {
    degrade(
      'This pull request comes from a fork, so the token is read-only (no `checks: write`, no `pull-requests: write`): no check run or comment. ' +
        'Use the workflow_run reporter (see the README) for annotations on fork pull requests.'
    )
    return out
  }
  try {
    const c = await publishCheckRun(api, s.repository, headSha, report, notes, preface)
    core.info(`Check run ${c.id}: ${c.annotations} annotation(s) in ${c.requests} request(s).`)
  } catch (e) {
    if (!isForbidden(e)) throw e
    degrade(
      "The token lacks the `checks: write` permission (HTTP 403 creating the check run): add it to the workflow's `permissions:` block."
    )
  }
  if (event.kind === 'pull_request' && s.comment) {
    try {
      const action = await stickyComment(api, s.repository, event.number, headSha, report, notes, preface)
      core.info(`Pull request comment: ${action}.`)
    } catch (e) {
      if (!isForbidden(e)) throw e
      const why =
        'The token lacks the `pull-requests: write` permission (HTTP 403 on the pull request comment): add it to the `permissions:` block, or set `comment: false`.'
      core.warning(why)
      out.push(why)
    }
  }
  return out
}

/** The exposure warning when the head branch is public or in a fork and something blocks. */
function exposure(event: PullRequestEvent, report: Report): ExposureNote | undefined {
  const blocks = blocksIn(report)
  const files = new Set(report.findings.filter(blocks).map((f) => f.location.file)).size
  return exposureOf({ headPublic: event.headPublic, fork: event.fork, files }) ?? undefined
}

/**
 * Text that names files and labels, into the log: between `::stop-commands::`
 * markers with a token nobody can guess, so no line of it is read as a
 * workflow command (the text renderer already shows control characters as
 * `\uXXXX`, so no path can start a line of its own).
 */
function logUntrusted(text: string): void {
  const token = `publish-guard-${randomUUID()}`
  core.info(`::stop-commands::${token}`)
  core.info(text)
  core.info(`::${token}::`)
}

/**
 * The checkout must be the PR's head, or the merge commit GitHub made of it:
 * otherwise (pull_request_target checks out the base) the files scanned would
 * not be the ones the pull request publishes.
 */
async function checkCheckout(workspace: string, headSha: string): Promise<void> {
  let line: string
  try {
    line = (await exec('git', ['rev-list', '--parents', '-n', '1', 'HEAD'], { cwd: workspace })).stdout.trim()
  } catch (e) {
    throw new ConfigError(
      `the workspace is not a git checkout (${(e as Error).message.split('\n')[0]}): add actions/checkout before publish-guard`,
      'checkout'
    )
  }
  const [head, ...parents] = line.split(' ')
  if (head === headSha || (parents.length > 1 && parents.includes(headSha))) return
  throw new ConfigError(
    `the checkout is at ${head}, not the pull request's head ${headSha} (or GitHub's merge commit of it), so the changed files cannot be scanned as they would be published. ` +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression quoted for the user
      'Under pull_request_target, check out `ref: ${{ github.event.pull_request.head.sha }}`',
    'checkout'
  )
}

/** The `paths` input: folders as they are, everything else a glob over the workspace. */
async function expandPaths(patterns: string[], workspace: string): Promise<string[]> {
  const out: string[] = []
  for (const p of patterns) {
    const isDir = await stat(`${workspace}/${p}`).then(
      (st) => st.isDirectory(),
      () => false
    )
    if (isDir) out.push(p)
    else {
      const found = await fg(p, { cwd: workspace, dot: true, onlyFiles: true, ignore: ALWAYS_IGNORED })
      if (!found.length) core.info(`paths: \`${p}\` matches no file.`)
      out.push(...found.sort())
    }
  }
  return out
}

async function writeOut(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
}
