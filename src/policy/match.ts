import picomatch from 'picomatch'
import {
  ALWAYS_IGNORED,
  ARCHIVE_EXTENSIONS,
  CONFIGURATION_FOLDERS,
  DEFAULT_FILES,
  RECORD_AND_PAGE_FILES,
  TABLE_EXTENSIONS,
  UNOPENED_ARCHIVE_EXTENSIONS
} from './defaults.js'
import type { Dataset, Policy } from './types.js'

export type FileDecision =
  | {
      scan: true
      dataset: Dataset | null
      /** Named like plain text (.txt, .dat, no extension): scanned only when its content is a table. */
      sniff?: true
    }
  | { scan: false; reason: 'ignored by policy' | 'not matched by policy files' }

/**
 * Names that say "table" whatever the policy's `files`: the default globs
 * plus every spreadsheet, delimited-text and archive name publish-guard reads
 * or reports as unreadable, compressed or not.
 */
const TABLE_NAMES = [
  ...DEFAULT_FILES,
  `**/*.{${[...TABLE_EXTENSIONS, ...ARCHIVE_EXTENSIONS].join(',')}}`,
  `**/*.{${[...TABLE_EXTENSIONS, 'zip', 'tar'].join(',')}}.gz`,
  // Archives publish-guard does not open: listed, and unreadable (they block).
  `**/*.{${UNOPENED_ARCHIVE_EXTENSIONS.join(',')}}`,
  `${RECORD_AND_PAGE_FILES}.gz`
]
/** Records and pages, compressed or not (a `.json.gz` is read inside, as a `.json` is). */
const RECORDS_AND_PAGES = [RECORD_AND_PAGE_FILES, `${RECORD_AND_PAGE_FILES}.gz`]
/** Names that may be a table or not: the content decides (src/readers/sniff.ts). */
const MAYBE_TABLE_NAMES = ['**/*.{txt,dat}', '**/*.{txt,dat}.gz', '**/*.gz']

/** Globs match case-insensitively: `STAFF.CSV` is a CSV file, `Data/` is `data/`. */
const GLOB = { dot: true, nocase: true }

const noExtension = (relPath: string): boolean => !/\.[^/.]*$/.test(relPath.replace(/(^|\/)\.+/g, '$1'))

/** Is this path a table, or possibly one, by its name alone? */
function tableByName(): (relPath: string) => 'table' | 'maybe' | null {
  const table = picomatch(TABLE_NAMES, GLOB)
  const maybe = picomatch(MAYBE_TABLE_NAMES, GLOB)
  const recordOrPage = picomatch(RECORDS_AND_PAGES, GLOB)
  const configuration = picomatch(CONFIGURATION_FOLDERS, GLOB)
  return (p) => {
    if (configuration(p) && recordOrPage(p)) return null
    return table(p) ? 'table' : maybe(p) || noExtension(p) ? 'maybe' : null
  }
}

/**
 * Whether a file found in a folder, the index or a history belongs in the
 * report: the policy scans it, or it is named like a table (then an ignored
 * one is listed as skipped), so that the report names every table found.
 */
export function reportedFiles(decide: (relPath: string) => FileDecision): (relPath: string) => boolean {
  const byName = tableByName()
  return (p) => decide(p).scan || byName(p) === 'table'
}

/**
 * Decides, for a repository-relative POSIX path, whether and how to scan it.
 * `files` and the datasets' globs choose which dataset rules apply; they never
 * exempt a table from personal-data detection: every file named like a table
 * is scanned (with the top-level detectors) unless `ignore` names it.
 */
export function fileMatcher(policy: Policy): (relPath: string) => FileDecision {
  const ignored = picomatch([...ALWAYS_IGNORED, ...policy.ignore], GLOB)
  const datasets = policy.datasets.map((d) => ({ d, match: picomatch(d.files, GLOB) }))
  const top = picomatch(policy.files, GLOB)
  const byName = tableByName()
  const recordOrPage = picomatch(RECORDS_AND_PAGES, GLOB)
  const configuration = picomatch(CONFIGURATION_FOLDERS, GLOB)
  return (relPath) => {
    if (ignored(relPath)) return { scan: false, reason: 'ignored by policy' }
    const hit = datasets.find((x) => x.match(relPath))
    if (hit) return { scan: true, dataset: hit.d }
    // Workflows and this policy are configuration, not published records (a dataset may still name them).
    if (configuration(relPath) && recordOrPage(relPath)) return { scan: false, reason: 'not matched by policy files' }
    if (top(relPath)) return { scan: true, dataset: null }
    const named = byName(relPath)
    if (named === 'table') return { scan: true, dataset: null }
    if (named === 'maybe') return { scan: true, dataset: null, sniff: true }
    return { scan: false, reason: 'not matched by policy files' }
  }
}
