import type { DetectorId } from '../catalog.js'
import type { AllowEntry } from './allow-entry.js'

export type Level = 'off' | 'warning' | 'error'
export type { DetectorId }
export type DetectorLevels = Record<DetectorId, Level>

/** A Table Schema field (checked in full by src/schema; other properties pass through). */
interface FieldSpec {
  name: string
  type?: string
  format?: string
  constraints?: Record<string, unknown>
  [key: string]: unknown
}

/** A Table Schema in the policy: a path, a data package resource, or inline (see src/schema/load.ts). */
export type SchemaRef = string | { package: string; resource?: string } | { fields: FieldSpec[]; [key: string]: unknown }

interface SchemaChecks {
  extraColumn?: 'error' | 'warning'
  sheets?: 'default' | 'strict'
  order?: boolean
}

export interface DisclosureSpec {
  minCount?: number
  countColumns?: string[]
  allowZero: boolean
  suppressionMarkers: string[]
  quasiIdentifiers?: string[]
  k?: number
  /** Labels that name a margin besides Total, All, Grand total... */
  marginLabels?: string[]
  /** Find count columns by header and content when count-columns is absent. */
  detectCountColumns: boolean
}

export interface Dataset {
  name: string
  files: string[]
  columns?: { allow?: string[]; deny?: string[] }
  fields?: FieldSpec[]
  schema?: SchemaRef
  sheets?: Record<string, SchemaRef>
  schemaChecks?: SchemaChecks
  detectors: DetectorLevels
  disclosure?: DisclosureSpec
  aggregate: boolean
}

/** The policy after validation and defaults: what scan() works from. */
export interface Policy {
  /** Path it was read from; null for the built-in default. */
  source: string | null
  files: string[]
  ignore: string[]
  detectors: DetectorLevels
  hiddenContent: Level
  /** A hidden or very hidden sheet holding data (default error). */
  hiddenSheets?: Level
  /** Workbook reading limits set in the policy (the rest are the defaults). */
  limits?: {
    maxTotalUncompressed?: number
    maxRatio?: number
    maxEntries?: number
    maxEmbeddingDepth?: number
    maxCellsPerSheet?: number
    /** Unique and primary key values kept per table (Table Schema checks); lower only, to bound memory. */
    maxKeysPerTable?: number
  }
  salt?: string
  datasets: Dataset[]
  /** Accepted findings, each with a reason (src/allow/). */
  allow?: AllowEntry[]
  /** Findings already on the base branch still block (default true). */
  failOnExisting?: boolean
  /**
   * The schema and data package files the policy names, as read once (in a
   * pull request, from its base commit): path -> text. Loading the schemas
   * (and every worker thread) reads these, never the disk again.
   */
  schemaFiles?: Record<string, string>
}
