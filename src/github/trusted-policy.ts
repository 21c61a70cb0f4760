// The policy a pull request is scanned with comes from its base commit, never
// from its head: otherwise the pull request that adds `ignore: ["staff/**"]`
// next to a staff list would clear itself. The policy file, the schema files
// it references and its allow entries are read with `git cat-file` from the
// base; when the pull request changes any of them, a `policy/changed` finding
// says which top-level keys (or schema files) change and that the new policy
// applies after the merge. On other events (push, schedule, manual) the
// checked-out commit is the trusted one.

import { createHash } from 'node:crypto'
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError } from '../errors.js'
import { repoText, safe, type Finding, type SafeText, type Severity } from '../findings.js'
import { verdict } from '../verdict.js'
import { blobExists, git, requireCommit } from '../git/run.js'
import { builtInPolicy } from '../policy/defaults.js'
import { findPolicy } from '../policy/index.js'
import { peekYaml } from '../policy/config-file.js'
import { parsePolicy } from '../policy/load.js'
import { policySchema } from '../policy/schema.js'
import type { Policy } from '../policy/types.js'
import type { Report } from '../report/types.js'
import { schemaFilePaths } from '../schema/load.js'
import { resolvePolicy, type ResolvedPolicy } from '../resolve.js'
import type { RunEvent } from './event.js'

/** A head policy file larger than this is not parsed to name its changed keys. */
const MAX_COMPARED_BYTES = 1 << 20

export interface TrustedPolicy {
  /** Resolved at the workspace: its schemas compiled, its allow entries ready. */
  policy: ResolvedPolicy
  /** The pull request changes the policy or a file it references (then scanned with the base's). */
  changed: Finding | null
  /** One line for the log and the summary. */
  note: string
}

export interface TrustedPolicyOptions {
  workspace: string
  /** The policy path (the `policy` input, or the default path). */
  path: string
  /** The user named the path: on a push it must exist. */
  explicit: boolean
  event: RunEvent
  /** Severity of `policy/changed` (default error). */
  severity?: Severity
}

export async function trustedPolicy(o: TrustedPolicyOptions): Promise<TrustedPolicy> {
  if (o.event.kind !== 'pull_request') {
    const policy = await findPolicy(o.explicit ? o.path : undefined, o.workspace)
    return {
      policy: await resolvePolicy(policy, o.workspace),
      changed: null,
      note:
        policy.source === null
          ? `No ${o.path} in the repository: using the built-in default policy.`
          : `Policy: ${o.path} of the checked-out commit.`
    }
  }
  const base = o.event.baseSha
  await requireCommit(base, o.workspace, {
    role: 'base',
    needed: 'the policy cannot be read from the base branch (a pull request never sets its own policy)',
    orFetch: true
  })
  const inBase = await blobExists(`${base}:${o.path}`, o.workspace)
  // A path the user set must exist somewhere: a typo must not fall back to the defaults.
  if (
    o.explicit &&
    !inBase &&
    !(await access(join(o.workspace, o.path)).then(
      () => true,
      () => false
    ))
  )
    throw new ConfigError('policy file not found', o.path)
  const policy = inBase ? await basePolicy(o.workspace, base, o.path) : builtInPolicy()
  const changes = await changesOf(o, base, inBase, policy)
  const note = inBase
    ? `Policy: ${o.path} as on the base branch (a pull request cannot change the policy it is checked with).`
    : `No ${o.path} on the base branch: using the built-in default policy.`
  const resolved = await resolvePolicy(policy, o.workspace)
  if (!changes) return { policy: resolved, changed: null, note }
  const severity = o.severity ?? 'error'
  const changed: Finding = {
    kind: 'policy/changed',
    severity,
    location: { file: o.path },
    message: safe`this pull request changes the publish-guard policy (${changes}). It was scanned with the base branch's policy; the new policy applies after the merge, so have a code owner of the policy review the change`,
    rule: safe`trusted policy`,
    count: 1,
    samples: []
  }
  return { policy: resolved, changed, note }
}

