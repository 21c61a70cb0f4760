// Cells and rows that break the schema, gathered per kind and column: a count
// and the first MAX_SAMPLES places (one finding per group at the table's end).

import { MAX_SAMPLES } from '../findings.js'
import type { TableContext } from '../check.js'
import type { Group, SchemaKind } from './build-findings.js'

/** Between a group's kind and column in its id (in neither). */
const ID_SEPARATOR = '\u0001'

export class Hits {
  private readonly groups = new Map<string, Group>()

  constructor(private readonly ctx: TableContext) {}

  /** One more cell (row `pos`, column `col`) of this kind. */
  add(kind: SchemaKind, col: number, pos: number): void {
    const id = kind + ID_SEPARATOR + col
    let g = this.groups.get(id)
    if (!g) this.groups.set(id, (g = { kind, col, first: pos, count: 0, samples: [] }))
    g.count++
    if (g.samples.length < MAX_SAMPLES) g.samples.push(this.ctx.locate(pos, col))
  }

  /** The groups in order of first place (a logged key's group is made at the end); a stable sort keeps a row's order. */
  inOrder(): Group[] {
    return [...this.groups.values()].sort((a, b) => a.first - b.first)
  }
}
