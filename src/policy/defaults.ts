import { DETECTOR_IDS } from '../catalog.js'
import type { DetectorLevels, Policy } from './types.js'

export const DEFAULT_POLICY_PATH = '.github/publish-guard.yml'

/** Records and pages that can hold tables (a file with no table in it passes). */
export const RECORD_AND_PAGE_FILES = '**/*.{json,geojson,ndjson,jsonl,yml,yaml,toml,md,markdown,html,htm,liquid,njk,hbs,handlebars}'

/**
 * Spreadsheet and delimited-text names publish-guard reads, or reports as
 * unreadable: one list for the repository walk (src/policy/match.ts) and
 * for the files inside an archive (src/readers/archive.ts).
 */
export const TABLE_EXTENSIONS = ['csv', 'tsv', 'tab', 'psv', 'xlsx', 'xlsm', 'xltx', 'xltm', 'xlsb', 'xls', 'ods', 'fods'] as const
/** Archives read inside (a `.gz` is read inside too, whatever it holds). */
export const ARCHIVE_EXTENSIONS = ['zip', 'tar', 'tgz'] as const
/** Archive formats publish-guard does not open: unreadable, so they block. */
export const UNOPENED_ARCHIVE_EXTENSIONS = ['7z', 'rar', 'bz2', 'tbz', 'tbz2', 'xz', 'txz', 'zst', 'lz', 'lzma'] as const

export const DEFAULT_FILES = ['**/*.{csv,tsv,xlsx,xlsm,ods,xls}', RECORD_AND_PAGE_FILES]

/**
 * The repository's own configuration (workflows, this policy, issue
 * templates): records and pages there are not published data, so they are
 * not scanned unless the policy's `files` name them. Tables there (CSV,
 * workbooks) still are.
 */
export const CONFIGURATION_FOLDERS = ['.github/**']

/** Never walked into: not the user's published data. */
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**']

export const DEFAULT_SUPPRESSION_MARKERS = ['*', 's', 'S', '(D)', '—', '-', '<10', '<5', '<3', 'x', 'X', '..']

export function allDetectors(level: 'error' | 'warning' = 'error'): DetectorLevels {
  const levels = Object.fromEntries(DETECTOR_IDS.map((id) => [id, level])) as DetectorLevels
  // Nationality alone is an aggregate dimension (counts by country): it only
  // informs, and contributes to person-record findings.
  levels.nationality = 'warning'
  return levels
}

export function builtInPolicy(): Policy {
  return {
    source: null,
    files: DEFAULT_FILES,
    ignore: [],
    detectors: allDetectors(),
    hiddenContent: 'warning',
    hiddenSheets: 'error',
    datasets: []
  }
}
