// The catalog of finding kinds: one closed list. Every kind a scan can emit
// is here, with plain words for a reviewer, what it means, its default
// severity, what to do, and where the docs say more. The SARIF rules, the
// annotation titles, the reviewer's overview and the kinds table of
// docs/findings.md are all made from it (a test keeps the docs in step).
//
// The detector ids, which the policy's `detectors:` keys and the detectors
// themselves share, live here too: the lowest module both can import.

/** Detector ids: keys of the policy's `detectors:` map, one per personal-data kind. */
export const DETECTOR_IDS = [
  'person-name',
  'date-of-birth',
  'a-number',
  'ssn',
  'itin',
  'email',
  'phone',
  'nationality',
  'person-record'
] as const

export type DetectorId = (typeof DETECTOR_IDS)[number]

/** Table Schema constraints checked cell by cell: `schema/constraint/<name>`. */
const CONSTRAINTS = [
  'required',
  'unique',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum'
] as const

export type ConstraintName = (typeof CONSTRAINTS)[number]

export interface KindInfo {
  /** Plain words for a list of them: `names`, `a hidden sheet with data`. */
  title: string
  /** One of them, where it differs: `name`. */
  one?: string
  /** What the finding means, in one or two sentences. */
  description: string
  /** The severity it has unless the policy sets another. */
  severity: 'error' | 'warning'
  /** What to do about it. */
  remedy: string
  /** The docs page (and section) that says more, relative to docs/. */
  more: string
}

const REMOVE =
  'Remove the column or the rows, or publish aggregates instead; if the data is meant to be public, allow it in the policy with a reason.'
const UNHIDE = 'Delete what is hidden (or unhide it and check it) before publishing; hidden is not removed.'

