// Hot-path tests without regular expressions: the cell checks run on every
// cell, and a char-code loop is several times cheaper than a RegExp call.
// Each is exactly the regular expression it stands for (tests compare both).

/**
 * A fixed-length Table Schema `pattern` (`A[0-9]{9}`, `[0-9]{3}-[0-9]{2}-[0-9]{4}`):
 * ASCII literals, `\d`, and classes of ASCII characters and ranges, each
 * optionally repeated `{n}` times. The pattern matches the whole value. Any other
 * pattern gives null (the caller uses the regular expression).
 */
export function fixedPattern(pattern: string): ((s: string) => boolean) | null {
  const sets: Uint8Array[] = []
  let i = 0
  const lit = (c: number): Uint8Array => {
    const t = new Uint8Array(128)
    t[c] = 1
    return t
  }
  const digit = (): Uint8Array => {
    const t = new Uint8Array(128)
    t.fill(1, 48, 58)
    return t
  }
  /** A character that stands for itself outside a class. */
  const plain = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32 || c === 45 || c === 95 || c === 58 || c === 47 || c === 44 || c === 64 || c === 35 || c === 37 || c === 38 || c === 61 || c === 126 || c === 39 || c === 34 || c === 33 || c === 60 || c === 62 || c === 59
  /** `\.` `\-` and other escaped ASCII punctuation: the character itself. */
  const punct = (c: number): boolean => c > 32 && c < 127 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)
  while (i < pattern.length) {
    const c = pattern.charCodeAt(i)
    let set: Uint8Array
    if (c === 91) {
      // [...]: no negation, ASCII characters and ranges, \d
      set = new Uint8Array(128)
      i++
      if (pattern.charCodeAt(i) === 94 || pattern.charCodeAt(i) === 93) return null
      for (;;) {
        if (i >= pattern.length) return null
        let a = pattern.charCodeAt(i)
        if (a === 93) break
        if (a === 92) {
          const e = pattern.charCodeAt(i + 1)
          if (e === 100) {
            set.fill(1, 48, 58)
            i += 2
            continue
          }
          if (!punct(e)) return null
          a = e
          i++
        } else if (a === 91 || a > 126 || a < 32) return null
        i++
        if (pattern.charCodeAt(i) === 45 && pattern.charCodeAt(i + 1) !== 93 && i + 1 < pattern.length) {
          const b = pattern.charCodeAt(i + 1)
          if (b === 92 || b === 91 || b > 126 || b < 32 || b < a) return null
          set.fill(1, a, b + 1)
          i += 2
        } else set[a] = 1
      }
      i++
    } else if (c === 92) {
      const e = pattern.charCodeAt(i + 1)
      if (e === 100) set = digit()
      else if (punct(e)) set = lit(e)
      else return null
      i += 2
    } else if (plain(c)) {
      set = lit(c)
      i++
    } else return null
    let n = 1
    if (pattern.charCodeAt(i) === 123) {
      const close = pattern.indexOf('}', i)
      const body = close < 0 ? '' : pattern.slice(i + 1, close)
      if (!/^[0-9]{1,3}$/.test(body)) return null
      n = Number(body)
      i = close + 1
    }
    for (let k = 0; k < n; k++) sets.push(set)
  }
  if (sets.length === 0) return null
  const len = sets.length
  return (s) => {
    if (s.length !== len) return false
    for (let k = 0; k < len; k++) {
      const c = s.charCodeAt(k)
      if (c > 127 || (sets[k] as Uint8Array)[c] === 0) return false
    }
    return true
  }
}

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13)
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** `/^[^\s@]+@[^\s@]+\.[^\s@]+$/`: one @, no white space, a dot inside the part after the @. */
export function isEmail(v: string): boolean {
  const n = v.length
  let at = -1
  let dot = false
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i)
    if (c === 64) {
      if (at >= 0 || i === 0) return false
      at = i
    } else if (c === 46) {
      if (at >= 0 && i > at + 1 && i < n - 1) dot = true
    } else if (c <= 32 || c >= 128 ? isSpace(c) : false) return false
  }
  return dot
}
