// Where things are, for tests. The corpus of real public spreadsheets sits
// beside the repository on the maintainers' machines, not in a clone: the
// corpus-wide tests then skip, and say so.

import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const CLI = resolve(REPO, 'dist/cli.js')
export const ACTION = resolve(REPO, 'dist/index.js')
export const CORPUS = resolve(REPO, '../shared/corpus')
const HAS_CORPUS = existsSync(resolve(CORPUS, 'expected.json'))

let warned = false
/** `describe` when ../shared/corpus exists; otherwise a skipped block that says so. */
export const describeCorpus: jest.Describe = ((name: string, fn: () => void) => {
  if (HAS_CORPUS) return describe(name, fn)
  if (!warned) {
    warned = true
    process.stderr.write(`SKIPPED corpus-wide tests: no corpus at ${CORPUS} (every other test runs without it)\n`)
  }
  // The body is not run (it would read the corpus); one skipped test says why.
  return describe(name, () => {
    test.skip(`skipped: no corpus at ${CORPUS}`, () => undefined)
  })
}) as jest.Describe
