// The sheet map of a workbook: each sheet that holds cells, its state
// (visible, hidden, very hidden) and its size, so a reviewer sees the hidden
// tab at a glance. Built from the tables the reader opened.

import type { TableMeta } from '../tabular.js'
import type { SheetEntry } from './types.js'

/** Sheets in the order the reader opened them; each sheet's main grid only (not its comments or hidden rows). */
export function sheetMap(tables: ReadonlyArray<{ meta: TableMeta; rows: number }>): SheetEntry[] | undefined {
  const out = new Map<string, SheetEntry>()
  for (const { meta, rows } of tables) {
    if (meta.sheet === undefined || meta.addressing !== 'cell') continue
    const state =
      meta.part === 'very hidden sheet'
        ? 'very hidden'
        : meta.part === 'hidden sheet'
          ? 'hidden'
          : meta.part === undefined
            ? 'visible'
            : null
    if (state === null) continue
    const seen = out.get(meta.sheet)
    if (seen) seen.rows += rows
    else out.set(meta.sheet, { name: meta.sheet, state, rows })
  }
  return out.size ? [...out.values()] : undefined
}
