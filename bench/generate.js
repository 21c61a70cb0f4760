// Deterministic, streaming generators for the bench inputs: a person-record
// CSV of any size, the same records as a minimal XLSX with shared strings, a
// zip bomb, adversarial inputs (wide tables, a runaway quote, policy bombs, a
// backtracking pattern), and a git repository for a 50-file pull request. Everything is
// invented (no real person) and the same on every run.

import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { once } from 'node:events'
import { crc32, createDeflateRaw } from 'node:zlib'

// 40 given names x 26 x 26 middle initials x 40 surnames x 40 second
// surnames: 43M combinations, picked by a hash of the row number, so that the
// name column stays highly distinct (as in a real roster) also at 11M rows.
const GIVEN = [
  'MARIA',
  'TARAS',
  'CHIDI',
  'AIGERIM',
  'JOSE',
  'OKSANA',
  'KWAME',
  'LI',
  'FATOUMATA',
  'BOHDAN',
  'NGOZI',
  'ANDRES',
  'YUSUF',
  'ELODIE',
  'DMYTRO',
  'AMARA',
  'SOFIA',
  'AHMED',
  'WEI',
  'ISABEL',
  'OLEKSANDR',
  'AMINATA',
  'CARLOS',
  'NADIA',
  'JUAN',
  'MEI',
  'KOFI',
  'IRYNA',
  'LUIS',
  'HAWA',
  'PEDRO',
  'YAN',
  'ABDUL',
  'ROSA',
  'IVAN',
  'ADAMA',
  'ELENA',
  'JIN',
  'SAMUEL',
  'LUCIA'
]
const FAMILY = [
  'CASTILLO',
  'KOVALENKO',
  'NWOSU',
  'NURMAGAMBETOVA',
  'GARCIA-MARQUEZ',
  'SHEVCHENKO',
  'MENSAH',
  'WANG',
  'DIALLO',
  'LOZANO',
  'OKAFOR',
  'PENA',
  'DEMIR',
  'LEFEVRE',
  'BONDARENKO',
  'SESAY',
  'HERNANDEZ',
  'TRAORE',
  'ZHANG',
  'MORALES',
  'MELNYK',
  'BALDE',
  'RAMIREZ',
  'LOPEZ',
  'CHEN',
  'OSEI',
  'TKACHENKO',
  'CAMARA',
  'GOMEZ',
  'LIU',
  'ADEYEMI',
  'KRAVCHUK',
  'SOW',
  'DIAZ',
  'HUANG',
  'BOATENG',
  'MORENO',
  'POLISHCHUK',
  'KEITA',
  'VARGAS'
]
const SECOND = [
  'RUIZ',
  'PEREZ',
  'SANCHEZ',
  'TORRES',
  'FLORES',
  'RIVERA',
  'GOMEZ',
  'CRUZ',
  'REYES',
  'ORTIZ',
  'GUTIERREZ',
  'CHAVEZ',
  'RAMOS',
  'MENDOZA',
  'CASTRO',
  'VARGAS',
  'JIMENEZ',
  'ROJAS',
  'MEDINA',
  'AGUILAR',
  'HERRERA',
  'SILVA',
  'ROMERO',
  'NAVARRO',
  'DOMINGUEZ',
  'VEGA',
  'LEON',
  'MOLINA',
  'SOTO',
  'CONTRERAS',
  'GUERRERO',
  'LUNA',
  'DELGADO',
  'CORTES',
  'CAMPOS',
  'VALDEZ',
  'SALAZAR',
  'FUENTES',
  'CARRILLO',
  'ESPINOZA'
]
export const COUNTRIES = [
  'HONDURAS',
  'UKRAINE',
  'NIGERIA',
  'KAZAKHSTAN',
  'MEXICO',
  'GHANA',
  'CHINA',
  'GUINEA',
  'VENEZUELA',
  'TURKEY',
  'GUATEMALA',
  'INDIA'
]
export const FACILITIES = ['PORT ISABEL', 'OTERO PC', 'STEWART DC', 'ADELANTO', 'KROME SPC', 'LASALLE PC', 'EL PASO SPC', 'TACOMA PC']

