#!/usr/bin/env node
// Cuts a release from a clean main: `node scripts/release.js X.Y.Z [--push]`.
//
// 1. refuses a dirty tree, another branch, an existing tag, or a version that
//    is not above the current one;
// 2. writes the version into package.json, package-lock.json and
//    src/version.ts, and turns CHANGELOG.md's "Unreleased" section into
//    "[X.Y.Z] - date" (refuses an empty one: say what changed first);
// 3. rebuilds dist/ and commits "Release vX.Y.Z";
// 4. tags vX.Y.Z (annotated) and moves the major tag vX to it, which is what
//    workflows pin (`uses: publish-guard/publish-guard@v1`);
// 5. pushes the commit and both tags with --push; otherwise prints the push
//    commands.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import semver from 'semver'

const args = process.argv.slice(2)
const push = args.includes('--push')
const version = args.find((a) => !a.startsWith('--'))

function fail(msg) {
  process.stderr.write(`release: ${msg}\n`)
  process.exit(2)
}
const git = (...a) => execFileSync('git', a, { encoding: 'utf8' }).trim()
const tagExists = (t) => {
  try {
    git('rev-parse', '--verify', '--quiet', `refs/tags/${t}`)
    return true
  } catch {
    return false
  }
}

if (!version || !semver.valid(version)) fail('usage: node scripts/release.js X.Y.Z [--push]')
if (git('status', '--porcelain')) fail('the working tree has uncommitted changes')
const branch = git('rev-parse', '--abbrev-ref', 'HEAD')
if (branch !== 'main') fail(`releases are cut from main, not ${branch}`)
const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
if (!semver.gt(version, pkg.version)) fail(`${version} is not above the current version ${pkg.version}`)
const tag = `v${version}`
const major = `v${semver.major(version)}`
if (tagExists(tag)) fail(`tag ${tag} exists already`)

const changelog = readFileSync('CHANGELOG.md', 'utf8')
const unreleased = /^## \[Unreleased\]\n([\s\S]*?)(?=^## \[|(?![\s\S]))/m.exec(changelog)
if (!unreleased || !/^[-*] /m.test(unreleased[1])) fail('CHANGELOG.md has no entries under "## [Unreleased]"')
const date = new Date().toISOString().slice(0, 10)
let next = changelog.replace('## [Unreleased]\n', `## [Unreleased]\n\n## [${version}] - ${date}\n`)
// Keep a Changelog's compare links at the bottom, when the file has them.
next = next.replace(
  /^\[Unreleased\]: (.*)\/compare\/(v[^.]+\.[^.]+\.[^.]+)\.\.\.HEAD$/m,
  (_, base, prev) => `[Unreleased]: ${base}/compare/${tag}...HEAD\n[${version}]: ${base}/compare/${prev}...${tag}`
)
writeFileSync('CHANGELOG.md', next)

pkg.version = version
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n')
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'))
lock.version = version
if (lock.packages?.['']) lock.packages[''].version = version
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n')
const vfile = 'src/version.ts'
writeFileSync(vfile, readFileSync(vfile, 'utf8').replace(/VERSION = '[^']*'/, `VERSION = '${version}'`))

execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
git('add', '-A')
git('commit', '-q', '-m', `Release ${tag}`)
git('tag', '-a', tag, '-m', `publish-guard ${tag}`)
git('tag', '-f', '-a', major, '-m', `publish-guard ${major} (moves with each ${major}.x release; now ${tag})`)
process.stdout.write(`Tagged ${tag} and moved ${major} to ${git('rev-parse', '--short', 'HEAD')}.\n`)
const commands = [
  ['push', 'origin', 'main'],
  ['push', 'origin', tag],
  ['push', '--force', 'origin', major]
]
if (push) for (const c of commands) execFileSync('git', c, { stdio: 'inherit' })
else process.stdout.write(`Push with:\n${commands.map((c) => `  git ${c.join(' ')}`).join('\n')}\n`)
