// Dates of birth, judged per column: most values parse as dates (US, ISO,
// EU, or a workbook date), implied ages fall in 0-110, and the header speaks
// of birth. Report dates and fiscal years are not birth dates.

import { lit, MAX_SAMPLES, safe } from '../findings.js'
import { headerHas, Matches } from './shape.js'
import type { Detector } from './types.js'

const BIRTH_HEADER = /\b(dob|d o b|birth|births|born|birthdate|birthday|date of birth|nacimiento|fecha nac|f nac|fnac|geburtsdatum|naissance)\b/

const ISO = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$/
const DMY_OR_MDY = /^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$/

/** The year of a date-like value, or -1. Accepts US, EU and ISO orders. */
export function dateYear(v: string): number {
  let m = ISO.exec(v)
  if (m) return plausible(Number(m[2]), Number(m[3])) || plausible(Number(m[3]), Number(m[2])) ? Number(m[1]) : -1
  m = DMY_OR_MDY.exec(v)
  if (m) {
    const a = Number(m[1])
    const b = Number(m[2])
    if (!plausible(a, b) && !plausible(b, a)) return -1
    let y = Number(m[3])
    if ((m[3] as string).length === 2) y += y > (new Date().getFullYear() % 100) ? 1900 : 2000
    return y
  }
  return -1
}

function plausible(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31
}

export const dateOfBirth: Detector = {
  id: 'date-of-birth',
  kind: 'pii/date-of-birth',
  noun: lit('dates of birth'),
  test: (v) => dateYear(v) !== -1,
  open(col) {
    const hinted = headerHas(col.header, BIRTH_HEADER)
    const thisYear = new Date().getFullYear()
    const m = new Matches(MAX_SAMPLES)
    return {
      cell(v, s, pos) {
        if (!hinted || s.digits < 4 || s.digits > 14) return
        const y = dateYear(v)
        if (y !== -1 && thisYear - y >= 0 && thisYear - y <= 110) m.add(pos)
      },
      close(stats) {
        if (!hinted || m.count === 0) return null
        const share = m.count / Math.max(1, stats.nonEmpty)
        if (share < 0.6) return null
        return {
          scope: 'column',
          count: m.count,
          positions: m.positions,
          confidence: Math.min(0.99, 0.5 + share / 2),
          why: safe`header speaks of birth and ${m.count} of ${stats.nonEmpty} values are dates with ages 0-110`
        }
      }
    }
  }
}
