// Text of a sheet part outside its cells that SpreadsheetML writes in its
// own notation: data-validation lists written in the formula, and print
// headers and footers with their formatting codes.

import { formulaLiterals } from '../package/extras.js'

/**
 * The items of a data-validation list written in the formula itself
 * (`"Ann,Bob"`); a reference (`$A$1:$A$9`, a name) has none.
 */
export function validationItems(f: string): string[] {
  const s = f.trim()
  if (!s.startsWith('"')) return formulaLiterals(s) ? [formulaLiterals(s)] : []
  return s
    .slice(1, s.endsWith('"') ? -1 : undefined)
    .replace(/""/g, '"')
    .split(',')
}

/**
 * A print header or footer without its codes: `&L`, `&C`, `&R` start a
 * section (one item each); `&P`, `&N`, `&D`, `&T`, `&F`, `&A`, `&Z`, `&G`,
 * `&B`, `&I`, `&U`, `&E`, `&S`, `&X`, `&Y`, `&O`, `&H`, `&K` colours,
 * `&"font"`, `&12` sizes are dropped; `&&` is an ampersand.
 */
export function headerFooterSections(s: string): string[] {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c !== '&') {
      cur += c
      continue
    }
    const d = s[i + 1] ?? ''
    if (d === '&') (cur += '&'), i++
    else if (d === 'L' || d === 'C' || d === 'R') out.push(cur), (cur = ''), i++
    else if (d === '"') {
      const e = s.indexOf('"', i + 2)
      i = e === -1 ? s.length : e
    } else if (d === 'K')
      i += /^[0-9A-Fa-f]{6}$/.test(s.slice(i + 2, i + 8)) ? 7 : /^[0-9A-Fa-f]{2}[+-]\d{3}$/.test(s.slice(i + 2, i + 8)) ? 7 : 1
    else if (/[0-9]/.test(d)) {
      let j = i + 1
      while (j < s.length && /[0-9]/.test(s[j] as string)) j++
      i = j - 1
    } else i++
  }
  out.push(cur)
  return out.filter((x) => x.trim() !== '')
}
