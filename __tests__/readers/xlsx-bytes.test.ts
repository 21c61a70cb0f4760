// The sheet and shared-string readers work on the UTF-8 bytes of a part as
// they stream: every element, multi-byte character and entity must read the
// same wherever the chunks happen to be cut, and parts written in UTF-16 or
// with a byte-order mark must read as their UTF-8 twins.

import { readSharedStrings, readSheet } from '../../src/readers/xlsx/sheet.js'
import { NO_STYLES } from '../../src/readers/xlsx/styles.js'
import { utf8Chunks } from '../../src/readers/package/zip.js'
import type { CellInfo, RowSink } from '../../src/tabular.js'

const SST = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
  '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">',
  '<si><t>Name</t></si>',
  '<si><t>Zoë Ñúñez-Ørsted</t></si>',
  '<si><t xml:space="preserve"> 東京 都 </t></si>',
  '<si><t>Tom &amp; Jerry &#233;&#x1F600;</t></si>',
  '<si><t>line_x000D_break</t></si>',
  '<si><r><rPr><b/></rPr><t>Rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>ruby</t></rPh></si>',
  '<si><t/></si>',
  '<si><t>   </t></si>',
  '<si><t><![CDATA[<cdata> & more]]></t></si>',
  '</sst>'
].join('')

const SHEET = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="urn:x14ac">',
  '<sheetFormatPr defaultRowHeight="15"/><cols><col min="4" max="4" hidden="1" width="0"/></cols><sheetData>',
  '<row r="1" spans="1:5" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>',
  '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>42</v></c><c r="C2"><v>007</v></c><c r="D2" t="s"><v>4</v></c><c r="E2" t="str"><f>A1&amp;"x"</f><v>Zoë &lt;calc&gt;</v></c></row>',
  '<row r="3" hidden="1"><c r="A3" t="s"><v>5</v></c><c r="B3" t="inlineStr"><is><t>inline ünïcödé</t></is></c><c r="C3" t="b"><v>1</v></c><c r="E3"><v>3.25</v></c></row>',
  '<row r="5" ht="0" customHeight="1"><c r="A5" t="s"><v>6</v></c><c r="B5" t="s"><v>7</v></c><c r="C5" t="s"><v>8</v></c><c r="D5" t="s"><v>99</v></c></row>',
  '<row r=\'6\'><c r="A6" t="e"><v>#N/A</v></c><c t="s"><v>1</v></c><c/><c r="D6"/><c r="E6" t="s"><v>1.0</v></c></row>',
  '<row><c r="A7" s="0" t="s"><v> 2 </v></c><x:c xmlns:x="urn:other" r="B7"><x:v>9</x:v></x:c></row>',
  '</sheetData></worksheet>'
].join('')

interface Got {
  rows: Array<[string, number, string[], Array<string | undefined>]>
  strings: Array<string | undefined>
  used: number[]
  outcome: unknown
}

function info(i: readonly (CellInfo | undefined)[] | undefined, n: number): Array<string | undefined> {
  return Array.from({ length: n }, (_, k) => {
    const x = i?.[k]
    return x ? `${x.date ? 'date' : ''}${x.hidden ? 'hidden' : ''}` : undefined
  })
}

async function* chunked(b: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size)
}

async function read(sst: Buffer, sheet: Buffer, size: number): Promise<Got> {
  const strings = await readSharedStrings(utf8Chunks(chunked(sst, size)))
  const rows: Got['rows'] = []
  const sink = (which: string) => (): RowSink => ({
    row: (v, pos, i) => rows.push([which, pos, [...v], info(i, v.length)]),
    end() {},
    abort() {}
  })
  const outcome = await readSheet(
    utf8Chunks(chunked(sheet, size)),
    { sst: strings, styles: NO_STYLES, date1904: false, maxCells: 100_000 },
    sink('visible'),
    sink('hidden'),
    {
      formulas: sink('formulas'),
      phonetic: sink('phonetic'),
      validation: sink('validation'),
      headerFooter: sink('headerFooter'),
      other: sink('other')
    }
  )
  const all = Array.from({ length: strings.count + 1 }, (_, i) => strings.get(i))
  return {
    rows,
    strings: all,
    used: [...strings.used],
    outcome: { ...outcome, hiddenCols: [...outcome.hiddenCols], cosmeticWhy: [...outcome.cosmeticWhy] }
  }
}

const sstBytes = Buffer.from(SST, 'utf8')
const sheetBytes = Buffer.from(SHEET, 'utf8')

