// `scan --staged`: what is about to be committed, not what is on disk. The
// staged blob of each staged tabular file is copied (streamed) to a temp
// directory at its repository path and scanned there, so the report names
// the repository paths. For pre-commit hooks (docs/pre-commit.md).

import { ConfigError } from '../errors.js'
import { materialise, repoTop, stagedFiles, type Materialised } from '../git/materialise.js'
import { fileMatcher, reportedFiles } from '../policy/match.js'
import type { Policy } from '../policy/types.js'

export interface StagedTargets {
  /** The repository's top level: the policy is read from here. */
  repo: string
  /** Scan options for the staged copies (paths, root); the policy is resolved at `repo`. */
  open(policy: Policy): Promise<{ paths: string[]; root: string }>
  close(): Promise<void>
}

export async function stagedTargets(cwd: string, pathspecs: string[]): Promise<StagedTargets> {
  const repo = await repoTop(cwd)
  if (repo === null) throw new ConfigError('--staged needs a git repository (run it inside one)')
  let copy: Materialised | null = null
  return {
    repo,
    async open(policy) {
      const reported = reportedFiles(fileMatcher(policy))
      // Pathspecs are relative to where the command runs, as in git.
      const files = (await stagedFiles(cwd, pathspecs)).filter((f) => reported(f.path))
      copy = await materialise(
        repo,
        files.map((f) => ({ path: f.path, spec: f.blob })),
        'publish-guard-staged-'
      )
      return { paths: copy.files, root: copy.dir }
    },
    async close() {
      await copy?.cleanup()
    }
  }
}
