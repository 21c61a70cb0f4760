// scripts/release.js in a clone of this repository: it tags vX.Y.Z, moves the
// major tag, stamps the version everywhere and dates the changelog; it
// refuses a dirty tree, an existing tag and an empty "Unreleased" section.

import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from '../helpers/paths.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir('pg-release-')
const clone = join(dir.path, 'clone')
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }
const git = (...args: string[]): string => execFileSync('git', args, { cwd: clone, encoding: 'utf8', env }).trim()
const release = (...args: string[]) => spawnSync(process.execPath, ['scripts/release.js', ...args], { cwd: clone, encoding: 'utf8', env })

beforeAll(() => {
  execFileSync('git', ['clone', '-q', '--no-local', REPO, clone], { env })
  git('checkout', '-q', '-B', 'main')
  git('config', 'user.email', 'dev@example.invalid')
  git('config', 'user.name', 'Dev')
  git('config', 'commit.gpgsign', 'false')
  git('config', 'tag.gpgsign', 'false')
  // The build needs the dev dependencies; they are not in git.
  symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'))
  writeFileSync(join(clone, '.git/info/exclude'), 'node_modules\n')
  for (const t of git('tag', '-l').split('\n').filter(Boolean)) git('tag', '-d', t)
}, 60_000)

const version = (): string => (JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { version: string }).version

describe('scripts/release.js', () => {
  test('refuses a dirty working tree', () => {
    writeFileSync(join(clone, 'stray.txt'), 'x')
    const r = release('1.0.0')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('uncommitted')
    execFileSync('rm', [join(clone, 'stray.txt')])
  })

  test('cuts 1.0.0: version stamped, changelog dated, vX.Y.Z and v1 on the release commit, dist rebuilt', () => {
    const r = release('1.0.0')
    expect(r.status).toBe(0)
    const head = git('rev-parse', 'HEAD')
    expect(git('log', '-1', '--format=%s')).toBe('Release v1.0.0')
    expect(git('rev-parse', 'v1.0.0^{commit}')).toBe(head)
    expect(git('rev-parse', 'v1^{commit}')).toBe(head)
    expect(version()).toBe('1.0.0')
    expect(readFileSync(join(clone, 'src/version.ts'), 'utf8')).toContain("VERSION = '1.0.0'")
    expect(readFileSync(join(clone, 'CHANGELOG.md'), 'utf8')).toMatch(/^## \[Unreleased\]\n\n## \[1\.0\.0\] - \d{4}-\d{2}-\d{2}\n/m)
    expect(git('status', '--porcelain')).toBe('')
    // The bundle carries the new version.
    const out = execFileSync(process.execPath, ['dist/cli.js', '--version'], { cwd: clone, encoding: 'utf8' })
    expect(out.trim()).toBe('1.0.0')
  }, 120_000)

  test('refuses an empty Unreleased section and a version that is not above the current one', () => {
    const empty = release('1.0.1')
    expect(empty.status).toBe(2)
    expect(empty.stderr).toContain('Unreleased')
    const same = release('1.0.0')
    expect(same.status).toBe(2)
  })

  test('1.0.1 moves v1 and keeps v1.0.0 where it was', () => {
    const first = git('rev-parse', 'v1.0.0^{commit}')
    const log = readFileSync(join(clone, 'CHANGELOG.md'), 'utf8').replace('## [Unreleased]\n', '## [Unreleased]\n\n### Fixed\n- A fix.\n')
    writeFileSync(join(clone, 'CHANGELOG.md'), log)
    git('commit', '-qam', 'A fix')
    const r = release('1.0.1')
    expect(r.status).toBe(0)
    const head = git('rev-parse', 'HEAD')
    expect(git('rev-parse', 'v1^{commit}')).toBe(head)
    expect(git('rev-parse', 'v1.0.0^{commit}')).toBe(first)
    expect(git('rev-parse', 'v1.0.1^{commit}')).toBe(head)
  }, 120_000)
})
