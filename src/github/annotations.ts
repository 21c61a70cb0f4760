// One annotation per finding, at its first place: CSV/TSV at the line (the
// column is a field number, not a character offset, so it goes in the title),
// workbooks at line 1 with the `Sheet!B7` place in the title and message.
// Used by the check run and, capped, by the workflow-command fallback.
//
// Allowed findings (policy `allow:`) are `notice` annotations in the check
// run: they never block, but an exception stays visible where the data is;
// they come last, so the cap never pushes out a blocking one. In the
// workflow-command fallback (10 per level per step) they are left out and
// listed in the job summary. A finding already on the base branch that does
// not block (`fail-on-existing: false`) is a `warning`, not a `failure`.

import * as core from '@actions/core'
import { allowedLabel, reviewOrder } from '../allow/present.js'
import { formatPlace, type Finding } from '../findings.js'
import { placesOf } from '../report/text.js'
import {
  CHECK_ANNOTATION_MESSAGE_MAX,
  CHECK_ANNOTATIONS_CAP,
  CHECK_TITLE_MAX,
  WORKFLOW_ERRORS_PER_STEP,
  WORKFLOW_WARNINGS_PER_STEP
} from './limits.js'

export interface Annotation {
  path: string
  start_line: number
  end_line: number
  annotation_level: 'notice' | 'warning' | 'failure'
  title: string
  message: string
}

/** Places listed in one annotation's message. */
const PLACES_IN_MESSAGE = 20

/** Does a finding stop the merge? (`blocksIn(report)`; by default every finding is taken at its severity.) */
export type Blocks = (f: Finding) => boolean
const ALL: Blocks = () => true

export function levelOf(f: Finding, blocks: Blocks = ALL): Annotation['annotation_level'] {
  if (f.allowed) return 'notice'
  return f.severity === 'error' && blocks(f) ? 'failure' : 'warning'
}

export function annotationOf(f: Finding, blocks: Blocks = ALL): Annotation {
  const places = placesOf(f)
  const first = places[0] ?? f.location
  const where = formatPlace(first)
  const count = 'count' in f && f.count !== undefined ? f.count : places.length
  const listed = places.slice(0, PLACES_IN_MESSAGE).map(formatPlace)
  const more = count - listed.length
  const allowed = allowedLabel(f)
  const novelty = f.novelty === 'new' ? ' · new' : f.novelty === 'existing' ? ' · already on the base branch' : ''
  const message =
    (allowed ? `${allowed}: does not block. ` : '') +
    `${f.message}` +
    (listed.length > 1 || (listed.length === 1 && listed[0] !== '') ? `\nPlaces: ${listed.join('; ')}${more > 0 ? ` (+${more} more)` : ''}` : '')
  return {
    path: f.location.file,
    start_line: first.line ?? 1,
    end_line: first.line ?? 1,
    annotation_level: levelOf(f, blocks),
    title: clip(`${allowed ? 'allowed: ' : ''}${f.kind}${where ? ` at ${where}` : ''}${count > 1 ? ` (${count})` : ''}${novelty}`, CHECK_TITLE_MAX),
    message: clipBytes(message, CHECK_ANNOTATION_MESSAGE_MAX)
  }
}

/** Annotations for a check run: every finding (new first, allowed last) up to the cap, then one that says how many more. */
export function checkAnnotations(findings: Finding[], cap = CHECK_ANNOTATIONS_CAP, blocks: Blocks = ALL): Annotation[] {
  const all = reviewOrder(findings).map((f) => annotationOf(f, blocks))
  if (all.length <= cap) return all
  const shown = all.slice(0, cap - 1)
  const rest = all.length - shown.length
  shown.push({
    path: all[0]!.path,
    start_line: 1,
    end_line: 1,
    annotation_level: 'notice',
    title: `${rest} more finding(s) not annotated`,
    message: `The check run shows at most ${cap} annotations; ${rest} more finding(s) are listed in the job summary and in the JSON report (input report-file).`
  })
  return shown
}

/**
 * The fallback when no check run can be made: workflow commands, of which the
 * runner shows only 10 errors and 10 warnings per step, counting the step's
 * own messages (`reserved`: the failure message, permission warnings). Past
 * that, the last one of each level says how many more there are.
 */
export function emitWorkflowAnnotations(
  findings: Finding[],
  reserved: { errors: number; warnings: number },
  blocks: Blocks = ALL
): { shown: number; total: number; allowed: number } {
  let shown = 0
  const ordered = reviewOrder(findings)
  for (const [level, cap] of [
    ['error', WORKFLOW_ERRORS_PER_STEP - reserved.errors],
    ['warning', WORKFLOW_WARNINGS_PER_STEP - reserved.warnings]
  ] as const) {
    const list = ordered.filter((f) => levelOf(f, blocks) === (level === 'error' ? 'failure' : 'warning'))
    const direct = list.length > cap ? list.slice(0, cap - 1) : list
    const emit = level === 'error' ? core.error : core.warning
    for (const f of direct) {
      const a = annotationOf(f, blocks)
      emit(a.message, { title: a.title, file: a.path, startLine: a.start_line })
    }
    shown += direct.length
    if (list.length > cap) {
      const rest = list.length - direct.length
      emit(`${rest} more ${level}(s) not annotated: GitHub shows at most ${level === 'error' ? WORKFLOW_ERRORS_PER_STEP : WORKFLOW_WARNINGS_PER_STEP} ${level} annotations per step. Every finding is in the job summary.`, {
        title: `publish-guard: annotations capped at ${cap} ${level}s`
      })
      core.info(`Annotations capped: ${direct.length} of ${list.length} ${level}(s) annotated (limit ${cap} per step); all are listed above and in the job summary.`)
    }
  }
  const allowed = findings.filter((f) => f.allowed).length
  return { shown, total: findings.length - allowed, allowed }
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…'
}

function clipBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s
  let out = s.slice(0, max - 1)
  while (Buffer.byteLength(out) > max - 3) out = out.slice(0, -1)
  return out + '…'
}