const catalog = {
  'pii/person-name': {
    title: 'names',
    one: 'name',
    description: 'A column (or a header row) of people’s names, judged by its values: name words, name shapes, and the header as a hint.',
    severity: 'error',
    remedy: REMOVE,
    more: 'detectors.md#person-names-person-name'
  },
  'pii/date-of-birth': {
    title: 'dates of birth',
    one: 'date of birth',
    description:
      'A column of dates whose values and header make them birth dates (ages up to 150 under a birth header), or birth year, month and day columns side by side.',
    severity: 'error',
    remedy: REMOVE,
    more: 'detectors.md#dates-of-birth-date-of-birth'
  },
  'pii/a-number': {
    title: 'A-numbers',
    one: 'A-number',
    description: 'US alien registration numbers, in a column or inside free text.',
    severity: 'error',
    remedy: REMOVE,
    more: 'detectors.md#identifiers-and-contacts'
  },
  'pii/ssn': {
    title: 'Social Security numbers',
    one: 'Social Security number',
    description: 'US Social Security numbers in an issued range, in a column or inside free text.',
    severity: 'error',
    remedy: REMOVE,
    more: 'detectors.md#identifiers-and-contacts'
  },
  'pii/itin': {
    title: 'ITINs',
    one: 'ITIN',
    description: 'US individual taxpayer identification numbers.',
    severity: 'error',
    remedy: REMOVE,
    more: 'detectors.md#identifiers-and-contacts'
  },
  'pii/email': {
    title: 'email addresses',
    one: 'email address',
    description: 'Personal email addresses (placeholder domains and role mailboxes such as press@ do not count).',
    severity: 'error',
    remedy: REMOVE,
    more: 'detectors.md#identifiers-and-contacts'
  },
  'pii/phone': {
    title: 'phone numbers',
    one: 'phone number',
    description: 'Phone numbers, in a column or inside free text (digits inside links and paths do not count).',
    severity: 'error',
    remedy: REMOVE,
    more: 'detectors.md#identifiers-and-contacts'
  },
  'pii/nationality': {
    title: 'nationalities',
    one: 'nationality',
    description: 'A column of countries of citizenship or nationalities next to data about people.',
    severity: 'warning',
    remedy: 'Check that the column does not single people out; aggregate it or allow it in the policy.',
    more: 'detectors.md#nationality-nationality'
  },
  'pii/person-record': {
    title: 'records about people',
    one: 'record about a person',
    description:
      'Rows that hold a person’s name next to other personal data (a date of birth, an identifier, an address, an age...): a list of people.',
    severity: 'error',
    remedy: REMOVE,
    more: 'detectors.md#person-records-person-record'
  },

  'policy/column-not-allowed': {
    title: 'a column the policy does not allow',
    description:
      'The dataset lists the columns it may publish (`columns.allow` or `fields`), and this column is not one of them: the “one column too many” leak.',
    severity: 'error',
    remedy: 'Remove the column, or add it to the dataset’s `columns.allow` or `fields` if it is meant to be published.',
    more: 'schema.md'
  },
  'policy/column-denied': {
    title: 'a column the policy denies',
    description: 'The dataset names this column in `columns.deny`.',
    severity: 'error',
    remedy: 'Remove the column.',
    more: 'schema.md'
  },
  'policy/missing-column': {
    title: 'a missing column',
    description: 'A column the dataset requires is not in the table.',
    severity: 'error',
    remedy: 'Add the column, or change the dataset in the policy.',
    more: 'schema.md'
  },
  'policy/type-mismatch': {
    title: 'values of the wrong type',
    description: 'Cells that are not of the type the dataset declares for their column.',
    severity: 'error',
    remedy: 'Fix the cells, or the declared type.',
    more: 'schema.md'
  },
  'policy/changed': {
    title: 'a change to the policy',
    description:
      'The pull request changes the policy file or a schema file it names; it was checked with the base branch’s policy, and the new one applies after the merge.',
    severity: 'error',
    remedy: 'Have the policy’s owners review the change (CODEOWNERS), then merge it in a pull request of its own.',
    more: 'action.md#the-policy-comes-from-the-base-branch'
  },

  'schema/no-header': {
    title: 'a table without a header row',
    description: 'The schema expects a header row and the table has none.',
    severity: 'error',
    remedy: 'Add the header row the schema declares.',
    more: 'schema.md#header-checks'
  },
  'schema/blank-header': {
    title: 'a blank header',
    description: 'A column with data has an empty header cell.',
    severity: 'error',
    remedy: 'Name the column (and declare it), or remove it.',
    more: 'schema.md#header-checks'
  },
  'schema/duplicate-header': {
    title: 'a repeated header',
    description: 'Two columns have the same header.',
    severity: 'error',
    remedy: 'Give each column its own name.',
    more: 'schema.md#header-checks'
  },
  'schema/extra-column': {
    title: 'a column the schema does not declare',
    description: 'A column the Table Schema does not declare: the “one column too many” leak.',
    severity: 'error',
    remedy: 'Remove the column, or declare it in the schema if it is meant to be published.',
    more: 'schema.md#header-checks'
  },
  'schema/missing-column': {
    title: 'a column the schema declares but the table lacks',
    description: 'A field of the schema has no column in the table.',
    severity: 'error',
    remedy: 'Add the column, or remove the field from the schema.',
    more: 'schema.md#header-checks'
  },
  'schema/header-order': {
    title: 'columns out of order',
    description: 'The columns are not in the schema’s order (checked when `schema-checks.order` is on).',
    severity: 'error',
    remedy: 'Reorder the columns, or turn the order check off.',
    more: 'schema.md#options-schema-checks'
  },
  'schema/unlisted-sheet': {
    title: 'a sheet the schema does not list',
    description: 'With `schema-checks.sheets: strict`, a sheet that no schema covers.',
    severity: 'error',
    remedy: 'Remove the sheet, or give it a schema.',
    more: 'schema.md#sheets'
  },
  'schema/no-resource': {
    title: 'a file the data package does not describe',
    description: 'The dataset’s data package has no resource for this file.',
    severity: 'error',
    remedy: 'Add a resource for the file to the data package.',
    more: 'schema.md#where-the-schema-comes-from'
  },
  'schema/type': {
    title: 'cells not of their type',
    description: 'Cells that do not parse as their field’s type (integer, date...).',
    severity: 'error',
    remedy: 'Fix the cells, or the field’s type.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/required': {
    title: 'empty required cells',
    description: 'Empty cells in a field the schema marks required.',
    severity: 'error',
    remedy: 'Fill the cells, or drop the constraint.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/unique': {
    title: 'repeated values in a unique column',
    description: 'Values that repeat in a field the schema marks unique.',
    severity: 'error',
    remedy: 'Fix the repeated values, or drop the constraint.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/minimum': {
    title: 'values below the minimum',
    description: 'Values below the field’s `minimum`.',
    severity: 'error',
    remedy: 'Fix the values, or the constraint.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/exclusiveMinimum': {
    title: 'values at or below the exclusive minimum',
    description: 'Values at or below the field’s `exclusiveMinimum`.',
    severity: 'error',
    remedy: 'Fix the values, or the constraint.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/maximum': {
    title: 'values above the maximum',
    description: 'Values above the field’s `maximum`.',
    severity: 'error',
    remedy: 'Fix the values, or the constraint.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/exclusiveMaximum': {
    title: 'values at or above the exclusive maximum',
    description: 'Values at or above the field’s `exclusiveMaximum`.',
    severity: 'error',
    remedy: 'Fix the values, or the constraint.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/minLength': {
    title: 'values shorter than allowed',
    description: 'Values shorter than the field’s `minLength`.',
    severity: 'error',
    remedy: 'Fix the values, or the constraint.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/maxLength': {
    title: 'values longer than allowed',
    description: 'Values longer than the field’s `maxLength`: free text where a code was expected.',
    severity: 'error',
    remedy: 'Fix the values, or the constraint.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/pattern': {
    title: 'values that do not match the pattern',
    description: 'Values that do not match the field’s `pattern` (a whole-value, linear-time regular expression).',
    severity: 'error',
    remedy: 'Fix the values, or the pattern.',
    more: 'schema.md#cell-checks'
  },
  'schema/constraint/enum': {
    title: 'values outside the allowed list',
    description: 'Values that are not in the field’s `enum`.',
    severity: 'error',
    remedy: 'Fix the values, or the list.',
    more: 'schema.md#cell-checks'
  },
  'schema/primary-key': {
    title: 'repeated or empty primary keys',
    description: 'Rows whose primary key repeats an earlier row’s, or is empty.',
    severity: 'error',
    remedy: 'Fix the keys, or the schema’s `primaryKey`.',
    more: 'schema.md#keys-with-bounded-memory'
  },
  'schema/foreign-key': {
    title: 'references to rows that do not exist',
    description: 'Values of a foreign key that the referenced table does not hold.',
    severity: 'error',
    remedy: 'Fix the values, or the referenced table.',
    more: 'schema.md#foreign-keys'
  },
  'schema/foreign-key-not-checked': {
    title: 'a foreign key that could not be checked',
    description: 'The table a foreign key refers to was not part of the scan, or could not be read.',
    severity: 'warning',
    remedy: 'Scan the referenced table together with this one.',
    more: 'schema.md#foreign-keys'
  },
  'schema/key-limit': {
    title: 'keys past the limit',
    description: 'The table has more key values than the scan keeps; the keys past the limit were not compared.',
    severity: 'error',
    remedy: 'Split the table, or check its keys with another tool before publishing.',
    more: 'schema.md#keys-with-bounded-memory'
  },

  'file/unreadable': {
    title: 'could not be read',
    description:
      'The file (or a part of it) could not be read to the end, so nothing in it can be cleared: an unsupported or damaged format, an encrypted workbook, a zip bomb, a limit reached, a link out of the repository.',
    severity: 'error',
    remedy: 'The finding’s reason says what to do: usually save the file as CSV or .xlsx again.',
    more: 'workbooks.md#fail-closed'
  },
  'file/not-inspected': {
    title: 'a part not inspected',
    description: 'A part of a workbook that can hold text and was not read.',
    severity: 'error',
    remedy: 'Remove the part (or export the sheets you mean to publish to a new file).',
    more: 'workbooks.md#fail-closed'
  },
  'file/malformed': {
    title: 'a malformed table',
    description: 'A table that no delimiter explains, or a quote that swallows the rows after it: the rows cannot be told apart.',
    severity: 'error',
    remedy: 'Fix the quoting or the delimiter at the line given, then scan again.',
    more: 'workbooks.md#fail-closed'
  },
  'file/ragged-rows': {
    title: 'rows of uneven length',
    description: 'Rows with more or fewer cells than the header.',
    severity: 'warning',
    remedy: 'Check the rows: a cell too many may be a column nobody meant to publish.',
    more: 'workbooks.md#fail-closed'
  },
  'file/hidden-sheet': {
    title: 'a hidden sheet',
    description: 'A hidden or very hidden sheet, empty.',
    severity: 'warning',
    remedy: UNHIDE,
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },

  'structure/hidden-sheet': {
    title: 'a hidden sheet with data',
    description: 'A hidden or very hidden sheet that holds data: the ICE leak of 2022.',
    severity: 'error',
    remedy: UNHIDE,
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/hidden-rows': {
    title: 'hidden rows with data',
    description: 'Rows hidden in a sheet that hold data.',
    severity: 'warning',
    remedy: UNHIDE,
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/filtered-rows': {
    title: 'filtered-out rows with data',
    description: 'Rows a filter hides, which the file still holds.',
    severity: 'warning',
    remedy: UNHIDE,
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/hidden-columns': {
    title: 'hidden columns with data',
    description: 'Columns hidden in a sheet that hold data.',
    severity: 'warning',
    remedy: UNHIDE,
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/cosmetic-hiding': {
    title: 'cells hidden by formatting',
    description: 'Cells made invisible by their format (white text, `;;;`).',
    severity: 'warning',
    remedy: UNHIDE,
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/comments': {
    title: 'comments',
    description: 'Cell comments and notes, which travel with the file.',
    severity: 'warning',
    remedy: 'Delete the comments before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/pivot-cache': {
    title: 'a pivot cache',
    description: 'The records a pivot table summarises, kept in the file behind the summary.',
    severity: 'warning',
    remedy: 'Paste the pivot table as values and delete the pivot (and its cache) before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/orphan-shared-strings': {
    title: 'deleted cell text still in the file',
    description: 'Text no cell uses any more, still stored in the workbook.',
    severity: 'warning',
    remedy: 'Save the workbook as a new file (or export the sheets) so the old text is dropped.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/external-link-cache': {
    title: 'a cached copy of another workbook',
    description: 'Values of another workbook that formulas link to, cached in this one.',
    severity: 'warning',
    remedy: 'Break the links (paste values) before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/embedded-workbook': {
    title: 'an embedded workbook',
    description: 'A whole workbook embedded in this one (read as well).',
    severity: 'warning',
    remedy: 'Delete the embedded object before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/embedded-object': {
    title: 'an embedded object',
    description: 'An embedded file or object.',
    severity: 'warning',
    remedy: 'Delete the embedded object before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/revision-log': {
    title: 'a revision log',
    description: 'The change history of a shared workbook, with old values.',
    severity: 'warning',
    remedy: 'Turn off change tracking and save a new copy.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/data-model': {
    title: 'a data model',
    description: 'A Power Pivot data model, a compressed database inside the workbook.',
    severity: 'warning',
    remedy: 'Remove the data model, or publish the tables as CSV.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'structure/vba-project': {
    title: 'macros',
    description: 'A VBA project (macros), which can hold text and code.',
    severity: 'warning',
    remedy: 'Save the workbook as .xlsx (without macros).',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },

  'metadata/person': {
    title: 'people named in the document properties',
    description: 'Document properties or comment authors that name people (author, last modified by, manager).',
    severity: 'warning',
    remedy: 'Clear the document properties (File > Info > Check for Issues > Inspect Document) before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'metadata/author': {
    title: 'a person named in the document properties',
    description: 'The author or last editor in the document properties.',
    severity: 'warning',
    remedy: 'Clear the document properties before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'metadata/comment-author': {
    title: 'names of comment authors',
    description: 'The names of the people who wrote the comments.',
    severity: 'warning',
    remedy: 'Delete the comments, or clear their authors, before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'metadata/local-path': {
    title: 'the folder it was saved in',
    description: 'The folder path the file was last saved in, which often holds a user name.',
    severity: 'warning',
    remedy: 'Save a clean copy (Inspect Document) before publishing.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'metadata/company': {
    title: 'an organisation in the document properties',
    description: 'The company or organisation property.',
    severity: 'warning',
    remedy: 'Clear it if it should not be published.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },
  'metadata/custom-property': {
    title: 'a custom document property',
    description: 'A custom document property with text.',
    severity: 'warning',
    remedy: 'Clear it if it should not be published.',
    more: 'workbooks.md#what-is-read-and-where-it-is-reported'
  },

  'disclosure/small-cell': {
    title: 'counts small enough to identify people',
    description: 'Counts below the dataset’s `min-count` in a table of counts.',
    severity: 'error',
    remedy: 'Suppress or combine the small cells.',
    more: 'disclosure.md#primary-suppression-small-cells'
  },
  'disclosure/recoverable-suppression': {
    title: 'suppressed counts that can be recomputed',
    description: 'Suppressed cells that the published totals give back, with the cells to suppress as well.',
    severity: 'error',
    remedy: 'Suppress the further cells the finding names, or the totals.',
    more: 'disclosure.md#secondary-suppression-suppressed-cells-that-totals-give-back'
  },
  'disclosure/k-anonymity': {
    title: 'rows that single out people',
    description: 'Combinations of the quasi-identifiers shared by fewer than k rows.',
    severity: 'error',
    remedy: 'Generalise or drop the quasi-identifiers, or aggregate the table.',
    more: 'disclosure.md#k-anonymity-for-record-level-tables'
  },
  'disclosure/record-level': {
    title: 'one row per person',
    description: 'A table declared as aggregates that holds one row per person.',
    severity: 'error',
    remedy: 'Publish the aggregates, not the records.',
    more: 'disclosure.md#record-level-tables-where-aggregates-were-declared'
  },
  'disclosure/missing-column': {
    title: 'a column the disclosure check needs',
    description: 'A count or quasi-identifier column the dataset names is not in the table.',
    severity: 'error',
    remedy: 'Fix the column names in the dataset’s `disclosure:` block.',
    more: 'disclosure.md#policy'
  },
  'disclosure/not-checked': {
    title: 'a table the disclosure check could not read',
    description: 'No count column could be found, so the table was not checked.',
    severity: 'warning',
    remedy: 'Name the count columns in `disclosure.count-columns`.',
    more: 'disclosure.md#policy'
  },
  'disclosure/not-verified': {
    title: 'suppression that could not be verified',
    description: 'The table is too large or too irregular for the secondary-suppression check to finish.',
    severity: 'warning',
    remedy: 'Check the suppression with another tool, or split the table.',
    more: 'disclosure.md#limits'
  }
} satisfies Record<string, KindInfo>

export type Kind = keyof typeof catalog
export const KINDS: Readonly<Record<Kind, KindInfo>> = catalog

/** Every kind, in catalog order (families together). */
export const KIND_LIST = Object.keys(catalog) as Kind[]
