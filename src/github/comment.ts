// The sticky pull request comment: one comment, found by a hidden marker,
// rewritten on every push; marked resolved when the PR becomes clean (no
// finding, or only findings the policy allows: those are in the check run
// and the job summary, and do not call for a comment on every push).

import type { Report } from '../report/types.js'
import { renderMarkdown, type ExposureNote } from '../report/markdown.js'
import type { GitHubClient } from './api.js'
import { COMMENT_BODY_MAX, PER_PAGE_MAX } from './limits.js'

export const COMMENT_MARKER = '<!-- publish-guard:sticky-comment -->'

export type CommentAction = 'created' | 'updated' | 'resolved' | 'none'

export async function stickyComment(
  api: GitHubClient,
  repo: { owner: string; repo: string },
  pull: number,
  headSha: string,
  report: Report,
  notes: string[],
  exposure?: ExposureNote
): Promise<CommentAction> {
  const existing = await findComment(api, repo, pull)
  const hasFindings = report.findings.some((f) => !f.allowed)
  if (!hasFindings) {
    if (!existing) return 'none'
    await api.rest.issues.updateComment({ ...repo, comment_id: existing, body: resolvedBody(headSha, report.totals.allowed ?? 0) })
    return 'resolved'
  }
  const body = commentBody(report, [...notes, `Commit ${headSha.slice(0, 7)}. This comment is updated on every push.`], exposure)
  if (existing) {
    await api.rest.issues.updateComment({ ...repo, comment_id: existing, body })
    return 'updated'
  }
  await api.rest.issues.createComment({ ...repo, issue_number: pull, body })
  return 'created'
}

/** The comment's text: the marker, then the shared layout within the comment's size limit. */
export function commentBody(report: Report, notes: string[], exposure?: ExposureNote): string {
  return (
    COMMENT_MARKER +
    '\n' +
    renderMarkdown(report, {
      maxBytes: COMMENT_BODY_MAX - COMMENT_MARKER.length - 1,
      notes,
      exposure,
      fullReportAt: "the workflow run's job summary, the publish-guard findings check run and the JSON report artifact"
    })
  )
}

function resolvedBody(headSha: string, allowed = 0): string {
  const also = allowed ? ` ${allowed} finding(s) are allowed by the policy (listed in the check run and the job summary).` : ''
  return `${COMMENT_MARKER}\n## publish-guard: ✅ resolved\n\nAs of commit ${headSha.slice(0, 7)} nothing in this pull request blocks publication.${also}\n`
}

async function findComment(api: GitHubClient, repo: { owner: string; repo: string }, pull: number): Promise<number | undefined> {
  for (let page = 1; ; page++) {
    const { data } = await api.rest.issues.listComments({ ...repo, issue_number: pull, per_page: PER_PAGE_MAX, page })
    const hit = data.find((c) => c.body?.includes(COMMENT_MARKER))
    if (hit) return hit.id
    if (data.length < PER_PAGE_MAX) return undefined
  }
}
