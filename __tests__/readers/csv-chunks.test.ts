// The CSV reader parses 64 KiB chunks and carries the incomplete last row
// into the next chunk. These files put quoted multi-line fields, escaped
// quotes and very long rows across chunk boundaries, and compare every row
// and its physical line with a one-shot parse of the whole text.

import Papa from 'papaparse'
import { readTabular } from '../../src/readers/index.js'
import type { ReadResult } from '../../src/tabular.js'
import { tempDir } from '../helpers/tmp.js'

const dir = tempDir()

async function read(name: string, text: string): Promise<{ rows: Array<[number, string[]]>; result: ReadResult }> {
  const abs = dir.write(name, text)
  const rows: Array<[number, string[]]> = []
  const result = await readTabular(abs, name, {
    table: () => ({
      row: (values, pos) => void rows.push([pos, [...values]]),
      end: () => undefined,
      abort: () => undefined
    })
  })
  return { rows, result }
}

/** What the reader must produce: the whole text parsed at once, lines counted field by field. */
function expected(text: string, nl: string): Array<[number, string[]]> {
  const out: Array<[number, string[]]> = []
  let line = 1
  for (const row of Papa.parse<string[]>(text, { delimiter: ',' }).data) {
    const pos = line
    line += 1 + row.reduce((n, v) => n + v.split(nl).length - 1, 0)
    if (row.length === 1 && row[0] === '') continue
    out.push([pos, row])
  }
  return out
}

/** ~400 KB: every 7th row has a quoted field with line breaks, every 11th an escaped quote. */
function tableText(eol: string, trailing: boolean): string {
  const lines = ['id,notes,email']
  for (let i = 0; i < 6000; i++) {
    let notes = `plain note ${i}`
    if (i % 7 === 3) notes = `"first${eol}second, with comma${eol}third ${i}"`
    else if (i % 11 === 5) notes = `"she said ""no"" ${i}"`
    else if (i % 97 === 0) notes = `"${'x'.repeat(i % 300)}${eol}${eol}end"`
    lines.push(`${i},${notes},person${i}@correo.hn`)
  }
  return lines.join(eol) + (trailing ? eol : '')
}

describe('CSV reader across chunk boundaries', () => {
  test.each([
    ['\n', true],
    ['\r\n', true],
    ['\n', false],
    ['\r', true]
  ])('rows and physical lines match a one-shot parse (line break %j, trailing %s)', async (eol, trailing) => {
    const text = tableText(eol, trailing)
    expect(text.length).toBeGreaterThan(3 * 65536)
    const { rows } = await read(`t${JSON.stringify(eol).length}${trailing}.csv`, text)
    const want = expected(text, eol === '\r' ? '\r' : '\n')
    expect(rows.length).toBe(6001)
    expect(rows).toEqual(want)
  })

  test('a quoted field longer than several chunks keeps its lines', async () => {
    const big = Array.from({ length: 5000 }, (_, i) => `line ${i} of a long note`).join('\n')
    const text = `id,notes\n1,short\n2,"${big}"\n3,after\n`
    const { rows } = await read('long-field.csv', text)
    expect(rows.map(([pos, r]) => [pos, r[0]])).toEqual([
      [1, 'id'],
      [2, '1'],
      [3, '2'],
      [5003, '3']
    ])
    expect(rows[2]?.[1][1]).toBe(big)
  })

  test('broken quoting is counted at its line, also after the first chunk', async () => {
    const lines = ['a,b']
    for (let i = 0; i < 5000; i++) lines.push(`${i},ok`)
    lines.push('5000,"bad"quote')
    lines.push('5001,ok')
    const text = lines.join('\n') + '\n'
    const { rows, result } = await read('bad.csv', text)
    const malformed = result.findings.find((f) => f.kind === 'file/malformed')
    expect(malformed).toMatchObject({ count: 1, location: { line: 5002 } })
    // As papaparse does: the unbalanced quote runs on to the end of the file.
    expect(rows).toEqual(expected(text, '\n'))
  })
})
