// Table Schema `fields` (the foundation's shorthand): every declared column
// must be there, no undeclared column may be, and typed columns hold values
// of their type. Messages say what was expected, never what was found.

import { formatPlace, lit, MAX_SAMPLES, policyText, safe, type Finding, type Location, type SafeText } from '../findings.js'
import type { FieldSpec } from '../policy/types.js'
import type { Rule } from './types.js'

const TYPE_TESTS: Record<string, { re: RegExp; expected: SafeText }> = {
  integer: { re: /^\s*[-+]?\d+\s*$/, expected: lit('an integer') },
  number: { re: /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/, expected: lit('a number') },
  boolean: { re: /^\s*(?:true|false|yes|no|1|0)\s*$/i, expected: lit('true or false') },
  date: { re: /^\s*\d{4}-\d{2}-\d{2}\s*$/, expected: lit('a date (YYYY-MM-DD)') },
  year: { re: /^\s*\d{4}\s*$/, expected: lit('a four-digit year') }
}

const key = (s: string): string => s.trim().toLowerCase()

export const fieldsRule: Rule = {
  id: 'fields',
  open(ctx) {
    const fields = ctx.dataset?.fields
    if (!fields || fields.length === 0 || ctx.meta.noHeader) return null
    const rule = lit('dataset fields')
    const byName = new Map<string, FieldSpec>(fields.map((f) => [key(f.name), f]))
    const header = ctx.header ?? []
    const typed: Array<{ col: number; test: (typeof TYPE_TESTS)[string]; count: number; samples: Location[] }> = []
    header.forEach((h, col) => {
      const f = byName.get(key(h))
      const test = f?.type ? TYPE_TESTS[f.type] : undefined
      if (test) typed.push({ col, test, count: 0, samples: [] })
    })
    return {
      row(values, pos) {
        for (const t of typed) {
          const v = values[t.col]
          if (v === undefined || v.trim() === '' || t.test.re.test(v)) continue
          t.count++
          if (t.samples.length < MAX_SAMPLES) t.samples.push(ctx.locate(pos, t.col))
        }
      },
      finish(): Finding[] {
        const out: Finding[] = []
        const present = new Set(header.map(key))
        for (const f of fields) {
          if (present.has(key(f.name))) continue
          out.push({
            kind: 'policy/missing-column',
            severity: 'error',
            location: { file: ctx.meta.file, sheet: ctx.meta.sheet, part: ctx.meta.part, line: ctx.headerPos ?? undefined },
            message: safe`column "${policyText(f.name)}" declared in the policy's fields is missing`,
            rule,
            count: 1,
            samples: []
          })
        }
        header.forEach((h, col) => {
          if (h.trim() === '' || byName.has(key(h))) return
          const where = ctx.locateHeader(col)
          out.push({
            kind: 'policy/column-not-allowed',
            severity: 'error',
            location: where,
            message: safe`${formatPlace(where)} is not declared in the policy's fields: remove it, or declare it if it is meant to be published`,
            rule,
            count: 1,
            samples: [where]
          })
        })
        for (const t of typed) {
          if (t.count === 0) continue
          const where = ctx.locateColumn(t.col)
          out.push({
            kind: 'policy/type-mismatch',
            severity: 'error',
            location: t.samples[0] ?? where,
            message: safe`${t.count} cells in ${formatPlace(where)} are not ${t.test.expected}`,
            rule,
            count: t.count,
            samples: t.samples
          })
        }
        return out
      }
    }
  }
}
