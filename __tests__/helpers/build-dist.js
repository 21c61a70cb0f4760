// Jest global setup: the end-to-end tests run dist/ (what the Action and the
// npm package run), so build it from the sources first. Without this, a test
// run after a source change would exercise a stale bundle and pass or fail
// for the wrong reason. CI then checks that the committed dist/ equals this
// build (.ci/run).
import { execFileSync } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export default function buildDist() {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
  execFileSync(process.execPath, ['scripts/build.js'], { cwd: repo, stdio: 'inherit' })
}
