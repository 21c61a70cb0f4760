// Table Schema constraints on one field, compiled once per table. Each check
// sees the cast value (and the raw text for `pattern` and lengths) and says
// pass or fail; messages are built from the schema, never from the cell.

import { RE2JS, RE2JSException } from 're2js'
import { lit, policyText, safe, type SafeText } from '../findings.js'
import type { FieldDescriptor } from './load.js'
import { SchemaProblem, type FieldType, type Value } from './types.js'
import type { ConstraintName } from '../catalog.js'

interface CellCheck {
  /** `enum`, `minimum`, ...: the finding kind is `schema/constraint/<name>`. */
  name: ConstraintName
  test(v: Value, raw: string): boolean
}

/** Every constraint of a field in one call: bit j set when `checks[j]` fails, 0 when all hold. */
export type FieldTest = (v: Value, raw: string) => number

export interface CompiledField {
  type: FieldType
  checks: CellCheck[]
  /** The checks compiled into one function (bounds compare once, enum looks up the raw text); null when there are none. */
  test: FieldTest | null
  required: boolean
  unique: boolean
  /** `integer ≥ 0 and ≤ 100`: everything a cell must be. */
  expected: SafeText
}

/** Enum lists longer than this are summarised in messages. */
const MAX_ENUM_SHOWN = 12

/** The comparable form of a cast value (exact for integers past 2^53, which stay strings). */
const num = (v: Value): number => (typeof v === 'number' ? v : Number(v))

/** A value as a key: equal keys for equal cast values (`1` and `01` as integers). */
const keyOf = (v: Value): string => (typeof v === 'string' ? v : String(v))

export function compileField(field: FieldDescriptor, type: FieldType, requiredByKey: boolean): CompiledField {
  const c = field.constraints ?? {}
  const checks: CellCheck[] = []
  const parts: SafeText[] = []
  const bound = (name: string, raw: unknown): number => {
    if (!type.ordered)
      throw new SchemaProblem(
        `\`${name}\` applies to numbers, dates, times, years and durations, not to type \`${field.type ?? 'string'}\``,
        ['constraints', name]
      )
    const v = type.cast(String(raw))
    if (v === undefined)
      throw new SchemaProblem(`\`${name}\` (${JSON.stringify(raw)}) is not a value of type \`${field.type ?? 'string'}\``, [
        'constraints',
        name
      ])
    return num(v)
  }
  const shown = (raw: unknown): SafeText => policyText(String(raw))
  if (c.minimum !== undefined) {
    const b = bound('minimum', c.minimum)
    checks.push({ name: 'minimum', bound: b, test: (v) => num(v) >= b } as Bound)
    parts.push(safe`≥ ${shown(c.minimum)}`)
  }
  if (c.exclusiveMinimum !== undefined) {
    const b = bound('exclusiveMinimum', c.exclusiveMinimum)
    checks.push({ name: 'exclusiveMinimum', bound: b, test: (v) => num(v) > b } as Bound)
    parts.push(safe`> ${shown(c.exclusiveMinimum)}`)
  }
  if (c.maximum !== undefined) {
    const b = bound('maximum', c.maximum)
    checks.push({ name: 'maximum', bound: b, test: (v) => num(v) <= b } as Bound)
    parts.push(safe`≤ ${shown(c.maximum)}`)
  }
  if (c.exclusiveMaximum !== undefined) {
    const b = bound('exclusiveMaximum', c.exclusiveMaximum)
    checks.push({ name: 'exclusiveMaximum', bound: b, test: (v) => num(v) < b } as Bound)
    parts.push(safe`< ${shown(c.exclusiveMaximum)}`)
  }
  if (c.minLength !== undefined) {
    const n = c.minLength
    // Characters never outnumber UTF-16 units: count them only when it can matter.
    checks.push({ name: 'minLength', test: (_v, raw) => raw.length >= n && length(raw) >= n })
    parts.push(safe`at least ${n} characters long`)
  }
  if (c.maxLength !== undefined) {
    const n = c.maxLength
    checks.push({ name: 'maxLength', test: (_v, raw) => raw.length <= n || length(raw) <= n })
    parts.push(safe`at most ${n} characters long`)
  }
  if (c.pattern !== undefined) {
    // Table Schema patterns match the whole value (XML Schema regular
    // expressions): `matches` is anchored at both ends. RE2's engine runs in
    // time linear in the cell (a backtracking engine took minutes on one cell
    // for `([A-Za-z]+ ?)*`); what it cannot run in linear time (back
    // references, lookaround) is refused here, with the reason.
    let re: RE2JS
    try {
      re = RE2JS.compile(c.pattern)
    } catch (e) {
      const why = e instanceof RE2JSException ? e.message : String(e)
      throw new SchemaProblem(
        `\`pattern\` is not a regular expression publish-guard can run in linear time (${why}); back references and lookaround are not supported`,
        ['constraints', 'pattern']
      )
    }
    const fixed = fixedWidthPattern(c.pattern)
    checks.push({ name: 'pattern', test: fixed ? (_v, raw) => fixed.test(raw) : (_v, raw) => re.matches(raw) })
    parts.push(safe`matching the pattern ${policyText(c.pattern)}`)
  }
  if (c.enum !== undefined) {
    const allowed = new Set<string>()
    c.enum.forEach((m, i) => {
      const v = typeof m === 'boolean' && field.type === 'boolean' ? m : type.cast(String(m))
      if (v === undefined)
        throw new SchemaProblem(`\`enum\` value ${JSON.stringify(m)} is not a value of type \`${field.type ?? 'string'}\``, [
          'constraints',
          'enum',
          i
        ])
      allowed.add(keyOf(v))
    })
    // A short list is scanned: comparing a few strings beats hashing each cell.
    const list = [...allowed]
    const test = list.length <= 16 ? (v: Value) => list.includes(keyOf(v)) : (v: Value) => allowed.has(keyOf(v))
    checks.push({ name: 'enum', test, list, allowed } as Enum)
    const shownList = c.enum
      .slice(0, MAX_ENUM_SHOWN)
      .map((m) => `"${policyText(String(m))}"`)
      .join(', ')
    const more = c.enum.length > MAX_ENUM_SHOWN ? safe` (and ${c.enum.length - MAX_ENUM_SHOWN} more)` : lit('')
    parts.push(safe`one of ${shownList as SafeText}${more}`)
  }
  const expected = parts.length ? (`${type.expected} ${parts.join(' and ')}` as SafeText) : type.expected
  return { type, checks, test: fuse(checks, type), required: c.required === true || requiredByKey, unique: c.unique === true, expected }
}

