// The shared corpus: real leaks block with the hidden place named, the real
// ICE workbook passes with metadata warnings only, and every Apache POI test
// spreadsheet produces a complete report (no crash, no hang).

import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { scanWithPolicy } from '../helpers/scan.js'
import { readTabular } from '../../src/readers/index.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { formatPlace, type Finding } from '../../src/findings.js'
import type { Report } from '../../src/report/types.js'
import { CORPUS, describeCorpus } from '../helpers/paths.js'

const scanCorpus = (rel: string, policy = builtInPolicy()): Promise<Report> => scanWithPolicy({ policy, paths: [rel], root: CORPUS })
const errors = (r: Report): Finding[] => r.findings.filter((f) => f.severity === 'error')

describeCorpus('workbook corpus', () => {
  test.each([
    ['leaks/hidden-sheet.xlsx', { sheet: 'Sheet3', part: 'hidden sheet' }],
    ['leaks/veryhidden-sheet.xlsx', { sheet: 'x', part: 'very hidden sheet' }],
    ['leaks/hidden-columns.xlsx', { sheet: 'Facility ADP', part: 'hidden rows and columns' }]
  ])('%s blocks, and each error names the hidden place', async (rel, place) => {
    const r = await scanCorpus(rel)
    expect(r.blocked).toBe(true)
    expect(errors(r).length).toBeGreaterThan(0)
    for (const f of errors(r)) expect(f.location).toMatchObject(place)
  })

  test('leaks/hidden-rows.xlsx blocks: the 30 hidden rows are found and placed', async () => {
    const r = await scanCorpus('leaks/hidden-rows.xlsx')
    const hr = r.findings.find((f) => f.kind === 'structure/hidden-rows')
    expect(hr).toMatchObject({ count: 30, location: { sheet: 'Book-ins by citizenship' } })
    expect(hr && 'samples' in hr && hr.samples?.[0]?.cell).toBe('A17')
    // The 30 rows reach the detectors as a hidden table of their own, at their real rows.
    const seen: Array<{ part?: string; hidden?: boolean; pos: number[] }> = []
    await readTabular(resolve(CORPUS, 'leaks/hidden-rows.xlsx'), 'leaks/hidden-rows.xlsx', {
      table(meta) {
        const t = { part: meta.part, hidden: meta.hidden, pos: [] as number[] }
        if (meta.sheet === 'Book-ins by citizenship') seen.push(t)
        return { row: (_v, pos) => void t.pos.push(pos), end() {}, abort() {} }
      }
    })
    const hidden = seen.find((t) => t.part === 'hidden rows and columns')
    expect(hidden?.hidden).toBe(true)
    // Led by the sheet's first visible row (its header), then the 30 hidden rows.
    expect(hidden?.pos).toEqual([1, ...Array.from({ length: 30 }, (_, i) => 17 + i)])
    // With the built-in policy it blocks, every error placed in the hidden rows.
    const r2 = await scanCorpus('leaks/hidden-rows.xlsx')
    expect(r2.blocked).toBe(true)
    for (const f of errors(r2)) expect(f.location).toMatchObject({ sheet: 'Book-ins by citizenship', part: 'hidden rows and columns' })
    const strict = await scanCorpus('leaks/hidden-rows.xlsx', { ...builtInPolicy(), hiddenContent: 'error' })
    expect(strict.blocked).toBe(true)
    const err = errors(strict).find((f) => f.kind === 'structure/hidden-rows')
    expect(err && 'samples' in err && err.samples?.map((l) => formatPlace(l))).toContain("'Book-ins by citizenship'!A17")
  })

  test('real/ice-fy19-detentionstats.xlsx passes with metadata warnings only', async () => {
    const r = await scanCorpus('real/ice-fy19-detentionstats.xlsx')
    expect(r.files[0]?.status).toBe('scanned')
    expect(r.blocked).toBe(false)
    expect(errors(r)).toEqual([])
    const kinds = new Set(r.findings.map((f) => f.kind))
    expect([...kinds].every((k) => k.startsWith('metadata/'))).toBe(true)
    // The people in its properties and the folder it was saved in: one metadata warning.
    const meta = r.findings.filter((f) => f.kind.startsWith('metadata/'))
    expect(meta.map((f) => f.kind)).toEqual(['metadata/author'])
    expect((meta[0] as { property: string }).property).toContain('x15ac:absPath')
    // The staff names and the user folder in its properties are never echoed.
    const json = JSON.stringify(r)
    for (const v of ['Solorzano', 'De Castro', 'esolorza']) expect(json).not.toContain(v)
    // Five sheets, all read.
    expect(r.files[0]?.tables).toBeGreaterThanOrEqual(5)
  })

  test('every robustness/poi file produces a report: no crash, no hang, no unhandled rejection', async () => {
    const poi = resolve(CORPUS, 'robustness/poi')
    const files = readdirSync(poi).sort()
    expect(files.length).toBe(313)
    const rejections: unknown[] = []
    const onRejection = (e: unknown): void => void rejections.push(e)
    process.on('unhandledRejection', onRejection)
    const PER_FILE_MS = 20_000
    const problems: string[] = []
    const unexpected: string[] = []
    let unreadable = 0
    try {
      for (const f of files) {
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), PER_FILE_MS)))
        const r = await Promise.race([scanWithPolicy({ policy: builtInPolicy(), paths: [f], root: poi }).catch((e: unknown) => e), timeout])
        clearTimeout(timer)
        if (r === 'timeout') problems.push(`${f}: timed out`)
        else if (!(r && typeof r === 'object' && 'files' in r)) problems.push(`${f}: threw ${String(r)}`)
        else {
          const entry = (r as Report).files[0]
          if (!entry || (entry.status !== 'scanned' && entry.status !== 'unreadable')) problems.push(`${f}: no file entry`)
          if (entry?.status === 'unreadable') {
            unreadable++
            // Unreadable is reported with our reason, never as our bug.
            if (/failed unexpectedly/.test(entry.reason ?? '')) unexpected.push(`${f}: ${entry.reason}`)
            expect((r as Report).blocked).toBe(true)
          }
          if (/\.xls$/i.test(f) && entry?.status === 'scanned') problems.push(`${f}: legacy .xls reported as scanned`)
        }
      }
    } finally {
      process.off('unhandledRejection', onRejection)
    }
    expect(problems).toEqual([])
    expect(unexpected).toEqual([])
    expect(rejections).toEqual([])
    expect(unreadable).toBeGreaterThanOrEqual(167)
  }, 600_000)
})
