// A reader's structure and metadata findings, brought to the policy's levels
// in one place after the reader:
// - a hidden or very hidden sheet that holds any non-empty cell is at the
//   `hidden-sheets` level (default error); every other hidden-content
//   finding at `hidden-content` (default warning);
// - metadata without noise: every property or part that names a person
//   (author, last modified by, manager, comment authors, the folder it was
//   saved in) becomes one warning per file; ids, SharePoint content types,
//   company names and other custom properties are not reported (their values
//   go to the detectors like any text).

import { lit, safe, type Finding, type MetadataFinding, type SafeText } from '../findings.js'
import type { Level, Policy } from '../policy/types.js'

/** The level the reader is asked for: low enough that neither setting loses a finding. */
export function readerHiddenLevel(p: Pick<Policy, 'hiddenContent' | 'hiddenSheets'>): Level {
  return p.hiddenContent === 'off' && (p.hiddenSheets ?? 'error') === 'off' ? 'off' : 'warning'
}

const PERSON_PROPERTY =
  /(dc:creator|cp:lastModifiedBy|meta:initial-creator|meta:printed-by|userName|Manager|Owner|Author|_AuthorEmail|_AuthorEmailDisplayName)$/

export function applyStructureLevels(fs: readonly Finding[], p: Pick<Policy, 'hiddenContent' | 'hiddenSheets'>): Finding[] {
  const out: Finding[] = []
  const people: MetadataFinding[] = []
  for (const f of fs) {
    if (f.kind === 'structure/hidden-sheet') {
      const level = p.hiddenSheets ?? 'error'
      if (level !== 'off') out.push({ ...f, severity: level, rule: lit('hidden-sheets') })
    } else if (f.kind.startsWith('structure/') && f.rule === 'hidden-content') {
      if (p.hiddenContent !== 'off') out.push({ ...f, severity: p.hiddenContent })
    } else if (f.kind.startsWith('metadata/')) {
      const m = f as MetadataFinding
      if (namesPerson(m)) people.push(m)
    } else out.push(f)
  }
  if (people.length) out.push(personMetadata(people))
  return out
}

function namesPerson(m: MetadataFinding): boolean {
  if (m.kind === 'metadata/comment-author' || m.kind === 'metadata/person' || m.kind === 'metadata/local-path') return true
  return PERSON_PROPERTY.test(m.property)
}

/** One warning for the file: which properties and parts name people, never their values. */
function personMetadata(ms: MetadataFinding[]): MetadataFinding {
  const props = [...new Set(ms.map((m) => m.property))]
  const list = props.join(', ') as SafeText
  return {
    kind: 'metadata/author',
    severity: 'warning',
    rule: lit('metadata'),
    property: list,
    location: ms[0]!.location,
    message: safe`the file's metadata names people (${list}; values not shown): clear it before publishing (in Excel: File > Info > Check for Issues > Inspect Document; in LibreOffice: File > Properties, and delete comment authors)`
  }
}
