// When the pull request's head branch is in a public repository (or in a
// fork), the files are already published: pushing the branch put them there,
// whatever this check says. The summary must say so and say how to purge.
// Pure: flags and paths in, Markdown out (for the Action's summary/comment).

import { repoText, safe, type SafeText } from '../findings.js'

export interface ExposureInput {
  /** The head repository is public (`pull_request.head.repo.private === false`). */
  headPublic: boolean
  /** The head repository is a fork (`pull_request.head.repo.fork`, or head repo != base repo). */
  fork: boolean
  /** Files with blocking findings, repository-relative. */
  files: readonly string[]
  /** The PR number, for the support request. */
  pullRequest?: number
}

/** Paths listed in the warning (the report has all of them). */
const MAX_FILES = 20

/** Markdown, or null when nothing is exposed (private, non-fork head, or no files). */
export function exposureWarning(e: ExposureInput): SafeText | null {
  if ((!e.headPublic && !e.fork) || e.files.length === 0) return null
  const where = e.headPublic
    ? e.fork
      ? safe`a public fork`
      : safe`a public repository`
    : safe`a fork (outside this repository's control)`
  const listed = e.files.slice(0, MAX_FILES).map((f) => safe`- \`${code(f)}\``)
  const more = e.files.length > MAX_FILES ? [safe`- and ${e.files.length - MAX_FILES} more (see the report)`] : []
  const pr = e.pullRequest !== undefined ? safe` #${e.pullRequest}` : safe``
  const lines: SafeText[] = [
    safe`> [!CAUTION]`,
    safe`> **These files are already published.** The pull request's branch is in ${where}: anyone could read the files below as soon as the branch was pushed, and they stay in its history, in the pull request's refs and in caches even after this check fails.`,
    safe``,
    ...listed,
    ...more,
    safe``,
    safe`To purge them:`,
    safe`1. **Remove the files** (or the personal columns) in a new commit, so the branch no longer shows them.`,
    safe`2. **Rewrite history** so no commit holds them: \`git filter-repo --invert-paths --path <file>\` (or BFG), then force-push every branch and tag that contains them; in a fork, ask its owner to do the same or to delete the fork.`,
    safe`3. **Ask GitHub Support to purge cached views** (https://support.github.com): name the repository, the pull request${pr} and the commits; pull-request refs and cached diffs are not removed by a force-push.`,
    safe`4. **Rotate anything that can be rotated** (identifiers that can be reissued, credentials, links), and tell your data-protection officer: a disclosure may have to be reported.`
  ]
  return safe`${lines.reduce((a, l) => safe`${a}${l}\n`, safe``)}`
}

/** A path inside a Markdown code span. */
function code(path: string): SafeText {
  return repoText(path.replace(/`/g, "'"))
}
