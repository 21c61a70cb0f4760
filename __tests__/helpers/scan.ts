// Tests build a policy as plain data (parsePolicy, builtInPolicy) and scan
// with it: this resolves it first, as the CLI and the Action do.

import type { Policy } from '../../src/policy/types.js'
import { resolvePolicy, type ResolveOptions } from '../../src/resolve.js'
import { scan, type ScanOptions } from '../../src/scan.js'
import type { Report } from '../../src/report/types.js'

export type PolicyScanOptions = Omit<ScanOptions, 'policy'> &
  ResolveOptions & {
    policy: Policy
    /** Where the policy's files are, when not `root` (or the working directory). */
    policyRoot?: string
  }

export async function scanWithPolicy(o: PolicyScanOptions): Promise<Report> {
  const { policy, policyRoot, now, salt, ...rest } = o
  const at = policyRoot ?? o.root ?? process.cwd()
  const resolved = await resolvePolicy(policy, at, { ...(now ? { now } : {}), ...(salt ? { salt } : {}) })
  return scan({ ...rest, policy: resolved })
}
