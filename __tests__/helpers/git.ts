// Real git repositories in temp directories, for tests of everything that
// reads git (base-branch comparison, staged files, blame of the policy).

import { execFileSync } from 'node:child_process'
import { tempDir } from './tmp.js'

export interface TempRepo {
  path: string
  write(rel: string, data: string | Buffer): string
  git(...args: string[]): string
  /** Stages everything and commits; returns the commit id. */
  commit(message: string, author?: string): string
}

export function tempRepo(prefix = 'pg-git-'): TempRepo {
  const dir = tempDir(prefix)
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir.path,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }
    })
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'dev@example.invalid')
  git('config', 'user.name', 'Dev')
  git('config', 'commit.gpgsign', 'false')
  return {
    path: dir.path,
    write: dir.write,
    git,
    commit(message, author = 'Dev <dev@example.invalid>') {
      git('add', '-A')
      git('commit', '-q', '--allow-empty', '-m', message, `--author=${author}`)
      return git('rev-parse', 'HEAD').trim()
    }
  }
}
