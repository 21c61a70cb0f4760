// Copies of git blobs (the staged version of a file, or its version on the
// base branch) written under a temp directory at their repository paths, so
// that scan() reads them like a checkout. Streamed: memory stays flat.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { git, gitShowToFile } from './run.js'

export interface Materialised {
  /** The temp directory: use it as scan()'s root. */
  dir: string
  /** Repository-relative paths written. */
  files: string[]
  cleanup(): Promise<void>
}

/** Regular files only (100644, 100755): not symlinks, not submodules. */
const REGULAR = /^100(644|755)$/

export interface StagedFile {
  path: string
  blob: string
}

/** Files added, copied, modified, renamed or retyped in the index (`git diff --cached`). */
export async function stagedFiles(repoRoot: string, pathspecs: string[] = []): Promise<StagedFile[]> {
  const out = await git(['diff', '--cached', '--raw', '-z', '--no-renames', '--diff-filter=ACMT', '--', ...pathspecs], repoRoot)
  const parts = out.split('\0')
  const files: StagedFile[] = []
  for (let i = 0; i + 1 < parts.length; i += 2) {
    // `:100644 100644 <old> <new> M` then the path
    const [, newMode, , newBlob] = (parts[i] as string).slice(1).split(' ')
    const path = parts[i + 1] as string
    if (newMode && newBlob && REGULAR.test(newMode)) files.push({ path, blob: newBlob })
  }
  return files
}

/** Writes each `spec(path)` blob to `<temp>/<path>`. */
export async function materialise(
  repoRoot: string,
  files: ReadonlyArray<{ path: string; spec: string }>,
  prefix = 'publish-guard-'
): Promise<Materialised> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true })
  try {
    for (const f of files) await gitShowToFile(f.spec, repoRoot, join(dir, f.path))
  } catch (e) {
    await cleanup()
    throw e
  }
  return { dir, files: files.map((f) => f.path), cleanup }
}

/** The repository's top-level directory, or null outside a repository. */
export async function repoTop(cwd: string): Promise<string | null> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).trim()
  } catch {
    return null
  }
}
