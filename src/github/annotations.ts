// One annotation per finding, at its first place: CSV/TSV at the line,
// workbooks at line 1 with the sheet and the `Sheet!B2:B21` places in the
// message. Titles are words (`Personal data: names in a very hidden sheet`),
// the message says how many rows, where, and what to do.
// Used by the check run and, capped, by the workflow-command fallback.
//
// Allowed findings (policy `allow:`) are `notice` annotations in the check
// run: they never block, but an exception stays visible where the data is;
// they come last, so the cap never pushes out a blocking one. In the
// workflow-command fallback (10 per level per step) they are left out and
// listed in the job summary. A finding already on the base branch that does
// not block (`fail-on-existing: false`) is a `warning`, not a `failure`.

import * as core from '@actions/core'
import { allowedLabel, reviewOrder } from '../report/present.js'
import type { Finding } from '../findings.js'
import { forTerminal } from '../report/escape.js'
import { categoryOf, columnLabel, compactPlaces, kindWords, plural, sheetLabel, sizeOf, type Category } from '../report/review.js'
import { placesOf } from '../report/text.js'
import type { SheetEntry } from '../report/types.js'
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

/** Does a finding stop the merge? (`blocksIn(report)`; by default every finding is taken at its severity.) */
export type Blocks = (f: Finding) => boolean
const ALL: Blocks = () => true

function levelOf(f: Finding, blocks: Blocks = ALL): Annotation['annotation_level'] {
  if (f.allowed) return 'notice'
  return f.severity === 'error' && blocks(f) ? 'failure' : 'warning'
}

/**
 * An annotation titled in words (`Personal data: names in a very hidden
 * sheet`), its message the size, the places as ranges, the finding's own
 * sentence and the remedy. Labels go through forTerminal (no control or bidi
 * character reaches the page or the log).
 */
function annotationOf(f: Finding, blocks: Blocks = ALL, sheets?: readonly SheetEntry[]): Annotation {
  const places = placesOf(f)
  const first = places[0] ?? f.location
  const allowed = allowedLabel(f)
  const size = sizeOf(f)
  const unit = categoryOf(f) === 'personal' ? (f.location.cell !== undefined || f.location.line !== undefined ? 'row' : 'place') : 'place'
  const ranges = compactPlaces(f)
  const novelty =
    f.novelty === 'new'
      ? 'New in this pull request.'
      : f.novelty === 'existing'
        ? blocks(f)
          ? 'Already on the base branch: it still blocks, because data already published is still exposed.'
          : 'Already on the base branch (not blocking: fail-on-existing is false).'
        : ''
  const message = [
    allowed ? `${allowed}: does not block.` : '',
    size > 1 || ranges ? `${plural(size, unit)}${ranges ? `: ${ranges}` : ''}.` : '',
    f.message,
    novelty,
    allowed ? '' : `To fix: ${remedyOf(f)}`
  ]
    .filter(Boolean)
    .map(forTerminal)
    .join('\n')
  return {
    path: f.location.file,
    start_line: first.line ?? 1,
    end_line: first.line ?? 1,
    annotation_level: levelOf(f, blocks),
    title: clip(forTerminal(titleOf(f, sheets)), CHECK_TITLE_MAX),
    message: clipBytes(message, CHECK_ANNOTATION_MESSAGE_MAX)
  }
}

const FAMILY_TITLE: Record<Category, string> = {
  personal: 'Personal data',
  unreadable: 'Not fully read',
  hidden: 'Hidden content',
  disclosure: 'Disclosure risk',
  policy: 'Publication policy'
}

/** `Personal data: names in a very hidden sheet`, `Personal data: dates of birth in column Date of Birth`. */
function titleOf(f: Finding, sheets?: readonly SheetEntry[]): string {
  const family = f.kind.startsWith('metadata/') ? 'Document metadata' : FAMILY_TITLE[categoryOf(f)]
  const l = f.location
  const sheet = sheetLabel(l, sheets)
  const hiddenSheet = l.sheet !== undefined && sheet !== undefined && sheet !== l.sheet
  const column = columnLabel(l)
  const where = hiddenSheet
    ? ` in a ${sheet!.endsWith('(very hidden sheet)') ? 'very hidden' : 'hidden'} sheet${column ? `, ${column}` : ''}`
    : column
      ? ` in ${column.startsWith('column ') ? column : `column ${column}`}${l.sheet !== undefined ? ` of sheet ${l.sheet}` : ''}`
      : ''
  return `${f.allowed ? 'Allowed: ' : ''}${family}: ${kindWords(f.kind)}${where}`
}

function remedyOf(f: Finding): string {
  if ('remedy' in f && f.remedy) return `${f.remedy}.`
  if (f.kind.startsWith('metadata/'))
    return 'clear the document properties before publishing (in Excel: File > Info > Check for Issues > Inspect Document).'
  switch (categoryOf(f)) {
    case 'personal':
      return 'remove the column or the rows before publishing, or publish aggregates; if the column is meant to be public, allow it in the policy with a reason (allow:).'
    case 'hidden':
      return 'delete the hidden sheet, rows, columns or part before publishing: hiding is not removing.'
    case 'disclosure':
      return 'suppress or combine the small counts before publishing.'
    case 'policy':
      return 'remove the column, or declare it in the policy if it is meant to be published.'
    default:
      return 'make the file readable (for example, save it again as CSV), or remove it.'
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
      emit(a.message, { title: a.title, file: forTerminal(a.path), startLine: a.start_line })
    }
    shown += direct.length
    if (list.length > cap) {
      const rest = list.length - direct.length
      emit(
        `${rest} more ${level}(s) not annotated: GitHub shows at most ${level === 'error' ? WORKFLOW_ERRORS_PER_STEP : WORKFLOW_WARNINGS_PER_STEP} ${level} annotations per step. Every finding is in the job summary.`,
        {
          title: `publish-guard: annotations capped at ${cap} ${level}s`
        }
      )
      core.info(
        `Annotations capped: ${direct.length} of ${list.length} ${level}(s) annotated (limit ${cap} per step); all are listed above and in the job summary.`
      )
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
