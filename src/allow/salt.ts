// The per-repository salt of value fingerprints.
//
// Order (docs/allowlist.md):
//   1. `salt:` in the policy: the same everywhere (CLI, Action, pre-commit);
//      recommended whenever the policy has `fingerprint:` entries.
//   2. the GitHub repository id (GITHUB_REPOSITORY_ID, set on every Actions
//      runner; a user can export it for the CLI): stable across renames and
//      transfers.
//   3. the CLI outside Actions: the `origin` remote URL (host/owner/name,
//      without scheme, credentials or `.git`), else the repository's top-level
//      path. This only matches the Action's salt when (1) is used, so the
//      `fingerprint` command says which source it used.

import { git } from '../git/run.js'

type SaltSource = 'policy' | 'repository-id' | 'git-remote' | 'repository-path'

export interface Salt {
  value: string
  source: SaltSource
}

export async function resolveSalt(policySalt: string | undefined, root: string, env: NodeJS.ProcessEnv = process.env): Promise<Salt> {
  if (policySalt) return { value: policySalt, source: 'policy' }
  const id = env.GITHUB_REPOSITORY_ID
  if (id && /^\d+$/.test(id)) return { value: `github-repository-id:${id}`, source: 'repository-id' }
  const remote = await git(['config', '--get', 'remote.origin.url'], root).catch(() => null)
  const url = remote?.trim()
  if (url) return { value: `git-remote:${normaliseRemote(url)}`, source: 'git-remote' }
  const top = await git(['rev-parse', '--show-toplevel'], root).catch(() => null)
  return { value: `repository-path:${(top?.trim() || root).replace(/\\/g, '/')}`, source: 'repository-path' }
}

/** `https://user:tok@github.com/o/r.git`, `git@github.com:o/r` -> `github.com/o/r`. */
export function normaliseRemote(url: string): string {
  let u = url
    .trim()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
  u = u.replace(/^[a-z+]+:\/\//i, '').replace(/^[^@/]+@/, '')
  u = u.replace(/^([^/:]+):(?!\d)/, '$1/')
  return u.toLowerCase()
}

export function describeSalt(s: Salt): string {
  switch (s.source) {
    case 'policy':
      return 'the policy salt'
    case 'repository-id':
      return 'the GitHub repository id (GITHUB_REPOSITORY_ID)'
    case 'git-remote':
      return 'the git remote `origin` (the Action uses the repository id instead: set `salt:` in the policy to get the same fingerprints in both)'
    case 'repository-path':
      return 'the repository path (no remote; set `salt:` in the policy to get fingerprints that hold elsewhere)'
  }
}
