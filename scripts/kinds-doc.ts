// The kinds table of docs/findings.md, made from the catalog (src/catalog.ts)
// by the build; CI fails when the committed page differs.
import { KIND_LIST, KINDS, type Kind } from '../src/catalog.js'

export const KINDS_DOC = 'docs/findings.md'
const START = '<!-- kinds:start (generated from src/catalog.ts by npm run build) -->'
const END = '<!-- kinds:end -->'

const FAMILIES: Array<[string, string]> = [
  ['pii', 'Personal data'],
  ['policy', 'Policy'],
  ['schema', 'Table Schema'],
  ['file', 'Files that cannot be cleared'],
  ['structure', 'Where data hides in workbooks'],
  ['metadata', 'Document metadata'],
  ['disclosure', 'Disclosure risks in aggregate tables']
]

const cell = (s: string): string => s.replace(/\|/g, '\\|')

/** The page with its generated section replaced. */
export function kindsDoc(page: string): string {
  const a = page.indexOf(START)
  const b = page.indexOf(END)
  if (a < 0 || b < a) throw new Error(`${KINDS_DOC} has no ${START} ... ${END} section`)
  const out: string[] = [START, '']
  for (const [family, heading] of FAMILIES) {
    const kinds = KIND_LIST.filter((k) => k.startsWith(`${family}/`))
    out.push(`### ${heading}`, '', '| kind | what it means | default | what to do |', '|---|---|---|---|')
    for (const k of kinds) out.push(row(k))
    out.push('')
  }
  return page.slice(0, a) + out.join('\n') + page.slice(b)
}

function row(k: Kind): string {
  const i = KINDS[k]
  return `| <a id="${k.replace(/\//g, '-')}"></a>\`${k}\`: ${cell(i.title)} | ${cell(i.description)} [More](${i.more}). | ${i.severity} | ${cell(i.remedy)} |`
}
