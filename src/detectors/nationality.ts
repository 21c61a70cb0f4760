// Nationality / country of citizenship. Alone it is an aggregate dimension
// (counts by country), so it informs; next to a name it makes a person record.

import { lit, MAX_SAMPLES, safe } from '../findings.js'
import { headerHas, Matches } from './shape.js'
import type { Detector } from './types.js'

const NATIONALITY_HEADER =
  /\b(citizenship|nationality|nationalities|nacionalidad|pais|país|country of birth|country of citizenship|birth country|citizen)\b/

export const nationality: Detector = {
  id: 'nationality',
  kind: 'pii/nationality',
  noun: lit('nationalities'),
  test: () => false,
  open(col) {
    const hinted = headerHas(col.header, NATIONALITY_HEADER)
    const m = new Matches(MAX_SAMPLES)
    return {
      cell(_v, s, pos) {
        if (hinted && s.digits === 0 && s.letters >= 2) m.add(pos)
      },
      close(stats) {
        if (!hinted || m.count / Math.max(1, stats.nonEmpty) < 0.6) return null
        return {
          scope: 'column',
          count: m.count,
          positions: m.positions,
          confidence: 0.7,
          why: safe`header speaks of nationality and ${m.count} of ${stats.nonEmpty} values are words`
        }
      }
    }
  }
}
