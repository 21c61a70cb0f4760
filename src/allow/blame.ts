// Who last changed each allowlist entry: `git blame --porcelain` of the
// entry's lines in the policy file (the most recent commit among them).
// Best effort: outside a repository, or for an untracked policy, nothing.

import { basename, dirname, resolve } from 'node:path'
import { repoText, type SafeText } from '../findings.js'
import { git } from '../git/run.js'

export type LastChange = { commit: string; author: SafeText; date: string } | { uncommitted: true }

const UNCOMMITTED = /^0{40}$/

export async function blameLines(
  root: string,
  policyPath: string,
  ranges: ReadonlyArray<readonly [number, number] | null>
): Promise<Array<LastChange | undefined>> {
  const wanted = ranges.filter((r): r is readonly [number, number] => r !== null)
  if (wanted.length === 0) return ranges.map(() => undefined)
  const abs = resolve(root, policyPath)
  let out: string
  try {
    const args = ['blame', '--porcelain', ...wanted.flatMap(([a, b]) => ['-L', `${a},${b}`]), '--', basename(abs)]
    out = await git(args, dirname(abs))
  } catch {
    return ranges.map(() => undefined)
  }
  const commits = new Map<string, { author: string; time: number }>()
  const lineCommit = new Map<number, string>()
  let current = ''
  for (const l of out.split('\n')) {
    const head = /^([0-9a-f]{40}) \d+ (\d+)/.exec(l)
    if (head) {
      current = head[1] as string
      lineCommit.set(Number(head[2]), current)
      if (!commits.has(current)) commits.set(current, { author: '', time: 0 })
      continue
    }
    const c = commits.get(current)
    if (!c) continue
    if (l.startsWith('author ')) c.author = l.slice(7)
    else if (l.startsWith('author-time ')) c.time = Number(l.slice(12))
  }
  return ranges.map((r) => {
    if (!r) return undefined
    let best: string | undefined
    for (let n = r[0]; n <= r[1]; n++) {
      const sha = lineCommit.get(n)
      if (!sha) continue
      if (UNCOMMITTED.test(sha)) return { uncommitted: true as const }
      if (!best || (commits.get(sha)?.time ?? 0) > (commits.get(best)?.time ?? 0)) best = sha
    }
    if (!best) return undefined
    const c = commits.get(best) as { author: string; time: number }
    return { commit: best, author: repoText(c.author), date: new Date(c.time * 1000).toISOString() }
  })
}
