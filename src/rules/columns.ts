// The dataset's column allowlist / denylist, checked on the header row:
// the "one column too many" leak. A column is allowed when `columns.allow`
// lists it or the dataset's schema (`fields`, `schema`, `sheets`) declares
// it; a column in neither is one finding here (the schema check leaves it
// to this rule).

import { formatPlace, lit, safe, type Finding } from '../findings.js'
import { pickSchema, type PreparedSchemas, schemasOf } from '../schema/load.js'
import type { Rule, TableCheck, TableContext } from '../check.js'

const key = (s: string): string => s.trim().toLowerCase()

/** The columns rule of a scan, with the schemas prepared for it (their fields count as declared columns). */
export function columnsRuleFor(schemas: PreparedSchemas | undefined): Rule {
  return { id: 'columns', open: (ctx) => openColumnsCheck(ctx, schemas) }
}

function openColumnsCheck(ctx: TableContext, schemas: PreparedSchemas | undefined): TableCheck | null {
  {
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
        if (allow) for (const f of declaredFields(schemas, ctx.dataset, ctx.meta.file, ctx.meta.sheet)) allow.add(key(f))
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
              message: safe`${formatPlace(where)} is neither in the policy's allowed columns nor a field of the dataset's schema: remove it, or add it to \`columns.allow\` if it is meant to be published`,
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

/** The field names the dataset's schema declares for this table (none when the schema is a package without this file). */
function declaredFields(
  schemas: PreparedSchemas | undefined,
  dataset: TableContext['dataset'],
  file: string,
  sheet: string | undefined
): string[] {
  const all = schemasOf(schemas, dataset)
  if (!all) return []
  const picked = pickSchema(all, file, sheet)
  return picked && 'schema' in picked ? picked.schema.fields.map((f) => f.name) : []
}
