// Every labelled fixture: exactly the expected (column, kind) findings, no
// other; negatives never block. Set PG_METRICS=1 to print per-detector
// precision and recall over the fixtures.

import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import type { PiiFinding } from '../../src/findings.js'
import { tempDir } from '../helpers/tmp.js'
import { NEGATIVES, POSITIVES, type Fixture } from './fixtures.js'

const dir = tempDir()

function write(f: Fixture): void {
  dir.write(f.name, f.encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(f.text, 'utf16le')]) : f.text)
}

async function found(f: Fixture): Promise<{ keys: string[]; blocked: boolean; findings: PiiFinding[] }> {
  write(f)
  const r = await scanWithPolicy({ policy: builtInPolicy(), paths: [f.name], root: dir.path })
  expect(r.files[0]?.status).toBe('scanned')
  const pii = r.findings.filter((x): x is PiiFinding => x.kind.startsWith('pii/'))
  const keys = pii.map((x) => `${x.kind === 'pii/person-record' ? 0 : x.location.column}:${x.kind}`).sort()
  return { keys, blocked: r.blocked, findings: pii }
}

const key = ([c, k]: [number, string]): string => `${c}:${k}`
const tally = new Map<string, { tp: number; fp: number; fn: number }>()
function count(expected: string[], got: string[]): void {
  const t = (k: string) => {
    const kind = k.split(':')[1] as string
    let e = tally.get(kind)
    if (!e) tally.set(kind, (e = { tp: 0, fp: 0, fn: 0 }))
    return e
  }
  for (const g of got)
    if (expected.includes(g)) t(g).tp++
    else t(g).fp++
  for (const e of expected) if (!got.includes(e)) t(e).fn++
}

afterAll(() => {
  if (!process.env.PG_METRICS) return
  const lines = [...tally].sort().map(([k, { tp, fp, fn }]) => {
    const p = tp + fp ? ((100 * tp) / (tp + fp)).toFixed(0) : '-'
    const r = tp + fn ? ((100 * tp) / (tp + fn)).toFixed(0) : '-'
    return `${k.padEnd(20)} tp ${tp} fp ${fp} fn ${fn}  precision ${p}%  recall ${r}%`
  })
  process.stderr.write(`detector metrics over ${NEGATIVES.length + POSITIVES.length} fixtures (column findings)\n${lines.join('\n')}\n`)
})

async function check(f: Fixture, blocks: boolean): Promise<void> {
  const r = await found(f)
  count(f.expect.map(key), r.keys)
  expect(r.blocked).toBe(blocks)
  expect(r.keys).toEqual(f.expect.map(key).sort())
}

describe('negative fixtures: aggregate tables public agencies publish', () => {
  test.each(NEGATIVES.map((f) => [f.name, f] as const))('%s passes', (_n, f) => check(f, false))
})

describe('hard positives', () => {
  test.each(POSITIVES.map((f) => [f.name, f] as const))('%s blocks with the right kinds', (_n, f) => check(f, true))
})
