// The policy's `allow:` list: validated entries with the lines they occupy
// (for blame and for messages that point at the entry).

import type { Document, LineCounter, Node as YamlNode } from 'yaml'
import { ConfigError } from '../errors.js'
import type { AllowEntry } from './allow-entry.js'

/** An entry as written in the policy (validated by the JSON Schema). */
export type RawAllowEntry = Pick<AllowEntry, 'columns' | 'files' | 'kinds' | 'fingerprint' | 'reason' | 'expires'>

export function readAllow(
  raw: RawAllowEntry[] | undefined,
  doc: Document,
  lines: LineCounter,
  at: (offset: number | undefined) => string
): AllowEntry[] {
  return (raw ?? []).map((r, index) => {
    const node = doc.getIn(['allow', index], true) as YamlNode | undefined
    const range = node?.range
    if (r.expires !== undefined && !isRealDate(r.expires)) {
      throw new ConfigError(`\`allow.${index}.expires\` is not a real date (YYYY-MM-DD)`, at(range?.[0]))
    }
    if (!r.fingerprint && !r.columns && !r.files) {
      throw new ConfigError(
        `\`allow.${index}\` needs \`fingerprint\`, \`columns\` or \`files\` (kinds alone would allow a kind everywhere)`,
        at(range?.[0])
      )
    }
    const e: AllowEntry = { index, reason: r.reason }
    if (r.columns) e.columns = r.columns
    if (r.files) e.files = r.files
    if (r.kinds) e.kinds = r.kinds
    if (r.fingerprint) e.fingerprint = r.fingerprint
    if (r.expires) e.expires = r.expires
    if (range) {
      e.line = lines.linePos(range[0]).line
      // range[1] is the end of the value; a trailing newline belongs to the next line.
      e.endLine = Math.max(e.line, lines.linePos(Math.max(range[0], range[1] - 1)).line)
    }
    return e
  })
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Expired when `now` is past the end of the `expires` day (UTC). */
export function isExpired(e: AllowEntry, now: Date): boolean {
  if (!e.expires) return false
  return now.getTime() >= new Date(`${e.expires}T00:00:00Z`).getTime() + 86_400_000
}