export const PERSON_HEADER = ['Name', 'Date of Birth', 'A-Number', 'Email', 'Country of Citizenship', 'Facility', 'Days']

/** A 32-bit integer hash (murmur3 finaliser): deterministic, well spread. */
function mix(i) {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const pad2 = (n) => (n < 10 ? '0' + n : String(n))

/** Row i of the person table, as an array of strings (about 84 bytes as CSV). */
export function personRow(i) {
  const h = mix(i)
  const given = GIVEN[h % 40]
  const name = `${FAMILY[(h >>> 6) % 40]} ${SECOND[(h >>> 12) % 40]}, ${given} ${String.fromCharCode(65 + ((h >>> 18) % 26))} ${String.fromCharCode(65 + ((h >>> 23) % 26))}`
  const dob = `${1950 + ((i * 13) % 55)}-${pad2(1 + ((i * 5) % 12))}-${pad2(1 + ((i * 11) % 28))}`
  const a = 'A' + (200000000 + ((i * 7919) % 99999999))
  const email = `${given.toLowerCase()}.${i}@ex.org`
  return [name, dob, a, email, COUNTRIES[i % COUNTRIES.length], FACILITIES[(i * 3) % FACILITIES.length], String(1 + ((i * 31) % 400))]
}

const csvLine = (cells) => cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',') + '\n'

/** Writes `write` chunks with back-pressure. */
async function drain(stream, text) {
  if (!stream.write(text)) await once(stream, 'drain')
}

/** The person CSV with `rows` data rows, or until it reaches `bytes`. Returns { rows, bytes }. */
export async function writePersonCsv(path, { rows = Infinity, bytes = Infinity }) {
  const out = createWriteStream(path)
  let written = 0
  let chunk = csvLine(PERSON_HEADER)
  let i = 0
  for (; i < rows && written < bytes; i++) {
    chunk += csvLine(personRow(i))
    if (chunk.length > 1 << 16) {
      written += Buffer.byteLength(chunk)
      await drain(out, chunk)
      chunk = ''
    }
  }
  written += Buffer.byteLength(chunk)
  out.end(chunk)
  await once(out, 'close')
  return { rows: i, bytes: written }
}

// ---- Minimal streaming zip writer (stored headers patched after the data) ----

class ZipWriter {
  constructor(fh) {
    this.fh = fh
    this.offset = 0
    this.entries = []
  }

  static async create(path) {
    return new ZipWriter(await open(path, 'w'))
  }

  async raw(buf) {
    await this.fh.write(buf, 0, buf.length, this.offset)
    this.offset += buf.length
  }

  /** An entry whose content comes from an async iterable of Buffers, deflated as it streams. */
  async entry(name, chunks, { declaredSize } = {}) {
    const nameBuf = Buffer.from(name)
    const headerAt = this.offset
    await this.raw(localHeader(nameBuf, 0, 0, 0))
    const deflate = createDeflateRaw({ level: 6 })
    let crc = 0
    let size = 0
    let compressed = 0
    const pump = (async () => {
      for await (const c of deflate) {
        compressed += c.length
        await this.raw(c)
      }
    })()
    for await (const c of chunks) {
      crc = crc32(c, crc)
      size += c.length
      if (!deflate.write(c)) await once(deflate, 'drain')
    }
    deflate.end()
    await pump
    const sizeField = declaredSize ?? size
    await this.fh.write(localHeader(nameBuf, crc, compressed, sizeField), 0, 30, headerAt)
    this.entries.push({ nameBuf, crc, compressed, size: sizeField, headerAt })
  }

