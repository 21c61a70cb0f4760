import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A temp directory removed after the test file (call in a describe or at top level). */
export function tempDir(prefix = 'pg-test-'): { path: string; write(rel: string, data: string | Buffer): string } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(path, { recursive: true, force: true }))
  return {
    path,
    write(rel, data) {
      const abs = join(path, rel)
      mkdirSync(dirname(abs), { recursive: true })
      writeFileSync(abs, data)
      return abs
    }
  }
}