describe('xlsx byte tokenizer', () => {
  test('reads every kind of item and cell', async () => {
    const got = await read(sstBytes, sheetBytes, 1 << 20)
    expect(got.strings).toEqual([
      'Name',
      'Zoë Ñúñez-Ørsted',
      ' 東京 都 ',
      'Tom & Jerry é😀',
      'line\rbreak',
      'Rich text',
      '',
      '   ',
      '<cdata> & more',
      undefined
    ])
    expect(got.rows.filter((r) => r[0] !== 'visible' && r[0] !== 'hidden')).toEqual([
      ['formulas', 2, ['', '', '', '', 'x'], [undefined, undefined, undefined, undefined, undefined]]
    ])
    expect(got.rows.filter((r) => r[0] === 'visible' || r[0] === 'hidden')).toEqual([
      ['visible', 1, ['Name', 'Zoë Ñúñez-Ørsted', ' 東京 都 '], [undefined, undefined, undefined]],
      ['visible', 2, ['Tom & Jerry é😀', '42', '007', '', 'Zoë <calc>'], [undefined, undefined, undefined, undefined, undefined]],
      ['hidden', 1, ['Name', 'Zoë Ñúñez-Ørsted', ' 東京 都 '], [undefined, undefined, undefined]],
      ['hidden', 2, ['', '', '', 'line\rbreak'], [undefined, undefined, undefined, 'hidden']],
      ['hidden', 3, ['Rich text', 'inline ünïcödé', 'TRUE', '', '3.25'], ['hidden', 'hidden', 'hidden', undefined, 'hidden']],
      // Items 6 and 7 are blank; 99 is not in the table.
      ['hidden', 5, ['', '', '<cdata> & more'], [undefined, undefined, 'hidden']],
      ['visible', 6, ['#N/A', 'Zoë Ñúñez-Ørsted', '', '', 'Zoë Ñúñez-Ørsted'], [undefined, undefined, undefined, undefined, undefined]],
      ['visible', 7, [' 東京 都 ', '9'], [undefined, undefined]]
    ])
    // Used by a cell: 0-5, 1 twice (kept decoded), 8; 6 and 7 are blank but used; 99 does not exist.
    expect(got.used).toEqual([1, 2, 2, 1, 1, 1, 1, 1, 1])
  })

  test('reads the same wherever the chunks are cut', async () => {
    const whole = await read(sstBytes, sheetBytes, 1 << 20)
    for (const size of [1, 2, 3, 5, 7, 11, 16, 64, 333]) {
      expect({ size, got: await read(sstBytes, sheetBytes, size) }).toEqual({ size, got: whole })
    }
  })

  test('reads the same when chunks are big (a partial element is read across the seam in a small buffer)', async () => {
    // Big enough that chunks of several KiB are cut everywhere: inside tags,
    // values, multi-byte characters, entities, rich-text items.
    const rows = Array.from({ length: 400 }, (_, k) => {
      const r = k + 10
      return (
        `<row r="${r}"><c r="A${r}" t="s"><v>${k % 9}</v></c><c r="B${r}"><v>${k * 7}</v></c><c r="C${r}" t="inlineStr"><is><t>ünï ${k} &amp; ${'é'.repeat(k % 5)}</t></is></c>` +
        `<c r="D${r}" t="str"><f>A1</f><v>x${k}</v></c><c r="E${r}" s="0" t="s"><v>${(k * 5) % 9}</v></c></row>`
      )
    }).join('')
    const sheet = Buffer.from(SHEET.replace('</sheetData>', rows + '</sheetData>'), 'utf8')
    const items = Array.from({ length: 300 }, (_, k) =>
      k % 3 ? `<si><t>Zoë ${k} Ørsted &amp; co</t></si>` : `<si><r><t>Ri${k}</t></r><r><t>ch</t></r></si>`
    ).join('')
    const sst = Buffer.from(SST.replace('</sst>', items + '</sst>'), 'utf8')
    const whole = await read(sst, sheet, 1 << 22)
    expect(whole.rows.length).toBeGreaterThan(400)
    for (const size of [8193, 9001, 12345, 20000]) {
      expect({ size, got: await read(sst, sheet, size) }).toEqual({ size, got: whole })
    }
  })

  test('UTF-16 (LE and BE, with their byte-order mark) and a UTF-8 byte-order mark read as UTF-8', async () => {
    const whole = await read(sstBytes, sheetBytes, 1 << 20)
    const le = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])
    const be = (s: string): Buffer => {
      const b = Buffer.from(s, 'utf16le')
      for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1] as number, b[i] as number]
      return Buffer.concat([Buffer.from([0xfe, 0xff]), b])
    }
    const bom = (s: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')])
    for (const enc of [le, be, bom]) {
      for (const size of [3, 1 << 20]) expect(await read(enc(SST.replace('UTF-8', 'UTF-16')), enc(SHEET), size)).toEqual(whole)
    }
  })

  test('a malformed byte sequence reads as U+FFFD, the markup around it intact', async () => {
    const bad = Buffer.concat([
      Buffer.from(SST.slice(0, SST.indexOf('<si><t>Name'))),
      Buffer.from('<si><t>A'),
      Buffer.from([0xc3]),
      Buffer.from('</t></si></sst>')
    ])
    const s = await readSharedStrings(utf8Chunks(chunked(bad, 1 << 20)))
    expect(s.get(0)).toBe('A\ufffd')
  })
})