  async close() {
    const cdStart = this.offset
    for (const e of this.entries) {
      const h = Buffer.alloc(46)
      h.writeUInt32LE(0x02014b50, 0)
      h.writeUInt16LE(20, 4)
      h.writeUInt16LE(20, 6)
      h.writeUInt16LE(8, 10)
      h.writeUInt32LE(e.crc >>> 0, 16)
      h.writeUInt32LE(e.compressed, 20)
      h.writeUInt32LE(e.size, 24)
      h.writeUInt16LE(e.nameBuf.length, 28)
      h.writeUInt32LE(e.headerAt, 42)
      await this.raw(Buffer.concat([h, e.nameBuf]))
    }
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.entries.length, 8)
    end.writeUInt16LE(this.entries.length, 10)
    end.writeUInt32LE(this.offset - cdStart, 12)
    end.writeUInt32LE(cdStart, 16)
    await this.raw(end)
    await this.fh.close()
  }
}

function localHeader(nameBuf, crc, compressed, size) {
  const h = Buffer.alloc(30)
  h.writeUInt32LE(0x04034b50, 0)
  h.writeUInt16LE(20, 4)
  h.writeUInt16LE(8, 8) // deflate
  h.writeUInt32LE(crc >>> 0, 14)
  h.writeUInt32LE(compressed, 18)
  h.writeUInt32LE(size, 22)
  h.writeUInt16LE(nameBuf.length, 26)
  return Buffer.concat([h, nameBuf])
}