const BOUNDS = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum']

/**
 * One function for all of a field's checks, with the result of calling each
 * in turn (tested against that): the bounds compare in one step, the others
 * keep their own test. Per cell this is one call and no allocation.
 */
function fuse(checks: CellCheck[], type: FieldType): FieldTest | null {
  const parts: FieldTest[] = []
  const range = checks.map((k, j) => [k, j] as const).filter(([k]) => BOUNDS.includes(k.name))
  if (range.length) {
    // An absent bound never fails: its bit is 0 whatever the comparison says (NaN too).
    const bit = (name: string): number => {
      const at = range.find(([k]) => k.name === name)
      return at ? 1 << at[1] : 0
    }
    const limit = (name: string, absent: number): number => {
      const at = range.find(([k]) => k.name === name)
      return at ? (at[0] as Bound).bound : absent
    }
    const [bMin, bXMin, bMax, bXMax] = BOUNDS.map(bit) as [number, number, number, number]
    const [min, xMin, max, xMax] = [
      limit('minimum', -Infinity),
      limit('exclusiveMinimum', -Infinity),
      limit('maximum', Infinity),
      limit('exclusiveMaximum', Infinity)
    ]
    parts.push((v) => {
      const x = typeof v === 'number' ? v : Number(v)
      return (x >= min ? 0 : bMin) | (x > xMin ? 0 : bXMin) | (x <= max ? 0 : bMax) | (x < xMax ? 0 : bXMax)
    })
  }
  checks.forEach((k, j) => {
    if (BOUNDS.includes(k.name)) return
    const b = 1 << j
    const e = k as Partial<Enum>
    if (e.allowed && type.identity) {
      // The cast value is the text itself: look the text up.
      const { list, allowed } = e as Enum
      parts.push(list.length <= 16 ? (_v, raw) => (list.includes(raw) ? 0 : b) : (_v, raw) => (allowed.has(raw) ? 0 : b))
    } else {
      const test = k.test
      parts.push((v, raw) => (test(v, raw) ? 0 : b))
    }
  })
  if (parts.length === 0) return null
  if (parts.length === 1) return parts[0] as FieldTest
  if (parts.length === 2) {
    const [p, q] = parts as [FieldTest, FieldTest]
    return (v, raw) => p(v, raw) | q(v, raw)
  }
  return (v, raw) => {
    let r = 0
    for (let i = 0; i < parts.length; i++) r |= (parts[i] as FieldTest)(v, raw)
    return r
  }
}

interface Bound extends CellCheck {
  bound: number
}

interface Enum extends CellCheck {
  list: string[]
  allowed: Set<string>
}

/** Characters, not UTF-16 units (as Python's len). */
function length(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) n--
  }
  return n
}

/**
 * A pattern made only of ASCII literals, `\d`, `\w`, escaped punctuation and
 * ASCII character classes, each at most repeated a fixed number of times (`{9}`):
 * every match has one length and each atom one position, so a backtracking
 * engine has no choice to undo and runs in linear time, like RE2, with the
 * same meaning (RE2 checked the syntax above). Such patterns (IDs, codes,
 * years) run on the engine's own regular expressions, four times faster;
 * anything else (`*`, `+`, `?`, ranges of repeats, groups, alternation, `.`,
 * `\s`, POSIX or Unicode classes) stays on RE2.
 */
export function fixedWidthPattern(pattern: string): RegExp | null {
  if (!FIXED_WIDTH.test(pattern)) return null
  return new RegExp(`^(?:${pattern})$`)
}

/**
 * One atom (an ASCII literal, `\d`, `\w`, escaped punctuation, or a class of
 * printable ASCII that is not negated), each with an optional `{n}`. What can
 * match a character outside ASCII (`.`, `[^a]`, `\D`, `\W`) is left to RE2:
 * the engine's regular expressions count a character beyond the BMP as two.
 */
const FIXED_WIDTH =
  /^(?:(?:[A-Za-z0-9 _,;:'"!#%&=<>@~-]|\\[dw]|\\[.\-^$*+?()[\]{}|/\\]|\[(?!\^)(?:[ -Z_-~]|\\[dw\-\]\\^])+\])(?:\{[0-9]{1,4}\})?)+$/
