import { access } from 'node:fs/promises'
import { resolve } from 'node:path'
import { builtInPolicy, DEFAULT_POLICY_PATH } from './defaults.js'
import { loadPolicyFile } from './load.js'
import type { Policy } from './types.js'

export type { Policy } from './types.js'
export { DEFAULT_POLICY_PATH } from './defaults.js'

/**
 * The policy to scan with. An explicit path must exist (a typo must not fall
 * back to the defaults); without one, the default path is used when present,
 * else the built-in default policy.
 */
export async function findPolicy(explicit: string | undefined, root: string): Promise<Policy> {
  if (explicit) return loadPolicyFile(resolve(root, explicit)).then((p) => ({ ...p, source: explicit }))
  const defaultPath = resolve(root, DEFAULT_POLICY_PATH)
  const exists = await access(defaultPath).then(
    () => true,
    () => false
  )
  if (!exists) return builtInPolicy()
  return loadPolicyFile(defaultPath).then((p) => ({ ...p, source: DEFAULT_POLICY_PATH }))
}
