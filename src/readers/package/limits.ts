// Limits that make a hostile package cheap to refuse. Each is a named
// constant; a caller (the scan, a test) may pass tighter or looser ones.

/**
 * Total bytes all entries of one package may inflate to, and no more than
 * MAX_RATIO times the file's size on disk (plus RATIO_CHECK_FROM_BYTES).
 * Every byte is read, so this bounds the time as well as the memory.
 */
const MAX_TOTAL_UNCOMPRESSED = 512 * 1024 * 1024
/** An entry larger than this must not be compressed more than MAX_RATIO:1. */
const RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024
const MAX_RATIO = 100
/** Entries in one package (a real workbook has tens, a big one a few thousand). */
const MAX_ENTRIES = 20_000
/** Workbooks inside workbooks: the outer file is depth 0. */
const MAX_EMBEDDING_DEPTH = 3
/** Cells (non-empty) in one sheet. Excel's grid allows more; no published table needs it. */
const MAX_CELLS_PER_SHEET = 50_000_000
/**
 * Cells that ODS repeats (`number-rows-repeated`, `number-columns-repeated`)
 * may add to a package beyond the cells written out. Each copy is scanned,
 * so this bounds the work a small file can ask for; real files repeat empty
 * cells, which cost nothing.
 */
const MAX_REPEATED_CELLS = 2_000_000
/**
 * Cells with content one package may hold, all sheets and caches together:
 * CELLS_PER_BYTE for each byte of the file on disk, and at least
 * MIN_CELL_BUDGET; each row also costs GAP_COST for each of its places
 * (a row is as wide as its last cell). Every cell goes through every detector, so this is what
 * bounds the time of a scan; a real workbook compresses to several bytes a
 * cell, far below it.
 */
export const CELLS_PER_BYTE = 0.4
/** An empty place inside a row (a gap before a far column) costs this fraction of a cell. */
export const GAP_COST = 1 / 16

/** Cells with content a package may still add. */
export interface CellBudget {
  left: number
  readonly limit: number
}
export const MIN_CELL_BUDGET = 2_000_000
/** Parts read whole into memory (shared strings, styles, caches' shared items) are capped. */
export const MAX_IN_MEMORY_PART = 256 * 1024 * 1024
/**
 * Bytes of the parts read by the general XML parser (everything but sheet
 * data, shared strings, pivot records and an ODS's content.xml), for the
 * whole package: it reads about a tenth as fast as the sheet reader.
 */
export const MAX_GENERAL_XML = 32 * 1024 * 1024
/** One XML tag (with its attributes) longer than this is not a spreadsheet. */
export const MAX_TAG_CHARS = 1024 * 1024

export interface ZipLimits {
  maxTotalUncompressed: number
  ratioCheckFromBytes: number
  maxRatio: number
  maxEntries: number
  maxEmbeddingDepth: number
  maxCellsPerSheet: number
  maxRepeatedCells: number
}

const DEFAULT_LIMITS: ZipLimits = {
  maxTotalUncompressed: MAX_TOTAL_UNCOMPRESSED,
  ratioCheckFromBytes: RATIO_CHECK_FROM_BYTES,
  maxRatio: MAX_RATIO,
  maxEntries: MAX_ENTRIES,
  maxEmbeddingDepth: MAX_EMBEDDING_DEPTH,
  maxCellsPerSheet: MAX_CELLS_PER_SHEET,
  maxRepeatedCells: MAX_REPEATED_CELLS
}

/** The default limits with the ones given (a policy's, a test's) in their place. */
export function zipLimits(given: Partial<ZipLimits> | undefined): ZipLimits {
  const l: ZipLimits = { ...DEFAULT_LIMITS }
  for (const [k, v] of Object.entries(given ?? {}) as Array<[keyof ZipLimits, number | undefined]>) if (v !== undefined) l[k] = v
  return l
}
