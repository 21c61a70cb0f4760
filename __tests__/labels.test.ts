// The safe-label check: which names read from inside a file may be shown.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { lit } from '../src/findings.js'
import { isSafeLabel, labelOf } from '../src/labels.js'
import { REPO } from './helpers/paths.js'

test.each([
  'SSN',
  'Full Name',
  'Date of Birth',
  'Region',
  'Total',
  '2019',
  '2019-2020',
  'FY2019',
  'Sheet1',
  'Los Angeles',
  'San Diego',
  'Travis County',
  'Unit Price',
  'Median Household Income',
  'xl/worksheets/sheet1.xml',
  'docProps/core.xml',
  'xl/embeddings/oleObject1.bin'
])('%s is shown', (label) => {
  expect(isSafeLabel(label)).toBe(true)
})

test.each([
  'Maria Garcia',
  'GARCIA, MARIA',
  'Dr. Maria Garcia',
  'Maria de la Cruz',
  'Notes on John Smith',
  'Maria_Garcia_123-45-6789.xlsx',
  'xl/embeddings/Maria Garcia.xlsx',
  '123-45-6789',
  'A123456789',
  'call (212) 555-0101',
  'ref 20230101123',
  'bob@example.org',
  'x'.repeat(61)
])('%s is withheld', (label) => {
  expect(isSafeLabel(label)).toBe(false)
})

test('labelOf gives the label, or the positional stand-in', () => {
  expect(labelOf('Staff\u001b', lit('#2'))).toBe('Staff?')
  expect(labelOf('Maria Garcia', lit('#2'))).toBe('#2')
  expect(labelOf(undefined, () => lit('part 7'))).toBe('part 7')
})

test('readers turn names from the file into text only through the safe-label check', () => {
  // policyText is for the policy author's words, repoText for paths and git metadata:
  // neither may carry a sheet, part or header name, so no reader may use them.
  const dir = join(REPO, 'src/readers')
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  expect(files.length).toBeGreaterThan(5)
  const misuse = files.filter((f) => /\b(policyText|repoText|placeName)\b/.test(readFileSync(join(dir, f), 'utf8')))
  expect(misuse).toEqual([])
})
