// The command line: argv -> scan() -> output and exit code.
// 0: nothing blocks; 1: blocking findings (unreadable files included);
// 2: usage or policy error; 3: a bug in publish-guard.
// This is the only place that sets the process's exit status.

import { readFile, writeFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { ConfigError } from './errors.js'
import { findPolicy, DEFAULT_POLICY_PATH } from './policy/index.js'
import { resolvePolicy } from './resolve.js'
import { renderJson } from './report/json.js'
import { renderSarif } from './report/sarif.js'
import { renderText } from './report/text.js'
import type { Report } from './report/types.js'
import { scan } from './scan.js'
import { parseJobs } from './parallel/jobs.js'
import { scanHistory } from './history/index.js'
import { mergeReports, MergeError } from './report/merge.js'
import { parseShard } from './shard.js'
import { VERSION } from './version.js'
import { fingerprintCommand } from './cli/fingerprint.js'
import { stagedTargets } from './cli/staged.js'
import { parseCommand } from './cli/args.js'
import { repoTop } from './git/materialise.js'

const USAGE = `Usage: publish-guard scan PATH... [options]
       publish-guard scan --staged [PATH...] [options]
       publish-guard scan --history [--branch B] [--since REF] [options]
       publish-guard merge REPORT.json... [--format FORMAT] [--output FILE]
       publish-guard fingerprint FILE --at CELL | --line N --column N

Scans CSV, TSV, XLSX and ODS files for personal data and policy violations.
Directories are walked with the policy's file globs.

Options:
  --staged             scan the staged version of staged tabular files (pre-commit)
  --history            scan every table blob in the history of a branch, each distinct blob once
  --branch B           with --history: the branch (or commit) whose history is scanned (default HEAD)
  --since REF          with --history: only blobs added after REF
  --shard I/N          scan part I of N (files by path, history blobs by id); join with \`merge\`
  --policy FILE        policy file (default: ${DEFAULT_POLICY_PATH} at the repository's
                       top level if present, else built-in)
  --format FORMAT      text (default), json or sarif
  --output FILE        write the report to FILE instead of standard output
  --fail-on LEVEL      error (default) or warning: the lowest severity that blocks
  --jobs N             files read side by side, one worker thread each (default: the number of CPUs)
  -h, --help           show this help
  --version            show the version

Exit status: 0 nothing blocks, 1 blocked, 2 usage or policy error, 3 internal error.
`

const RENDERERS: Record<string, (r: Report) => string> = { text: renderText, json: renderJson, sarif: renderSarif }

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE)
    return command === undefined ? 2 : 0
  }
  if (command === '--version') {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  if (command === 'fingerprint') {
    return fingerprintCommand(
      rest,
      process.cwd(),
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s)
    )
  }
  if (command === 'merge') return mergeCommand(rest)
  if (command !== 'scan')
    throw new ConfigError(`unknown command \`${command}\`; expected \`scan\`, \`merge\` or \`fingerprint\`\n\n${USAGE}`)

  const parsed = parseCommand(
    rest,
    {
      policy: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      'fail-on': { type: 'string', default: 'error' },
      staged: { type: 'boolean', default: false },
      history: { type: 'boolean', default: false },
      branch: { type: 'string' },
      since: { type: 'string' },
      shard: { type: 'string' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    USAGE
  )
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  if (values.history && (values.staged || positionals.length))
    throw new ConfigError('--history scans a whole history: give no PATH and no --staged')
  if (!values.history && (values.branch !== undefined || values.since !== undefined))
    throw new ConfigError('--branch and --since go with --history')
  if (positionals.length === 0 && !values.staged && !values.history) throw new ConfigError(`no PATH given\n\n${USAGE}`)
  const render = RENDERERS[values.format]
  if (!render) throw new ConfigError(`must be text, json or sarif (got \`${values.format}\`)`, '--format')
  const failOn = values['fail-on']
  if (failOn !== 'error' && failOn !== 'warning') throw new ConfigError(`must be error or warning (got \`${failOn}\`)`, '--fail-on')

  const jobs = parseJobs(values.jobs, '--jobs')
  const shard = values.shard === undefined ? undefined : parseShard(values.shard)

  const cwd = process.cwd()
  const staged = values.staged ? await stagedTargets(cwd, positionals) : null
  // Run from a subfolder of a repository, the policy is the repository's and
  // paths are reported (and matched by the policy's globs) from its top level.
  const root = staged?.repo ?? (await repoTop(cwd)) ?? cwd
  const found = await findPolicy(values.policy && fromRoot(root, resolve(cwd, values.policy)), root)
  if (found.source === null)
    process.stderr.write(`publish-guard: no ${DEFAULT_POLICY_PATH} in ${root}; using the built-in default policy\n`)
  // A staged scan reads copies elsewhere: the policy's files and the salt are the repository's.
  const policy = await resolvePolicy(found, root)

  const progress = process.stderr.isTTY && !process.env.CI
  const onFile = progress ? (path: string, i: number, n: number) => process.stderr.write(`\r\x1b[K[${i + 1}/${n}] ${path}`) : undefined
  let report: Report
  if (values.history) {
    report = await scanHistory({
      cwd: root,
      policy,
      failOn,
      jobs,
      ...(values.branch ? { branch: values.branch } : {}),
      ...(values.since ? { since: values.since } : {}),
      ...(shard ? { shard } : {}),
      onFile
    })
  } else {
    try {
      report = await scan({
        policy,
        ...(staged ? await staged.open(found) : { paths: positionals.map((p) => resolve(cwd, p)), root }),
        failOn,
        jobs,
        ...(shard ? { shard } : {}),
        onFile
      })
    } finally {
      await staged?.close()
    }
  }
  if (progress) process.stderr.write('\r\x1b[K')

  return emit(report, render, values.output)
}

async function emit(report: Report, render: (r: Report) => string, output: string | undefined): Promise<number> {
  const out = render(report)
  if (output) {
    await writeFile(output, out)
    process.stderr.write(`publish-guard: ${report.blocked ? 'BLOCKED' : 'OK'}; report written to ${output}\n`)
  } else process.stdout.write(out)
  return report.blocked ? 1 : 0
}

/** `merge REPORT.json...`: the JSON reports of the N shards of one scan, as one report. */
async function mergeCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(args, { format: { type: 'string', default: 'json' }, output: { type: 'string' } }, USAGE)
  const { values, positionals } = parsed
  if (positionals.length === 0) throw new ConfigError(`no REPORT.json given\n\n${USAGE}`)
  const render = RENDERERS[values.format]
  if (!render) throw new ConfigError(`must be text, json or sarif (got \`${values.format}\`)`, '--format')
  const reports: Report[] = []
  for (const file of positionals) {
    let r: Report
    try {
      r = JSON.parse(await readFile(file, 'utf8')) as Report
    } catch (e) {
      throw new ConfigError(`cannot read a JSON report (${(e as Error).message.split('\n')[0]})`, file)
    }
    if (r?.tool?.name !== 'publish-guard' || typeof r.schemaVersion !== 'number')
      throw new ConfigError('not a publish-guard JSON report', file)
    reports.push(r)
  }
  let merged: Report
  try {
    merged = mergeReports(reports)
  } catch (e) {
    if (e instanceof MergeError) throw new ConfigError(e.message, 'merge')
    throw e
  }
  return emit(merged, render, values.output)
}

/** A path as seen from the repository's top level when it is inside it (how the report names the policy). */
function fromRoot(root: string, abs: string): string {
  const r = relative(root, abs)
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : abs
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    if (e instanceof ConfigError) {
      process.stderr.write(`publish-guard: ${e.message}\n`)
      process.exitCode = 2
    } else {
      process.stderr.write(
        `publish-guard: internal error (a bug; please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`
      )
      process.exitCode = 3
    }
  }
)
