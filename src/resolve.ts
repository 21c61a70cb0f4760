// The policy as a scan uses it: validated (src/policy/), its schema files read
// once and compiled, its allow entries compiled for one clock and salt, and
// every reading limit settled. scan() takes this and nothing else from the
// policy; a worker thread resolves the same plain policy to the same result.

import { openAllowlist, type Allowlist } from './allow/allowlist.js'
import type { Policy } from './policy/types.js'
import { zipLimits, type ZipLimits } from './readers/package/limits.js'
import { MAX_KEYS_PER_TABLE } from './schema/keys.js'
import { prepareSchemas, readSchemaFiles, type PreparedSchemas } from './schema/load.js'

/** Every limit a scan reads within: the policy's `limits:` over the defaults. */
interface ScanLimits extends ZipLimits {
  /** Unique and primary key values kept per table (Table Schema checks). */
  maxKeysPerTable: number
}

export interface ResolvedPolicy {
  /**
   * The validated policy with the text of its schema files (`schemaFiles`):
   * plain data, what a worker thread receives and resolves again.
   */
  readonly policy: Policy
  /** Where the policy lives: its schema files were read and its allow entries are blamed there. */
  readonly root: string
  readonly schemas: PreparedSchemas
  /** The compiled allow entries, or undefined when the policy has none. */
  readonly allowlist: Allowlist | undefined
  readonly limits: ScanLimits
  /** The clock the allow entries expire by. */
  readonly now: Date
}

export interface ResolveOptions {
  /** The clock for allow entries' expiry (tests fix it). Default: now. */
  now?: Date
  /** The fingerprint salt when already known (a worker thread, a staged scan); else resolved from the policy or repository. */
  salt?: string
}

/**
 * Resolves a validated policy whose files live under `root`. A policy that
 * already carries its schema files (a pull request's trusted policy, read
 * from the base commit) is not read from the disk again.
 */
export async function resolvePolicy(policy: Policy, root: string, o: ResolveOptions = {}): Promise<ResolvedPolicy> {
  const snapshot: Policy = policy.schemaFiles ? policy : { ...policy, schemaFiles: await readSchemaFiles(policy, root) }
  const now = o.now ?? new Date()
  return {
    policy: snapshot,
    root,
    schemas: await prepareSchemas(snapshot, root),
    allowlist: await openAllowlist(snapshot, root, now, o.salt),
    limits: limitsOf(snapshot),
    now
  }
}

function limitsOf(policy: Policy): ScanLimits {
  const { maxKeysPerTable, ...zip } = policy.limits ?? {}
  return { ...zipLimits(zip), maxKeysPerTable: maxKeysPerTable ?? MAX_KEYS_PER_TABLE }
}
