// An allowlist entry as the policy states it (after validation).

export interface AllowEntry {
  /** 0-based position in the policy's `allow:` list. */
  index: number
  /** Column headers (compared case-insensitively, whitespace collapsed). */
  columns?: string[]
  /** Globs of repository-relative paths. */
  files?: string[]
  /** Finding kinds, or globs of kinds (`pii/*`). */
  kinds?: string[]
  /** `pg1:` fingerprint of one value. */
  fingerprint?: string
  reason: string
  /** YYYY-MM-DD: the entry allows through the end of this day (UTC). */
  expires?: string
  /** Lines of the entry in the policy file (1-based), for blame and messages. */
  line?: number
  endLine?: number
}
