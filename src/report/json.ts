// The full report as JSON: the documented, versioned machine format
// (docs/report.md). The Report type has no field for a found value.

import { jsonSafe } from './escape.js'
import type { Report } from './types.js'

export function renderJson(r: Report): string {
  return jsonSafe(JSON.stringify(r, null, 2)) + '\n'
}
