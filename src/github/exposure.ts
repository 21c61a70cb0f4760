// When the pull request's head branch is in a public repository (or in a
// fork), the files are already published: pushing the branch put them there,
// whatever this check says. The views say so in three lines after the
// verdict, linking to the purge steps (docs/action.md#exposure-warning).
// Pure: flags in, where the branch is out.

export interface ExposureInput {
  /** The head repository is public (`pull_request.head.repo.private === false`). */
  headPublic: boolean
  /** The head repository is a fork (`pull_request.head.repo.fork`, or head repo != base repo). */
  fork: boolean
  /** How many files have blocking findings. */
  files: number
}

/** Where the exposed branch is (`a public fork`), or null when nothing is exposed (private, non-fork head, or nothing blocks). */
export function exposureOf(e: ExposureInput): { where: string } | null {
  if ((!e.headPublic && !e.fork) || e.files === 0) return null
  return { where: e.headPublic ? (e.fork ? 'a public fork' : 'a public repository') : "a fork (outside this repository's control)" }
}
