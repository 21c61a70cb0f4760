// The value of one cell, read only to be fingerprinted (the `fingerprint`
// command). The value never leaves this module except as a fingerprint.

import { ConfigError, UnreadableError } from '../errors.js'
import { readTabular } from '../readers/index.js'
import type { RowSink, TableMeta } from '../tabular.js'
import { fingerprint } from './fingerprint.js'

export interface CellPlace {
  /** 1-based line (text files) or sheet row (workbooks). */
  row: number
  /** 0-based column. */
  col: number
  /** Workbooks with several sheets: which one. */
  sheet?: string
}

/** `B7` -> row 7, column 1. */
export function parseCellRef(ref: string): { row: number; col: number } | null {
  const m = /^\s*([A-Za-z]{1,3})\s*(\d+)\s*$/.exec(ref)
  if (!m) return null
  let col = 0
  for (const ch of (m[1] as string).toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64)
  const row = Number(m[2])
  return row >= 1 ? { row, col: col - 1 } : null
}

/** The fingerprint of the value at `place`; a ConfigError when there is no value there. */
export async function fingerprintAt(absPath: string, relPath: string, place: CellPlace, salt: string): Promise<string> {
  const found: Array<{ sheet: string | undefined; print: string }> = []
  const sheets = new Set<string>()
  try {
    await readTabular(absPath, relPath, {
      table(meta: TableMeta): RowSink {
        const sheet = meta.sheetName ?? meta.sheet
        if (sheet !== undefined) sheets.add(sheet)
        const wanted = place.sheet === undefined || sheet === place.sheet
        const mark = found.length
        return {
          row(values, pos) {
            if (!wanted || pos !== place.row) return
            const v = values[place.col]
            if (v !== undefined && v.trim() !== '') found.push({ sheet, print: fingerprint(v, salt) })
          },
          end() {},
          abort() {
            found.length = mark
          }
        }
      }
    })
  } catch (e) {
    if (e instanceof UnreadableError) throw new ConfigError(`cannot read the file: ${e.reason}`, relPath)
    throw e
  }
  if (place.sheet !== undefined && !sheets.has(place.sheet)) throw new ConfigError('no sheet of that name in the file', relPath)
  if (found.length > 1) throw new ConfigError('that place exists in several sheets or tables: name the sheet with --sheet', relPath)
  const hit = found[0]
  if (!hit) throw new ConfigError('no value at that place (empty cell, or outside the table)', relPath)
  return hit.print
}
