// SARIF 2.1.0 for code scanning: one rule per kind, one result per finding,
// CSV places as line regions, workbook cells as logical locations.

import { KINDS } from '../catalog.js'
import { formatPlace, type Location } from '../findings.js'
import { placesOf } from './text.js'
import { jsonSafe } from './escape.js'
import type { Report } from './types.js'

/** Where a rule's help links to: the docs of the repository's default branch. */
const DOCS_URL = 'https://github.com/publish-guard/publish-guard/blob/main/docs'

/** GitHub code scanning accepts at most this many results per run. */
const SARIF_MAX_RESULTS = 25_000
/** Related places per result (the JSON report has them all). */
const MAX_RELATED = 20

interface SarifLocation {
  id?: number
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } }
  logicalLocations?: Array<{ fullyQualifiedName: string; kind: string }>
  message?: { text: string }
}

export function renderSarif(r: Report): string {
  const kinds = [...new Set(r.findings.map((f) => f.kind))].sort()
  const ruleIndex = new Map(kinds.map((k, i) => [k, i]))
  const findings = r.findings.slice(0, SARIF_MAX_RESULTS)
  const results = findings.map((f) => {
    const places = placesOf(f)
    return {
      ruleId: f.kind,
      ruleIndex: ruleIndex.get(f.kind),
      level: f.severity,
      message: { text: f.message },
      locations: [sarifLocation(f.location)],
      ...(places.length > 1
        ? {
            relatedLocations: places
              .slice(0, MAX_RELATED)
              .map((l, i) => ({ ...sarifLocation(l), id: i + 1, message: { text: formatPlace(l) } }))
          }
        : {}),
      ...(f.allowed ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.allowed.reason }] } : {}),
      properties: { count: 'count' in f ? f.count : undefined, ...(f.novelty ? { novelty: f.novelty } : {}) }
    }
  })
  const run = {
    tool: {
      driver: {
        name: 'publish-guard',
        version: r.tool.version,
        informationUri: 'https://github.com/publish-guard/publish-guard',
        rules: kinds.map((k) => {
          const info = KINDS[k]
          return {
            id: k,
            name: k.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
            shortDescription: { text: sentence(info.title) },
            fullDescription: { text: info.description },
            help: { text: info.remedy },
            helpUri: `${DOCS_URL}/${info.more}`,
            defaultConfiguration: { level: info.severity }
          }
        })
      }
    },
    results,
    ...(r.findings.length > SARIF_MAX_RESULTS
      ? {
          invocations: [
            {
              executionSuccessful: true,
              toolExecutionNotifications: [
                {
                  level: 'warning',
                  message: { text: `${r.findings.length - SARIF_MAX_RESULTS} more findings are in the JSON report (SARIF upload limit)` }
                }
              ]
            }
          ]
        }
      : {})
  }
  return (
    jsonSafe(JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, null, 2)) + '\n'
  )
}

function sarifLocation(l: Location): SarifLocation {
  const loc: SarifLocation = { physicalLocation: { artifactLocation: { uri: encodeURI(l.file) } } }
  if (l.line !== undefined) loc.physicalLocation.region = { startLine: l.line }
  if (l.cell !== undefined || l.sheet !== undefined || l.part !== undefined || l.pointer !== undefined) {
    loc.logicalLocations = [{ fullyQualifiedName: formatPlace({ ...l, header: undefined }), kind: 'element' }]
  }
  return loc
}

/** `names` -> `Names`. */
function sentence(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1)
}
