// `--shard I/N`: one of N disjoint parts of a scan, so that N jobs (a GitHub
// Actions matrix) can share a large repository or history; `publish-guard
// merge` joins their reports. A file goes to the shard its path hashes into;
// a history blob to the shard its id hashes into: stable across runs and
// machines, so every file lands in exactly one shard.

import { createHash } from 'node:crypto'
import { ConfigError } from './errors.js'

export interface Shard {
  /** 1-based. */
  index: number
  count: number
}

const MAX_SHARDS = 1024

export function parseShard(v: string, where = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || !(count >= 1 && count <= MAX_SHARDS) || !(index >= 1 && index <= count))
    throw new ConfigError(`expected I/N with 1 <= I <= N <= ${MAX_SHARDS}, such as 2/4 (got \`${v}\`)`, where)
  return { index, count }
}

/** Which shard (1-based) a key falls in: the first 32 bits of its SHA-256, modulo N. */
export function shardOf(key: string, count: number): number {
  return (createHash('sha256').update(key).digest().readUInt32BE(0) % count) + 1
}