/** The base commit's policy, its schema files loaded from the base too. */
async function basePolicy(workspace: string, base: string, path: string): Promise<Policy> {
  const policy = parsePolicy(await git(['cat-file', 'blob', `${base}:${path}`], workspace), path)
  policy.source = path
  const read = (p: string): Promise<string | null> => git(['cat-file', 'blob', `${base}:${p}`], workspace).catch(() => null)
  // The base's files, kept in the policy: the scan (and its worker threads) reads these, nothing from the head.
  const files: Record<string, string> = {}
  for (const p of await schemaFilePaths(policy, read)) {
    if (!(await blobExists(`${base}:${p}`, workspace))) continue
    const text = await read(p)
    if (text !== null) files[p] = text
  }
  policy.schemaFiles = files
  return policy
}

/** What the pull request changes in the policy and the files it references, or null. */
async function changesOf(o: TrustedPolicyOptions, base: string, inBase: boolean, policy: Policy): Promise<SafeText | null> {
  const headText = await readFile(join(o.workspace, o.path)).catch(() => null)
  const parts: SafeText[] = []
  const file = repoText(o.path)
  if (!inBase && headText !== null) parts.push(safe`it adds ${file}: ${keysOf(undefined, headText)}`)
  else if (inBase && headText === null) parts.push(safe`it removes ${file}`)
  else if (inBase && headText !== null) {
    const baseId = (await git(['rev-parse', `${base}:${o.path}`], o.workspace)).trim()
    if (baseId !== blobId(headText)) {
      const baseText = Buffer.from(await git(['cat-file', 'blob', `${base}:${o.path}`], o.workspace), 'utf8')
      parts.push(safe`${file}: ${keysOf(baseText, headText)}`)
    }
  }
  // Schema files: those the base policy names (the ones this run used).
  const changedSchemas: SafeText[] = []
  for (const p of await schemaFilePaths(policy, (q) => git(['cat-file', 'blob', `${base}:${q}`], o.workspace).catch(() => null))) {
    const before = (await blobExists(`${base}:${p}`, o.workspace)) ? (await git(['rev-parse', `${base}:${p}`], o.workspace)).trim() : null
    const after = await readFile(join(o.workspace, p)).then(blobId, () => null)
    if (before !== after) changedSchemas.push(repoText(p))
  }
  if (changedSchemas.length) parts.push(safe`schema files it references change: ${changedSchemas.join(', ') as SafeText}`)
  return parts.length ? (parts.join('; ') as SafeText) : null
}

/** The id git gives a blob with these bytes. */
function blobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

const KNOWN_KEYS = new Set(Object.keys((policySchema as { properties: Record<string, unknown> }).properties))

/**
 * The top-level keys whose values differ. Only keys the policy schema knows
 * are named (a key is text from the pull request); others are counted.
 */
function keysOf(before: Buffer | undefined, after: Buffer): SafeText {
  const load = (b: Buffer | undefined): Record<string, unknown> | null => {
    if (b === undefined) return {}
    if (b.length > MAX_COMPARED_BYTES) return null
    try {
      const v: unknown = peekYaml(b.toString('utf8'))
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null ? {} : null
    } catch {
      return null
    }
  }
  const a = load(before)
  const b = load(after)
  if (a === null || b === null) return safe`its content changes (it does not parse as a policy, so the changed keys cannot be named)`
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
  const known = keys.filter((k) => KNOWN_KEYS.has(k)).sort()
  const unknown = keys.length - known.length
  const named = known.map((k) => `\`${k}\``).join(', ') as SafeText
  if (keys.length === 0) return safe`only its layout or comments change`
  if (unknown === 0) return safe`keys ${named} change`
  return known.length ? safe`keys ${named} and ${unknown} unknown key(s) change` : safe`${unknown} unknown key(s) change`
}

/** The report with the policy finding added (after the base-branch comparison: it is always new). */
export function withPolicyChange(report: Report, changed: Finding | null): Report {
  if (!changed) return report
  const f: Finding = { ...changed, novelty: 'new' }
  const findings = [f, ...report.findings]
  const error = f.severity === 'error'
  return {
    ...report,
    findings,
    blocked: verdict(findings, report),
    totals: {
      ...report.totals,
      errors: report.totals.errors + (error ? 1 : 0),
      warnings: report.totals.warnings + (error ? 0 : 1),
      ...(report.totals.new !== undefined ? { new: report.totals.new + 1 } : {})
    }
  }
}
