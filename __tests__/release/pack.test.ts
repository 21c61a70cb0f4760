// The npm package as a user gets it: `npm pack`, then the packed tarball run
// with npx in a directory that has nothing of this project, offline (the
// bundle needs no dependency), and the README's git hook in a website
// repository of its own.

import { spawnSync } from 'node:child_process'
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempRepo } from '../helpers/git.js'
import { REPO } from '../helpers/paths.js'
import { tempDir } from '../helpers/tmp.js'

const work = tempDir('pg-pack-')
const leak = readFileSync(join(REPO, 'examples/staff-contacts.csv'), 'utf8')
const clean = readFileSync(join(REPO, 'examples/bookins-by-facility.csv'), 'utf8')
/** The first person's name, birth date, SSN and email in the leaking example: never in any output. */
const leakedValues = leak.split(/\r?\n/)[1]!.split(',').slice(1)

let tarball = ''
beforeAll(() => {
  const r = spawnSync('npm', ['pack', '--silent', '--pack-destination', work.path], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, npm_config_cache: join(work.path, 'npm-cache') }
  })
  expect(r.status).toBe(0)
  const packed = readdirSync(work.path).filter((f) => f.endsWith('.tgz'))
  expect(packed).toHaveLength(1)
  tarball = join(work.path, packed[0]!)
}, 120_000)

/** npx from an empty npm cache, offline: anything it would fetch fails the run. */
function npx(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('npx', ['--yes', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', npm_config_cache: join(work.path, 'npx-cache'), npm_config_offline: 'true' }
  })
  return { status: r.status, out: r.stdout + r.stderr }
}

describe('npm pack', () => {
  const site = tempDir('pg-pack-site-')
  test('the tarball holds the bundle, the action, the schema and the license, and declares no dependency', () => {
    const r = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    const files = r.stdout.split('\n').filter(Boolean).sort()
    expect(files).toEqual(
      expect.arrayContaining([
        'package/LICENSE',
        'package/action.yml',
        'package/dist/cli.js',
        'package/package.json',
        'package/policy.schema.json'
      ])
    )
    expect(files.some((f) => f.startsWith('package/src/') || f.startsWith('package/__tests__/'))).toBe(false)
    const pkg = JSON.parse(spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }).stdout) as {
      dependencies?: Record<string, string>
    }
    expect(pkg.dependencies ?? {}).toEqual({})
  })

  test('npx runs the packed tarball offline: the leaking table blocks, the clean one passes', () => {
    site.write('data/staff.csv', leak)
    site.write('data/bookins.csv', clean)
    const blocked = npx([`--package=${tarball}`, 'publish-guard', 'scan', 'data/staff.csv'], site.path)
    expect(blocked.status).toBe(1)
    expect(blocked.out).toContain('data/staff.csv')
    for (const v of leakedValues) expect(blocked.out).not.toContain(v)
    const passed = npx([`--package=${tarball}`, 'publish-guard', 'scan', 'data/bookins.csv'], site.path)
    expect(passed.status).toBe(0)
  })
})

describe("the README's git hook", () => {
  const repo = tempRepo('pg-hook-')
  /** The hook exactly as the README prints it, with the package spec pointed at the tarball. */
  function readmeHook(): string {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
    const m = /plain git hook[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)
    expect(m).not.toBeNull()
    const hook = m![1]!
    expect(hook).toMatch(/npx --yes publish-guard@\d+ scan --staged/)
    return hook.replace(/publish-guard@\d+/, `--package=${tarball} publish-guard`)
  }

  test('stops a commit of a leaking table in a repository without publish-guard, and lets a clean one through', () => {
    repo.write('index.html', '<p>site</p>\n')
    repo.commit('site')
    const hook = join(repo.path, '.git/hooks/pre-commit')
    writeFileSync(hook, readmeHook())
    chmodSync(hook, 0o755)
    const env = { ...process.env, CI: 'true', npm_config_cache: join(work.path, 'hook-cache'), npm_config_offline: 'true' }
    const commit = (msg: string) =>
      spawnSync('git', ['-c', 'user.email=dev@example.invalid', '-c', 'user.name=Dev', 'commit', '-q', '-m', msg], {
        cwd: repo.path,
        encoding: 'utf8',
        env
      })

    repo.write('_data/staff.csv', leak)
    repo.git('add', '_data/staff.csv')
    const stopped = commit('add staff')
    expect(stopped.status).not.toBe(0)
    expect(stopped.stdout + stopped.stderr).toContain('_data/staff.csv')
    for (const v of leakedValues) expect(stopped.stdout + stopped.stderr).not.toContain(v)
    expect(repo.git('log', '--oneline')).not.toContain('add staff')

    repo.git('rm', '-q', '--cached', '_data/staff.csv')
    repo.write('_data/bookins.csv', clean)
    repo.git('add', '_data/bookins.csv')
    const through = commit('add bookins')
    expect(through.status).toBe(0)
    expect(repo.git('log', '--oneline')).toContain('add bookins')
  })
})