async function* once1(text) {
  yield Buffer.from(text)
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheets><sheet name="Records" sheetId="1" r:id="rId1"/></sheets></workbook>'
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
const SHEET_TAIL = '</sheetData></worksheet>'

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function colName(c) {
  let s = ''
  for (c++; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s
  return s
}

/**
 * The first `rows` person rows as a one-sheet XLSX with a shared-string table
 * (the last column is a number), and the same data as CSV. The string table is
 * built in a first pass over the generator (only the strings, as Excel does),
 * then the sheet streams. Returns { cells }.
 */
export async function writePersonXlsx(xlsxPath, csvPath, rows) {
  const index = new Map()
  const strings = []
  const sst = (s) => {
    let k = index.get(s)
    if (k === undefined) {
      k = strings.length
      strings.push(s)
      index.set(s, k)
    }
    return k
  }
  PERSON_HEADER.forEach(sst)
  for (let i = 0; i < rows; i++) {
    const r = personRow(i)
    for (let c = 0; c < r.length - 1; c++) sst(r[c])
  }
  const cols = PERSON_HEADER.map((_, c) => colName(c))
  async function* sheet() {
    let chunk =
      SHEET_HEAD + '<row r="1">' + PERSON_HEADER.map((h, c) => `<c r="${cols[c]}1" t="s"><v>${index.get(h)}</v></c>`).join('') + '</row>'
    for (let i = 0; i < rows; i++) {
      const r = personRow(i)
      const n = i + 2
      let x = `<row r="${n}">`
      for (let c = 0; c < r.length - 1; c++) x += `<c r="${cols[c]}${n}" t="s"><v>${index.get(r[c])}</v></c>`
      x += `<c r="${cols[r.length - 1]}${n}"><v>${r[r.length - 1]}</v></c></row>`
      chunk += x
      if (chunk.length > 1 << 16) {
        yield Buffer.from(chunk)
        chunk = ''
      }
    }
    yield Buffer.from(chunk + SHEET_TAIL)
  }
  async function* sharedStrings() {
    let chunk = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">`
    for (const s of strings) {
      chunk += `<si><t>${xmlEscape(s)}</t></si>`
      if (chunk.length > 1 << 16) {
        yield Buffer.from(chunk)
        chunk = ''
      }
    }
    yield Buffer.from(chunk + '</sst>')
  }
  const zip = await ZipWriter.create(xlsxPath)
  await zip.entry('[Content_Types].xml', once1(CONTENT_TYPES))
  await zip.entry('_rels/.rels', once1(ROOT_RELS))
  await zip.entry('xl/workbook.xml', once1(WORKBOOK))
  await zip.entry('xl/_rels/workbook.xml.rels', once1(WORKBOOK_RELS))
  await zip.entry('xl/sharedStrings.xml', sharedStrings())
  await zip.entry('xl/worksheets/sheet1.xml', sheet())
  await zip.close()
  await writePersonCsv(csvPath, { rows })
  return { cells: (rows + 1) * PERSON_HEADER.length }
}

/** A tiny valid workbook: does this build read workbooks at all? */
export async function writeProbeXlsx(path) {
  await writePersonXlsx(path, path + '.csv', 3)
}

/**
 * An XLSX whose sheet part inflates to `expand` bytes of blanks inside a
 * well-formed sheet (sizes declared honestly). Small on disk (~1000:1).
 */
export async function writeZipBomb(path, expand = 2 ** 31) {
  const blank = Buffer.alloc(1 << 20, 0x20)
  async function* sheet() {
    const head = Buffer.from(SHEET_HEAD)
    const tail = Buffer.from(SHEET_TAIL)
    yield head
    let left = expand - head.length - tail.length
    while (left > 0) {
      const n = Math.min(left, blank.length)
      yield n === blank.length ? blank : blank.subarray(0, n)
      left -= n
    }
    yield tail
  }
  const zip = await ZipWriter.create(path)
  await zip.entry('[Content_Types].xml', once1(CONTENT_TYPES.replace(/<Override PartName="\/xl\/sharedStrings.xml"[^>]*\/>/, '')))
  await zip.entry('_rels/.rels', once1(ROOT_RELS))
  await zip.entry('xl/workbook.xml', once1(WORKBOOK))
  await zip.entry('xl/_rels/workbook.xml.rels', once1(WORKBOOK_RELS.replace(/<Relationship Id="rId2"[^>]*\/>/, '')))
  await zip.entry('xl/worksheets/sheet1.xml', sheet())
  await zip.close()
}

/** The person rows as records: a JSON array (`json`, pretty-printed one record a line) or NDJSON. Returns { rows, bytes }. */
export async function writePersonRecords(path, { rows = Infinity, bytes = Infinity, format = 'json' }) {
  const out = createWriteStream(path)
  const json = format === 'json'
  let written = 0
  let chunk = json ? '[\n' : ''
  let i = 0
  for (; i < rows && written < bytes; i++) {
    const r = personRow(i)
    const rec = '{' + PERSON_HEADER.map((h, k) => `${JSON.stringify(h)}: ${JSON.stringify(r[k])}`).join(', ') + '}'
    chunk += json ? (i ? ',\n' : '') + '  ' + rec : rec + '\n'
    if (chunk.length > 1 << 16) {
      written += Buffer.byteLength(chunk)
      await drain(out, chunk)
      chunk = ''
    }
  }
  if (json) chunk += '\n]\n'
  written += Buffer.byteLength(chunk)
  out.end(chunk)
  await once(out, 'close')
  return { rows: i, bytes: written }
}

/** The person rows as one page table: a Markdown pipe table (`md`) or an HTML `<table>` (`html`). */
export async function writePersonPage(path, rows, format) {
  const md = format === 'md'
  const esc = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])
  let text = md
    ? `# People\n\n| ${PERSON_HEADER.join(' | ')} |\n|${PERSON_HEADER.map(() => '---').join('|')}|\n`
    : `<!DOCTYPE html>\n<html><body>\n<table>\n<thead><tr>${PERSON_HEADER.map((h) => `<th>${h}</th>`).join('')}</tr></thead>\n<tbody>\n`
  for (let i = 0; i < rows; i++) {
    const r = personRow(i)
    text += md ? `| ${r.join(' | ')} |\n` : `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>\n`
  }
  if (!md) text += '</tbody>\n</table>\n</body></html>\n'
  writeFileSync(path, text)
}

