// Node versions agree: the bundle is built for the oldest Node that
// package.json's `engines` admits, the Action's runtime is inside that range,
// and every package bundled into dist/ runs on that oldest Node.

import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import semver from 'semver'
import { parse } from 'yaml'
import { REPO } from '../helpers/paths.js'

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } }
const oldest = semver.minVersion(pkg.engines.node)

/** The package.json of every package with code in the bundle of `entry`. */
async function bundledPackages(entry: string): Promise<Map<string, string | undefined>> {
  const out = await build({
    entryPoints: [join(REPO, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: REPO
  })
  const found = new Map<string, string | undefined>()
  for (const input of Object.keys(out.metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (!m?.[1] || found.has(m[1])) continue
    const meta = JSON.parse(readFileSync(resolve(REPO, m[1], 'package.json'), 'utf8')) as {
      name: string
      version: string
      engines?: { node?: string }
    }
    found.set(`${meta.name}@${meta.version}`, meta.engines?.node)
  }
  return found
}

describe('Node versions', () => {
  test('engines names an oldest version', () => {
    expect(oldest?.major).toBeGreaterThanOrEqual(20)
  })

  test("the Action's runtime is inside engines", () => {
    const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { runs: { using: string } }
    const m = /^node(\d+)$/.exec(action.runs.using)
    expect(m).not.toBeNull()
    expect(semver.satisfies(`${m![1]}.0.0`, pkg.engines.node)).toBe(true)
  })

  test('the build targets the oldest Node of engines', () => {
    const script = readFileSync(join(REPO, 'scripts/build.js'), 'utf8')
    expect(script).toMatch(/target: `node\$\{.*minVersion/)
  })

  test.each(['src/cli.ts', 'src/index.ts'])('every package bundled from %s runs on the oldest Node', async (entry) => {
    const packages = await bundledPackages(entry)
    expect(packages.size).toBeGreaterThan(0)
    const refuse = [...packages]
      .filter(([, range]) => range !== undefined && !semver.satisfies(oldest!, range))
      .map(([name, range]) => `${name} needs node ${range}`)
    expect(refuse).toEqual([])
  })
})
