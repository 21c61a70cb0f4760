// `publish-guard fingerprint FILE --at B7 [--sheet S]` or `--line N --column N`:
// prints the fingerprint of one cell's value for an `allow:` entry, never the value.

import { relative, resolve, sep } from 'node:path'
import { parseCommand } from './args.js'
import { fingerprintAt, parseCellRef, type CellPlace } from '../allow/cell.js'
import { describeSalt, resolveSalt } from '../allow/salt.js'
import { ConfigError } from '../errors.js'
import { findPolicy } from '../policy/index.js'

const FINGERPRINT_USAGE = `Usage: publish-guard fingerprint FILE (--at CELL [--sheet NAME] | --line N --column N) [--policy FILE]

Prints the fingerprint (pg1:...) of the value in one cell, for an \`allow:\`
entry in the policy. The value itself is never printed. The salt is the
policy's \`salt\` (else derived from the repository: see docs/allowlist.md).

Options:
  --at CELL            spreadsheet-style place: B7 (in a CSV: line 7, column 2)
  --sheet NAME         the sheet, in a workbook with several
  --line N --column N  text files: physical line and field number (1-based)
  --policy FILE        policy file (default: .github/publish-guard.yml if present)
`

export async function fingerprintCommand(
  args: string[],
  root: string,
  out: (s: string) => void,
  err: (s: string) => void
): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      at: { type: 'string' },
      sheet: { type: 'string' },
      line: { type: 'string' },
      column: { type: 'string' },
      policy: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    FINGERPRINT_USAGE
  )
  const { values, positionals } = parsed
  if (values.help) {
    out(FINGERPRINT_USAGE)
    return 0
  }
  if (positionals.length !== 1) throw new ConfigError(`give exactly one FILE\n\n${FINGERPRINT_USAGE}`)
  const place = placeFrom(values)
  const file = positionals[0] as string
  const abs = resolve(root, file)
  const rel = relative(root, abs).split(sep).join('/')
  const policy = await findPolicy(values.policy, root)
  const salt = await resolveSalt(policy.salt, root)
  const print = await fingerprintAt(abs, rel, place, salt.value)
  out(`${print}\n`)
  err(`publish-guard: salt from ${describeSalt(salt)}\n`)
  return 0
}

function placeFrom(v: { at?: string; sheet?: string; line?: string; column?: string }): CellPlace {
  if (v.at !== undefined) {
    if (v.line !== undefined || v.column !== undefined) throw new ConfigError('give --at, or --line and --column, not both')
    const ref = parseCellRef(v.at)
    if (!ref) throw new ConfigError(`expected a cell like B7 (got \`${v.at}\`)`, '--at')
    return { ...ref, sheet: v.sheet }
  }
  const line = positiveInt(v.line, '--line')
  const column = positiveInt(v.column, '--column')
  if (line === undefined || column === undefined)
    throw new ConfigError(`give --at CELL, or --line N and --column N\n\n${FINGERPRINT_USAGE}`)
  return { row: line, col: column - 1, sheet: v.sheet }
}

function positiveInt(s: string | undefined, name: string): number | undefined {
  if (s === undefined) return undefined
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new ConfigError(`must be a positive whole number (got \`${s}\`)`, name)
  return Number(s)
}
