// The dataset's column allowlist / denylist, checked on the header row:
// the "one column too many" leak.

import { formatPlace, lit, safe, type Finding } from '../findings.js'
import type { Rule } from './types.js'

const key = (s: string): string => s.trim().toLowerCase()

export const columnsRule: Rule = {
  id: 'columns',
  open(ctx) {
    const spec = ctx.dataset?.columns
    if (!spec || (!spec.allow && !spec.deny) || ctx.meta.noHeader) return null
    return {
      row() {},
      finish(): Finding[] {
        const name = safe`dataset ${lit('columns')}`
        if (!ctx.header) {
          return [
            {
              kind: 'policy/missing-column',
              severity: 'error',
              location: { file: ctx.meta.file, sheet: ctx.meta.sheet, part: ctx.meta.part },
              message: lit('the table has no header row, so its columns cannot be checked against the policy'),
              rule: name,
              count: 1,
              samples: []
            }
          ]
        }
        const allow = spec.allow && new Set(spec.allow.map(key))
        const deny = spec.deny && new Set(spec.deny.map(key))
        const out: Finding[] = []
        ctx.header.forEach((h, col) => {
          if (h.trim() === '') return
          const k = key(h)
          const where = ctx.locateHeader(col)
          if (deny?.has(k)) {
            out.push({
              kind: 'policy/column-denied',
              severity: 'error',
              location: where,
              message: safe`${formatPlace(where)} is on the policy's deny list: remove the column before publishing`,
              rule: name,
              count: 1,
              samples: [where]
            })
          } else if (allow && !allow.has(k)) {
            out.push({
              kind: 'policy/column-not-allowed',
              severity: 'error',
              location: where,
              message: safe`${formatPlace(where)} is not in the policy's allowed columns: remove it, or add it to \`columns.allow\` if it is meant to be published`,
              rule: name,
              count: 1,
              samples: [where]
            })
          }
        })
        return out
      }
    }
  }
}
