// The check run on the head commit: verdict, Markdown summary, and every
// annotation, 50 per request (the Checks API's limit), up to a named cap.

import { blocksIn } from '../report/present.js'
import { forTerminal } from '../report/escape.js'
import type { Report } from '../report/types.js'
import { renderMarkdown, verdictTitle, type ExposureNote } from '../report/markdown.js'
import type { GitHubClient } from './api.js'
import { checkAnnotations, type Annotation } from './annotations.js'
import { CHECK_ANNOTATIONS_PER_REQUEST, CHECK_OUTPUT_TEXT_MAX, CHECK_TITLE_MAX } from './limits.js'

// Not the job's name: the job (`publish-guard` in the example workflows) is
// the check to make required; this one carries the annotations and the summary.
const CHECK_NAME = 'publish-guard findings'

export interface CheckRunResult {
  id: number
  annotations: number
  requests: number
}

export async function publishCheckRun(
  api: GitHubClient,
  repo: { owner: string; repo: string },
  headSha: string,
  report: Report,
  notes: string[],
  exposure?: ExposureNote
): Promise<CheckRunResult> {
  const title = forTerminal(verdictTitle(report)).slice(0, CHECK_TITLE_MAX)
  const summary = renderMarkdown(report, {
    maxBytes: CHECK_OUTPUT_TEXT_MAX,
    notes,
    exposure,
    fullReportAt: "the job summary and the JSON report (the workflow run's artifact)"
  })
  const batches = chunk(checkAnnotations(report.findings, undefined, blocksIn(report)), CHECK_ANNOTATIONS_PER_REQUEST)
  const done = { status: 'completed' as const, conclusion: report.blocked ? ('failure' as const) : ('success' as const) }
  const output = (annotations: Annotation[]) => ({ title, summary, annotations })

  let requests = 1
  const created = await api.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    ...(batches.length === 1 ? done : { status: 'in_progress' as const }),
    output: output(batches[0] ?? [])
  })
  const id = created.data.id
  for (let i = 1; i < batches.length; i++) {
    requests++
    await api.rest.checks.update({
      ...repo,
      check_run_id: id,
      ...(i === batches.length - 1 ? done : {}),
      output: output(batches[i] ?? [])
    })
  }
  return { id, annotations: batches.reduce((n, b) => n + b.length, 0), requests }
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out.length ? out : [[]]
}
