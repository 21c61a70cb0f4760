// The scan's result: the one object every renderer (text, JSON, SARIF,
// Markdown, annotations) works from. Versioned: see docs/report.md.

import type { Finding, SafeText, Severity } from '../findings.js'

export const REPORT_SCHEMA_VERSION = 1

export type FileStatus = 'scanned' | 'skipped' | 'unreadable'

export interface FileEntry {
  /** Path as shown to the user (repository-relative, POSIX separators). */
  path: string
  status: FileStatus
  /** Why skipped or unreadable. */
  reason?: SafeText
  format?: string
  dataset?: SafeText
  tables?: number
  rows?: number
  /** Workbooks: every sheet that holds cells, in workbook order, with its state and size. */
  sheets?: SheetEntry[]
  /** Parts that can hold text and were not read. */
  notInspected?: SafeText[]
  errors: number
  warnings: number
  /** `scan --history`: the blob this entry is, where and when it entered the history. */
  history?: HistoryEntry
  /** In a shard's report: the file's position in the unsharded scan (`merge` restores the order with it). */
  seq?: number
}

interface HistoryEntry {
  blob: string
  /** The first commit that added this blob. */
  commit: string
  /** Every path it was committed at. */
  paths: string[]
  /** Still in the scanned branch's tree (false: only in its history). */
  inTree: boolean
}

export interface SheetEntry {
  /** The sheet's label as the reader reports it (a safe label). */
  name: SafeText
  state: 'visible' | 'hidden' | 'very hidden'
  /** Data rows read (the header row not counted). */
  rows: number
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  tool: { name: 'publish-guard'; version: string }
  policy: { source: string | null; builtIn: boolean }
  failOn: Severity
  /** True when anything at or above failOn was found: publication must stop. */
  blocked: boolean
  totals: {
    files: number
    scanned: number
    skipped: number
    unreadable: number
    errors: number
    warnings: number
    /** Findings accepted by the policy's allowlist (not in errors/warnings). */
    allowed?: number
    /** In a pull request (src/baseline/novelty.ts): findings it introduced / already on the base branch. */
    new?: number
    existing?: number
  }
  /** In a pull request compared with its base branch: whether findings already there block (policy `fail-on-existing`). */
  failOnExisting?: boolean
  files: FileEntry[]
  findings: Finding[]
  /** Audit trail: every `allow:` entry, its status, use, expiry and last change. */
  allowlist?: AllowAuditEntry[]
  /** `scan --history`: which history was scanned. */
  history?: { branch: string; head: string; since?: string }
  /** A shard's report (`--shard I/N`): `publish-guard merge` joins the N of them. */
  shard?: { index: number; count: number }
}

/** The allowlist's audit trail, one entry per `allow:` entry (built by src/allow/). */
export type AllowStatus = 'used' | 'expired' | 'stale' | 'out-of-scope'

/** One allowlist entry in the JSON report (docs/allowlist.md). Never a value: a fingerprint at most. */
export interface AllowAuditEntry {
  /** 1-based position in `allow:`. */
  entry: number
  /** Line of the entry in the policy file. */
  line?: number
  reason: SafeText
  expires?: SafeText
  columns?: SafeText[]
  files?: SafeText[]
  kinds?: SafeText[]
  fingerprint?: string
  /** used: allowed something; expired: past `expires` (its findings block); stale: in scope, matched nothing; out-of-scope: none of its files was scanned. */
  status: AllowStatus
  /** Findings it allowed (or, expired, would have allowed). */
  findings: number
  /** Cells it allowed by fingerprint. */
  cells: number
  /** Who last changed the entry's lines (git blame), when known. */
  lastChanged?: { commit: string; author: SafeText; date: string } | { uncommitted: true }
}
