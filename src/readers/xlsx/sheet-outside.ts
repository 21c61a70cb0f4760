// A sheet part outside its cells (`<sheetData>`): every text node and every
// attribute that holds words a person wrote (data-validation lists and
// prompts, print headers and footers, hyperlink tooltips, comments' anchors
// ...) goes to a text table; the settings that hide columns and rows
// (`<col hidden>`, zero widths, `<sheetFormatPr zeroHeight>`) go to the cells.

import type { RowSink } from '../../tabular.js'
import { TextList } from '../package/extras.js'
import { MAX_COLS } from '../package/split.js'
import { headerFooterSections, validationItems } from './sheet-text.js'
import { truthy, type SheetCells } from './sheet-cells.js'
import { attrs } from '../package/xml.js'

/** The tables a sheet's text outside its cells goes to (see extras.ts). */
export interface OutsideTables {
  /** Items of data-validation lists. */
  validation: () => RowSink
  /** Print headers and footers, one item per section. */
  headerFooter: () => RowSink
  /** Any other text or labelled attribute of the sheet part outside its cells. */
  other: () => RowSink
}

const HEADER_FOOTER = new Set(['oddHeader', 'oddFooter', 'evenHeader', 'evenFooter', 'firstHeader', 'firstFooter'])
/** Attributes outside the cells that hold text a person wrote. */
const TEXT_ATTRS = [
  'prompt',
  'promptTitle',
  'error',
  'errorTitle',
  'display',
  'tooltip',
  'name',
  'text',
  'altText',
  'altTextSummary',
  'caption',
  'title'
]
/** Elements whose text attributes are settings, not words (`<col>`'s are read for hiding). */
const SETTINGS = new Set(['sheetFormatPr', 'sheetView', 'pageSetup', 'col'])

export class SheetOutside {
  /** `<autoFilter>`: the sheet filters its rows. */
  autoFilter = false
  private readonly validation: TextList
  private readonly headerFooter: TextList
  private readonly other: TextList
  /** The text of the current element, and which table it goes to. */
  private text = ''
  private kind: 'validation' | 'hf' | 'other' = 'other'
  /** Depth of `<dataValidation>` elements. */
  private inValidation = 0

  constructor(
    tables: OutsideTables,
    private readonly cells: SheetCells
  ) {
    this.validation = new TextList(tables.validation)
    this.headerFooter = new TextList(tables.headerFooter)
    this.other = new TextList(tables.other)
  }

  /** An element opens outside the cells (with its attribute text `a`); its text is read from here. */
  open(name: string, a: string): void {
    this.flush()
    if (HEADER_FOOTER.has(name)) this.kind = 'hf'
    else if (this.inValidation > 0 && (name === 'formula1' || name === 'formula2' || name === 'f')) this.kind = 'validation'
    else this.kind = 'other'
    if (name === 'dataValidation') this.inValidation++
    if (a !== '' && TEXT_ATTRS.some((k) => a.indexOf(k + '=') !== -1)) {
      const at = attrs(a)
      for (const k of TEXT_ATTRS) if (at[k] !== undefined && !SETTINGS.has(name)) this.other.add(at[k] as string)
    }
    if (name === 'col') this.column(a)
    else if (name === 'sheetFormatPr') this.cells.zeroHeight = truthy(attrs(a).zeroHeight)
    else if (name === 'autoFilter') this.autoFilter = true
  }

  /** `<col min max hidden width>`: hidden or zero-width columns. */
  private column(a: string): void {
    const at = attrs(a)
    if (truthy(at.hidden) || (at.width !== undefined && Number(at.width) === 0)) {
      const min = Math.max(1, Number(at.min ?? 1))
      const max = Math.min(MAX_COLS, Number(at.max ?? min))
      for (let i = min; i <= max; i++) this.cells.colHidden[i - 1] = 1
    }
  }

  close(name: string): void {
    this.flush()
    if (name === 'dataValidation') this.inValidation--
  }

  addText(s: string): void {
    this.text += s
  }

  /** The text read since the last element opened or closed, to its table. */
  flush(): void {
    const t = this.text
    this.text = ''
    if (t.trim() === '') return
    if (this.kind === 'hf') for (const x of headerFooterSections(t)) this.headerFooter.add(x)
    else if (this.kind === 'validation') for (const x of validationItems(t)) this.validation.add(x)
    else this.other.add(t)
  }

  end(): void {
    this.validation.end()
    this.headerFooter.end()
    this.other.end()
  }
}
