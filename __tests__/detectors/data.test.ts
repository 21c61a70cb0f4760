// The word lists in src/detectors/data are generated from maintained
// packages; this fails when they are stale (a package update changed them).

import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { REPO } from '../helpers/paths.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

function exported(file: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of readFileSync(file, 'utf8').matchAll(/^export const (\w+) = (".*")$/gm)) {
    const v = JSON.parse(m[2] as string) as string
    // Compressed lists compare by content: brotli output may differ between zlib versions.
    out[m[1] as string] = (m[1] as string).endsWith('_BR') ? brotliDecompressSync(Buffer.from(v, 'base64')).toString('utf8') : v
  }
  return out
}

test('generated name and country lists are current', () => {
  const r = spawnSync(process.execPath, [resolve(REPO, 'scripts/gen-detector-data.mjs')], {
    env: { ...process.env, PG_DATA_OUT: dir.path },
    encoding: 'utf8'
  })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  for (const f of ['names.generated.ts', 'countries.generated.ts']) {
    const fresh = exported(resolve(dir.path, f))
    expect(Object.keys(fresh).length).toBe(2)
    expect(exported(resolve(REPO, 'src/detectors/data', f))).toEqual(fresh)
  }
})
