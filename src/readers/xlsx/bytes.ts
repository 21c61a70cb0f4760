// The bytes the XLSX fast paths compare (every XML delimiter is ASCII) and
// small helpers over a part's UTF-8 bytes. A const enum: each name is
// replaced by its number at build time, so the hot loops compare literals.

import { bytesAt } from '../package/xml.js'

export const enum Byte {
  TAB = 0x09,
  LF = 0x0a,
  CR = 0x0d,
  SPACE = 0x20,
  QUOTE = 0x22 /* " */,
  AMP = 0x26 /* & */,
  APOS = 0x27 /* ' */,
  SLASH = 0x2f /* / */,
  DIGIT_0 = 0x30 /* 0 */,
  COLON = 0x3a /* : */,
  LT = 0x3c /* < */,
  EQ = 0x3d /* = */,
  GT = 0x3e /* > */,
  UPPER_A = 0x41,
  UPPER_Z = 0x5a,
  UNDERSCORE = 0x5f /* _ */,
  LOWER_A = 0x61,
  LOWER_Z = 0x7a,
  c = 0x63,
  f = 0x66,
  i = 0x69,
  o = 0x6f,
  r = 0x72,
  s = 0x73,
  t = 0x74,
  v = 0x76,
  w = 0x77
}

/** Is `buf[s, e)` the ASCII name `name`? */
export const nameIs = (buf: Buffer, s: number, e: number, name: Uint8Array): boolean => e - s === name.length && bytesAt(buf, s, name)

/** The first `pat` that starts in `buf[from, end)` and ends by `end + pat.length`, or -1. */
export function indexIn(buf: Buffer, pat: Uint8Array, from: number, end: number): number {
  const i = buf.subarray(from, end + pat.length).indexOf(pat)
  return i === -1 ? -1 : from + i
}

/** `buf[s, e)` as a non-negative integer when it is 1 to 15 ASCII digits, else -1. */
export function digits(buf: Buffer, s: number, e: number): number {
  if (e <= s || e - s > 15) return -1
  let v = 0
  for (let k = s; k < e; k++) {
    const d = (buf[k] as number) - Byte.DIGIT_0
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v
}
