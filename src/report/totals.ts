import type { Finding } from '../findings.js'
import type { FileEntry, FileStatus, Report } from './types.js'

/** A report's totals, counted from its files and findings (`allowed` only when the policy has an allowlist). */
export function totalsOf(files: readonly FileEntry[], findings: readonly Finding[], withAllowed: boolean): Report['totals'] {
  const status = (s: FileStatus): number => files.filter((f) => f.status === s).length
  return {
    files: files.length,
    scanned: status('scanned'),
    skipped: status('skipped'),
    unreadable: status('unreadable'),
    errors: findings.filter((f) => f.severity === 'error' && !f.allowed).length,
    warnings: findings.filter((f) => f.severity === 'warning' && !f.allowed).length,
    ...(withAllowed ? { allowed: findings.filter((f) => f.allowed).length } : {})
  }
}