// ------------------------------------------------------------- adversarial

/**
 * Inputs built to exhaust a scanner, each under 10 MB on disk: every one
 * must finish in 10 s and 300 MB (refusing it with a blocking finding or a
 * policy error is fine). Each is a directory to scan from (`cwd`), with the
 * file to scan, and the exit status it must end with (1 blocked, 2 policy
 * error). Written synchronously: small and built once.
 */
/**
 * A YAML alias bomb, as the value of a key (indented block, ends with a
 * newline): nine levels of ten aliases each, 90 aliases in the text and
 * 10^9 nodes once expanded.
 */
export function aliasBomb() {
  const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
  for (let i = 1; i < 10; i++)
    levels.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`
    )
  return `\n  ${levels.join('\n  ')}\n`
}

export function writeAdversarial(dir) {
  const cases = []
  const add = (name, files, target, exit) => {
    const cwd = join(dir, name)
    for (const [rel, data] of Object.entries(files)) {
      mkdirSync(dirname(join(cwd, rel)), { recursive: true })
      writeFileSync(join(cwd, rel), data)
    }
    cases.push({ name, cwd, target, exit })
  }
  const tiny = 'Facility,Book-ins\nADELANTO,12\n'
  // 200,000 columns in 2 MB: refused as too wide.
  const n = 200_000
  const cols = Array.from({ length: n }, (_, i) => `c${i}`).join(',')
  const vals = Array.from({ length: n }, (_, i) => String(i % 10)).join(',')
  add('wide-200k-columns', { 'wide.csv': `${cols}\n${vals}\n${vals}\n` }, 'wide.csv', 1)
  // 16,384 columns (the most a table may have) of distinct short text, rows up to 10 MB:
  // the most per-column state a table within the limit can ask for.
  const w = 16_384
  const cell = (x) => String.fromCharCode(97 + (x % 26), 97 + (Math.floor(x / 26) % 26), 97 + (Math.floor(x / 676) % 26))
  const lines = [Array.from({ length: w }, (_, i) => `h${i}`).join(',')]
  for (let r = 0, size = lines[0].length; ; r++) {
    const line = Array.from({ length: w }, (_, c) => cell(r * w + c)).join(',')
    if (size + line.length + 1 > 10_000_000) break
    lines.push(line)
    size += line.length + 1
  }
  add('wide-16384-columns', { 'wide.csv': lines.join('\n') + '\n' }, 'wide.csv', 0)
  // One quote opens a field that runs to the end of a 10 MB file.
  add('quote-to-end', { 'quote.csv': 'a,b\n"' + 'xy,z\n'.repeat(1_999_000) }, 'quote.csv', 1)
  // A YAML alias bomb in the policy: 10^9 nodes once expanded.
  add('policy-alias-bomb', { '.github/publish-guard.yml': `version: 1\nx-bomb:${aliasBomb()}`, 't.csv': tiny }, 't.csv', 2)
  // A 10 MB policy file.
  add(
    'policy-10mb',
    { '.github/publish-guard.yml': 'version: 1\nignore:\n' + '  - "vendor/some/long/path/**"\n'.repeat(320_000), 't.csv': tiny },
    't.csv',
    2
  )
  // A schema pattern that backtracks on a backtracking engine, over cells made to trigger it.
  const policy =
    'version: 1\ndatasets:\n  - name: labels\n    files: ["**/*.csv"]\n    fields:\n      - { name: Label, constraints: { pattern: "([A-Za-z]+ ?)*" } }\n'
  add(
    'schema-pattern-backtracking',
    { '.github/publish-guard.yml': policy, 'labels.csv': 'Label\n' + `${'a'.repeat(34)}1\n`.repeat(1000) },
    'labels.csv',
    1
  )
  return cases
}
