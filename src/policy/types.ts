import type { DETECTOR_IDS } from './schema.js'

export type Level = 'off' | 'warning' | 'error'
export type DetectorId = (typeof DETECTOR_IDS)[number]
export type DetectorLevels = Record<DetectorId, Level>

/** A Table Schema field (the subset the foundation checks; see rules/fields.ts). */
export interface FieldSpec {
  name: string
  type?: string
  format?: string
  constraints?: Record<string, unknown>
}

export interface DisclosureSpec {
  minCount?: number
  countColumns?: string[]
  allowZero: boolean
  suppressionMarkers: string[]
  quasiIdentifiers?: string[]
  k?: number
}

export interface Dataset {
  name: string
  files: string[]
  columns?: { allow?: string[]; deny?: string[] }
  fields?: FieldSpec[]
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
  /** Workbook reading limits set in the policy (the rest are the defaults). */
  limits?: {
    maxTotalUncompressed?: number
    maxRatio?: number
    maxEntries?: number
    maxEmbeddingDepth?: number
    maxCellsPerSheet?: number
  }
  salt?: string
  datasets: Dataset[]
}
