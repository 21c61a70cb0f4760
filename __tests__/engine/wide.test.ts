// Very wide tables: refused past MAX_COLUMNS with a blocking finding, and
// within it read with bounded per-column state and a bounded report.

import { scanWithPolicy } from '../helpers/scan.js'
import { builtInPolicy } from '../../src/policy/defaults.js'
import { MAX_COLUMNS } from '../../src/table.js'
import { MAX_COLUMN_FINDINGS } from '../../src/detectors/index.js'
import type { PiiFinding } from '../../src/findings.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

describe('wide tables', () => {
  test('a table wider than MAX_COLUMNS is refused as too wide to inspect (blocking)', async () => {
    const n = MAX_COLUMNS + 1
    const header = Array.from({ length: n }, (_, i) => `c${i}`).join(',')
    const row = Array.from({ length: n }, (_, i) => String(i % 10)).join(',')
    dir.write('too-wide.csv', `${header}\n${row}\n${row}\n`)
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['too-wide.csv'], root: dir.path })
    expect(r.files[0]).toMatchObject({ status: 'unreadable' })
    const f = r.findings.find((x) => x.kind === 'file/unreadable')
    expect(f?.severity).toBe('error')
    expect(f?.message).toContain(`a row has ${n} columns, more than the ${MAX_COLUMNS}`)
    expect(r.blocked).toBe(true)
  })

  test('a table of MAX_COLUMNS birth-date columns is read whole, and reported in a bounded number of findings', async () => {
    const n = MAX_COLUMNS
    const lines = [Array.from({ length: n }, (_, i) => `Date of Birth ${i}`).join(',')]
    for (let r = 0; r < 12; r++) {
      lines.push(Array.from({ length: n }, (_, c) => `19${50 + ((r * 7 + c) % 50)}-0${1 + ((r + c) % 9)}-1${(r + c) % 9}`).join(','))
    }
    dir.write('wide-dob.csv', lines.join('\n') + '\n')
    const r = await scanWithPolicy({ policy: builtInPolicy(), paths: ['wide-dob.csv'], root: dir.path })
    expect(r.files[0]).toMatchObject({ status: 'scanned', rows: 12 })
    const dob = r.findings.filter((f) => f.kind === 'pii/date-of-birth') as PiiFinding[]
    expect(dob).toHaveLength(MAX_COLUMN_FINDINGS)
    // The first columns one by one, then one finding for all the others.
    expect(dob[0]?.location.column).toBe(1)
    const rest = dob[MAX_COLUMN_FINDINGS - 1] as PiiFinding
    expect(rest.message).toContain(`in ${n - (MAX_COLUMN_FINDINGS - 1)} more columns`)
    expect(rest.location.column).toBe(MAX_COLUMN_FINDINGS)
    expect(dob.reduce((s, f) => s + f.count, 0)).toBe(12 * n)
    expect(r.blocked).toBe(true)
  })
})
