// A small OOXML (XLSX) and ODS writer for fixtures: just enough of each part
// to build every hiding place a real workbook has. Values are invented.

import { zip, type ZipEntry } from './zip.js'

export type Cell = string | number | null | { v: string | number; date?: boolean; style?: 'hide' | 'white'; inline?: boolean }

export interface SheetSpec {
  name: string
  state?: 'visible' | 'hidden' | 'veryHidden'
  rows: Cell[][]
  /** 1-based row numbers. */
  hiddenRows?: number[]
  zeroHeightRows?: number[]
  /** 0-based column indexes. */
  hiddenCols?: number[]
  autoFilter?: boolean
  comments?: Array<{ ref: string; text: string; author?: string }>
  threadedComments?: Array<{ ref: string; text: string }>
}

export interface WorkbookSpec {
  sheets: SheetSpec[]
  date1904?: boolean
  /** Extra shared strings that no cell uses. */
  orphanStrings?: string[]
  definedNames?: Array<{ name: string; formula: string }>
  pivot?: { fields: string[]; records: Array<Array<string | number>>; sourceSheet?: string }
  externalLink?: { sheetName: string; rows: string[][] }
  embedded?: Buffer
  chartValues?: string[]
  core?: { creator?: string; lastModifiedBy?: string; title?: string }
  company?: string
  absPath?: string
  vba?: boolean
  extraParts?: Record<string, string | Buffer>
  /** Override the content of a part after it is generated. */
  replace?: Record<string, string>
  /** Entries written after all others, as they are (names may repeat). */
  extraEntries?: ZipEntry[]
  zipComment?: string
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

function col(i: number): string {
  let n = i + 1
  let s = ''
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

function rels(list: Array<[string, string, string] | [string, string, string, 'External']>): string {
  return (
    XML +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    list
      .map(
        ([id, type, target, mode]) =>
          `<Relationship Id="${id}" Type="${type.startsWith('http') ? type : `${REL}/${type}`}" Target="${esc(target)}"${mode ? ' TargetMode="External"' : ''}/>`
      )
      .join('') +
    `</Relationships>`
  )
}

/** Styles: 0 general, 1 date, 2 `;;;`, 3 white on white. */
const STYLES =
  XML +
  `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode=";;;"/></numFmts>` +
  `<fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/></font><font><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
  `<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
  `<dxfs count="1"><dxf><font><color rgb="FF000000"/></font><fill><patternFill><bgColor rgb="FF000000"/></patternFill></fill></dxf></dxfs></styleSheet>`

export function xlsx(spec: WorkbookSpec): Buffer {
  const parts: Record<string, string | Buffer> = {}
  const sst: string[] = []
  const sstIndex = new Map<string, number>()
  const si = (s: string): number => {
    let i = sstIndex.get(s)
    if (i === undefined) sstIndex.set(s, (i = sst.push(s) - 1))
    return i
  }
  const overrides: Array<[string, string]> = []
  const wbRels: Array<[string, string, string]> = []
  spec.sheets.forEach((sh, n) => {
    const path = `xl/worksheets/sheet${n + 1}.xml`
    overrides.push([path, 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'])
    wbRels.push([`rId${n + 1}`, 'worksheet', `worksheets/sheet${n + 1}.xml`])
    const hr = new Set(sh.hiddenRows ?? [])
    const zr = new Set(sh.zeroHeightRows ?? [])
    const cols = (sh.hiddenCols ?? []).map((c) => `<col min="${c + 1}" max="${c + 1}" width="9" hidden="1"/>`).join('')
    const rows = sh.rows
      .map((r, i) => {
        const rn = i + 1
        const attrs = `${hr.has(rn) ? ' hidden="1"' : ''}${zr.has(rn) ? ' ht="0" customHeight="1"' : ''}`
        const cells = r
          .map((c, j) => {
            if (c === null || c === '') return ''
            const ref = `${col(j)}${rn}`
            const o = typeof c === 'object' ? c : { v: c }
            const s = o.date ? 1 : o.style === 'hide' ? 2 : o.style === 'white' ? 3 : 0
            const sa = s ? ` s="${s}"` : ''
            if (typeof o.v === 'number') return `<c r="${ref}"${sa}><v>${o.v}</v></c>`
            if (o.inline) return `<c r="${ref}"${sa} t="inlineStr"><is><t>${esc(o.v)}</t></is></c>`
            return `<c r="${ref}"${sa} t="s"><v>${si(o.v)}</v></c>`
          })
          .join('')
        return `<row r="${rn}"${attrs}>${cells}</row>`
      })
      .join('')
    const last = Math.max(1, sh.rows.length)
    parts[path] =
      XML +
      `<worksheet ${NS}><sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>${rows}</sheetData>` +
      `${sh.autoFilter ? `<autoFilter ref="A1:D${last}"/>` : ''}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
    const sheetRels: Array<[string, string, string]> = []
    if (sh.comments?.length) {
      const authors = [...new Set(sh.comments.map((c) => c.author ?? 'Reviewer'))]
      parts[`xl/comments${n + 1}.xml`] =
        XML +
        `<comments ${NS}><authors>${authors.map((a) => `<author>${esc(a)}</author>`).join('')}</authors><commentList>` +
        sh.comments
          .map(
            (c) =>
              `<comment ref="${c.ref}" authorId="${authors.indexOf(c.author ?? 'Reviewer')}"><text><r><t>${esc(c.text)}</t></r></text></comment>`
          )
          .join('') +
        `</commentList></comments>`
      overrides.push([`xl/comments${n + 1}.xml`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml'])
      sheetRels.push(['rId1', 'comments', `../comments${n + 1}.xml`])
    }
    if (sh.threadedComments?.length) {
      parts[`xl/threadedComments/threadedComment${n + 1}.xml`] =
        XML +
        `<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">` +
        sh.threadedComments
          .map(
            (c, k) =>
              `<threadedComment ref="${c.ref}" dT="2024-01-01T00:00:00.00" personId="{P1}" id="{C${k}}"><text>${esc(c.text)}</text></threadedComment>`
          )
          .join('') +
        `</ThreadedComments>`
      sheetRels.push([
        'rId2',
        'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment',
        `../threadedComments/threadedComment${n + 1}.xml`
      ])
      parts['xl/persons/person.xml'] =
        XML +
        `<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="Invented Reviewer" id="{P1}" userId="r@example.org" providerId="AD"/></personList>`
    }
    if (sheetRels.length) parts[`xl/worksheets/_rels/sheet${n + 1}.xml.rels`] = rels(sheetRels)
  })
  let rid = spec.sheets.length
  wbRels.push([`rId${++rid}`, 'styles', 'styles.xml'])
  parts['xl/styles.xml'] = STYLES
  let pivotXml = ''
  if (spec.pivot) {
    const p = spec.pivot
    const items = p.fields.map((_, f) => [...new Set(p.records.map((r) => r[f]).filter((v): v is string => typeof v === 'string'))])
    parts['xl/pivotCache/pivotCacheDefinition1.xml'] =
      XML +
      `<pivotCacheDefinition ${NS} r:id="rId1" recordCount="${p.records.length}"><cacheSource type="worksheet"><worksheetSource ref="A1:C9" sheet="${esc(p.sourceSheet ?? 'Deleted source')}"/></cacheSource>` +
      `<cacheFields count="${p.fields.length}">` +
      p.fields
        .map(
          (name, f) =>
            `<cacheField name="${esc(name)}" numFmtId="0"><sharedItems${(items[f] as string[]).length ? `>${(items[f] as string[]).map((s) => `<s v="${esc(s)}"/>`).join('')}</sharedItems>` : ' containsNumber="1"/>'}</cacheField>`
        )
        .join('') +
      `</cacheFields></pivotCacheDefinition>`
    parts['xl/pivotCache/pivotCacheRecords1.xml'] =
      XML +
      `<pivotCacheRecords ${NS} count="${p.records.length}">` +
      p.records
        .map(
          (r) =>
            `<r>${r.map((v, f) => (typeof v === 'string' ? `<x v="${(items[f] as string[]).indexOf(v)}"/>` : `<n v="${v}"/>`)).join('')}</r>`
        )
        .join('') +
      `</pivotCacheRecords>`
    parts['xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels'] = rels([['rId1', 'pivotCacheRecords', 'pivotCacheRecords1.xml']])
    wbRels.push([`rId${++rid}`, 'pivotCacheDefinition', 'pivotCache/pivotCacheDefinition1.xml'])
    pivotXml = `<pivotCaches><pivotCache cacheId="1" r:id="rId${rid}"/></pivotCaches>`
  }
  let extXml = ''
  if (spec.externalLink) {
    const e = spec.externalLink
    parts['xl/externalLinks/externalLink1.xml'] =
      XML +
      `<externalLink ${NS}><externalBook r:id="rId1"><sheetNames><sheetName val="${esc(e.sheetName)}"/></sheetNames><sheetDataSet><sheetData sheetId="0">` +
      e.rows
        .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => `<cell r="${col(j)}${i + 1}" t="str"><v>${esc(v)}</v></cell>`).join('')}</row>`)
        .join('') +
      `</sheetData></sheetDataSet></externalBook></externalLink>`
    parts['xl/externalLinks/_rels/externalLink1.xml.rels'] = rels([
      ['rId1', 'externalLinkPath', 'file:///C:/Users/someone/source.xlsx', 'External']
    ])
    wbRels.push([`rId${++rid}`, 'externalLink', 'externalLinks/externalLink1.xml'])
    extXml = `<externalReferences><externalReference r:id="rId${rid}"/></externalReferences>`
  }
  if (spec.embedded) parts['xl/embeddings/Microsoft_Excel_Worksheet1.xlsx'] = spec.embedded
  if (spec.chartValues) {
    parts['xl/charts/chart1.xml'] =
      XML +
      `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:barChart><c:ser><c:cat><c:strRef><c:f>Sheet1!$A$2:$A$9</c:f><c:strCache><c:ptCount val="${spec.chartValues.length}"/>` +
      spec.chartValues.map((v, i) => `<c:pt idx="${i}"><c:v>${esc(v)}</c:v></c:pt>`).join('') +
      `</c:strCache></c:strRef></c:cat></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>`
  }
  if (spec.vba) parts['xl/vbaProject.bin'] = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3])
  for (const o of spec.orphanStrings ?? []) si(o)
  if (sst.length) {
    wbRels.push([`rId${++rid}`, 'sharedStrings', 'sharedStrings.xml'])
    parts['xl/sharedStrings.xml'] =
      XML +
      `<sst ${NS} count="${sst.length}" uniqueCount="${sst.length}">${sst.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`
  }
  const names = spec.definedNames?.length
    ? `<definedNames>${spec.definedNames.map((d) => `<definedName name="${esc(d.name)}">${esc(d.formula)}</definedName>`).join('')}</definedNames>`
    : ''
  parts['xl/workbook.xml'] =
    XML +
    `<workbook ${NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac">` +
    `<workbookPr${spec.date1904 ? ' date1904="1"' : ''}/>` +
    (spec.absPath
      ? `<mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath url="${esc(spec.absPath)}"/></mc:Choice></mc:AlternateContent>`
      : '') +
    `<sheets>${spec.sheets.map((s, n) => `<sheet name="${esc(s.name)}" sheetId="${n + 1}"${s.state && s.state !== 'visible' ? ` state="${s.state}"` : ''} r:id="rId${n + 1}"/>`).join('')}</sheets>` +
    `${extXml}${names}${pivotXml}</workbook>`
  parts['xl/_rels/workbook.xml.rels'] = rels(wbRels)
  const rootRels: Array<[string, string, string]> = [['rId1', 'officeDocument', 'xl/workbook.xml']]
  if (spec.core) {
    const c = spec.core
    parts['docProps/core.xml'] =
      XML +
      `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
      (c.title ? `<dc:title>${esc(c.title)}</dc:title>` : '') +
      (c.creator ? `<dc:creator>${esc(c.creator)}</dc:creator>` : '') +
      (c.lastModifiedBy ? `<cp:lastModifiedBy>${esc(c.lastModifiedBy)}</cp:lastModifiedBy>` : '') +
      `</cp:coreProperties>`
    rootRels.push(['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'])
  }
  if (spec.company !== undefined) {
    parts['docProps/app.xml'] =
      XML +
      `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application><Company>${esc(spec.company)}</Company></Properties>`
  }
  parts['_rels/.rels'] = rels(rootRels)
  parts['[Content_Types].xml'] =
    XML +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    overrides.map(([p, t]) => `<Override PartName="/${p}" ContentType="${t}"/>`).join('') +
    `</Types>`
  Object.assign(parts, spec.extraParts ?? {})
  for (const [k, v] of Object.entries(spec.replace ?? {})) parts[k] = v
  const order = [
    '[Content_Types].xml',
    '_rels/.rels',
    ...Object.keys(parts).filter((k) => k !== '[Content_Types].xml' && k !== '_rels/.rels')
  ]
  return zip([...order.map((name): ZipEntry => ({ name, data: parts[name] as string | Buffer })), ...(spec.extraEntries ?? [])], {
    comment: spec.zipComment
  })
}

export interface OdsSheet {
  name: string
  hidden?: boolean
  rows: Array<Array<string | number | null | { date: string }>>
  /** 1-based rows: collapse or filter. */
  collapsedRows?: number[]
  filteredRows?: number[]
  /** 0-based columns collapsed. */
  hiddenCols?: number[]
  annotations?: Array<{ row: number; col: number; text: string; author?: string }>
}

export const ODS_CONTENT_OPEN =
  XML +
  `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">`

export function ods(
  sheets: OdsSheet[],
  meta?: { creator?: string },
  extra?: {
    encrypted?: boolean
    /** The whole content.xml instead. */
    content?: string
    parts?: Record<string, string | Buffer>
    /** Leave out the `mimetype` entry (an ODS zipped again by another tool). */
    noMimetype?: boolean
  }
): Buffer {
  const body = sheets
    .map((s) => {
      const width = Math.max(1, ...s.rows.map((r) => r.length))
      const hc = new Set(s.hiddenCols ?? [])
      const cols = Array.from({ length: width }, (_, i) => `<table:table-column${hc.has(i) ? ' table:visibility="collapse"' : ''}/>`).join(
        ''
      )
      const rows = s.rows
        .map((r, i) => {
          const rn = i + 1
          const vis = s.collapsedRows?.includes(rn)
            ? ' table:visibility="collapse"'
            : s.filteredRows?.includes(rn)
              ? ' table:visibility="filter"'
              : ''
          const cells = r
            .map((c, j) => {
              const ann = (s.annotations ?? [])
                .filter((a) => a.row === rn && a.col === j)
                .map(
                  (a) =>
                    `<office:annotation><dc:creator>${esc(a.author ?? 'Reviewer')}</dc:creator><text:p>${esc(a.text)}</text:p></office:annotation>`
                )
                .join('')
              if (c === null) return `<table:table-cell>${ann}</table:table-cell>`
              if (typeof c === 'number')
                return `<table:table-cell office:value-type="float" office:value="${c}">${ann}<text:p>${c}</text:p></table:table-cell>`
              if (typeof c === 'object')
                return `<table:table-cell office:value-type="date" office:date-value="${c.date}">${ann}<text:p>${c.date}</text:p></table:table-cell>`
              return `<table:table-cell office:value-type="string">${ann}<text:p>${esc(c)}</text:p></table:table-cell>`
            })
            .join('')
          return `<table:table-row${vis}>${cells}</table:table-row>`
        })
        .join('')
      return `<table:table table:name="${esc(s.name)}" table:style-name="${s.hidden ? 'taHidden' : 'ta1'}">${cols}${rows}<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>`
    })
    .join('')
  const content =
    XML +
    `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">` +
    `<office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>` +
    `<office:body><office:spreadsheet>${body}</office:spreadsheet></office:body></office:document-content>`
  const manifest =
    XML +
    `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>` +
    `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${extra?.encrypted ? '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>' : ''}</manifest:file-entry></manifest:manifest>`
  const entries: ZipEntry[] = [
    ...(extra?.noMimetype ? [] : [{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true }]),
    { name: 'content.xml', data: extra?.content ?? content },
    ...Object.entries(extra?.parts ?? {}).map(([name, data]) => ({ name, data })),
    { name: 'META-INF/manifest.xml', data: manifest }
  ]
  if (meta?.creator) {
    entries.push({
      name: 'meta.xml',
      data:
        XML +
        `<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:creator>${esc(meta.creator)}</dc:creator><meta:generator>LibreOffice</meta:generator></office:meta></office:document-meta>`
    })
  }
  return zip(entries)
}

/** An Excel 1900-system serial for a UTC date. */
export function serial(d: Date, date1904 = false): number {
  const days = Math.round((d.getTime() - Date.UTC(1899, 11, 30)) / 86400000)
  return date1904 ? days - 1462 : days
}
