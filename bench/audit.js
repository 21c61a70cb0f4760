// Bench cases of the audit modes: the parallel scan (the same files with 1,
// 2 and 4 worker threads) and `scan --history` (a generated repository's
// history against its distinct blobs scanned as plain files). Inputs are
// generated into the bench's temp folder; run.js records the results.
import { execFileSync, spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { PERSON_HEADER, personRow, writePersonCsv, writePersonXlsx } from './generate.js'

const csvLine = (cells) => cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',') + '\n'

/**
 * 200 files, CSV and XLSX, 1-20 MB each (about 2 GB): prefixes of one 20 MB
 * person CSV cut at row ends, and a few person workbooks copied. Sizes are
 * spread evenly, so no single file decides the wall time.
 */
export async function writeMixedSet(dir, { files = 200, workbooks = 20 } = {}) {
  mkdirSync(dir, { recursive: true })
  const big = join(dir, '..', 'mixed-source.csv')
  await writePersonCsv(big, { bytes: 20 * 1024 * 1024 })
  const text = readFileSync(big)
  const books = []
  for (let k = 0; k < 4; k++) {
    const path = join(dir, '..', `mixed-book-${k}.xlsx`)
    // ~1 MB of sheet data per 20k rows; 20k..140k rows.
    await writePersonXlsx(path, join(dir, '..', `mixed-book-${k}.csv`), 20_000 + k * 40_000)
    books.push(readFileSync(path))
  }
  let bytes = 0
  for (let i = 0; i < files; i++) {
    const name = join(dir, `t${String(i).padStart(3, '0')}`)
    if (i % Math.round(files / workbooks) === 0) {
      const b = books[i % books.length]
      writeFileSync(`${name}.xlsx`, b)
      bytes += b.length
      continue
    }
    const want = Math.round((1 + (19 * ((i * 37) % files)) / (files - 1)) * 1024 * 1024)
    const end = text.indexOf(10, Math.min(want, text.length - 1)) + 1 || text.length
    writeFileSync(`${name}.csv`, text.subarray(0, end))
    bytes += end
  }
  return { files, bytes }
}

/**
 * A git repository of `commits` commits over `paths` table files, each file
 * cycling through `variants` contents: commits x touch blob versions, paths x
 * variants distinct blobs. Built with git fast-import (seconds, not minutes).
 * Also writes the distinct blobs as plain files under `distinctDir`.
 */
export function writeHistoryRepo(repo, distinctDir, { commits = 1000, paths = 50, variants = 10, touch = 5, rows = 200 } = {}) {
  mkdirSync(repo, { recursive: true })
  mkdirSync(distinctDir, { recursive: true })
  execFileSync('git', ['init', '-q', '-b', 'main', repo])
  const stream = join(repo, '..', 'fast-import.txt')
  const fd = openSync(stream, 'w')
  const contentOf = (p, v) => {
    let s = csvLine(PERSON_HEADER)
    for (let r = 0; r < rows; r++) s += csvLine(personRow(((p * variants + v) * rows + r) * 7919))
    return s
  }
  let mark = 0
  const markOf = new Map()
  for (let p = 0; p < paths; p++) {
    for (let v = 0; v < variants; v++) {
      const data = Buffer.from(contentOf(p, v))
      markOf.set(`${p}/${v}`, ++mark)
      writeSync(fd, `blob\nmark :${mark}\ndata ${data.length}\n`)
      writeSync(fd, data)
      writeSync(fd, '\n')
      writeFileSync(join(distinctDir, `p${p}-v${v}.csv`), data)
    }
  }
  const version = new Array(paths).fill(0)
  for (let c = 0; c < commits; c++) {
    const msg = `commit ${c}`
    writeSync(
      fd,
      `commit refs/heads/main\ncommitter Bench <bench@example.invalid> ${1_700_000_000 + c * 60} +0000\ndata ${msg.length}\n${msg}\n`
    )
    for (let k = 0; k < touch; k++) {
      const p = (c * touch + k) % paths
      const v = version[p]++ % variants
      writeSync(fd, `M 100644 :${markOf.get(`${p}/${v}`)} data/table-${String(p).padStart(2, '0')}.csv\n`)
    }
    writeSync(fd, '\n')
  }
  closeSync(fd)
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: repo, input: readFileSync(stream) })
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr}`)
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: repo })
  return { commits, versions: commits * touch, distinct: paths * variants }
}

export const coreCount = () => cpus().length
