// Word lists the detectors look words up in, as hash sets (see fold.ts).
// Names and countries come from maintained packages (data/*.generated.ts);
// the short lists below are the words of public aggregate tables that must
// never count as a person's name.

import { COUNTRY_CODES, COUNTRY_NAMES } from './data/countries.generated.js'
import { brotliDecompressSync } from 'node:zlib'
import { GIVEN_NAMES_BR, SURNAMES_BR } from './data/names.generated.js'
import { firstWordSet, phraseSet, wordHash, wordSet } from './fold.js'
import { HashFlags32 } from './hashtable.js'

const unpack = (b64: string): string => brotliDecompressSync(Buffer.from(b64, 'base64')).toString('utf8')

export const COUNTRY = phraseSet(COUNTRY_NAMES + '\n' + AGENCY_COUNTRY_SPELLINGS())
/** First words of every country phrase: a cell whose first word is none of them is no country. */
export const COUNTRY_FIRST = firstWordSet(COUNTRY_NAMES + '\n' + AGENCY_COUNTRY_SPELLINGS())
export const COUNTRY_CODE = wordSet(COUNTRY_CODES)

/** Spellings used by agencies (ICE, DHS yearbooks) that the country package lacks. */
function AGENCY_COUNTRY_SPELLINGS(): string {
  return [
    'burma',
    'korea south',
    'korea north',
    'south korea',
    'north korea',
    'ussr',
    'soviet union',
    'yugoslavia',
    'czechoslovakia',
    'serbia and montenegro',
    'west bank',
    'gaza strip',
    'gaza',
    'macau',
    'macao',
    'holland',
    'great britain',
    'england',
    'scotland',
    'wales',
    'northern ireland',
    'ivory coast',
    'cape verde',
    'swaziland',
    'zaire',
    'east timor',
    'stateless',
    'congo brazzaville',
    'congo kinshasa',
    'micronesia federated states of',
    'bahamas',
    'gambia',
    'china mainland',
    'hong kong',
    'taiwan',
    'palestine',
    'kosovo',
    'st lucia',
    'st kitts nevis',
    'st vincent grenadines',
    'trinidad tobago',
    'antigua barbuda',
    'bosnia herzegovina',
    'turks caicos islands'
  ].join('\n')
}

/**
 * Words that make a cell not a person's name: institutions, places, official
 * titles, aggregate labels, months. Folded forms.
 */
const NOT_NAME_WORDS =
  // institutions and facilities
  'detention facility facilities center centre county jail spc ice ero processing correctional corrections correction ' +
  'department dept office offices inc llc ltd corp corporation company co services service contract contractor prison ' +
  'federal state city regional police sheriff sheriffs unit total totals subtotal grand all other others unknown none ' +
  'na of the and for to in on at by per street st road rd avenue ave boulevard blvd drive dr suite ste highway hwy ' +
  'hospital clinic school schools university college program programs district court courts bureau agency agencies ' +
  'division national international field staging hold room building annex campus institution institute ' +
  'authority administration commission council board ministry government public private group association ' +
  'foundation trust bank church library museum airport port harbor harbour station base camp fort ft mount mt ' +
  'lake river creek valley springs spring falls heights hills park beach island islands bay point village ' +
  'township borough parish municipality metro metropolitan area region zone north south east west northern ' +
  'southern eastern western central upper lower new san santa santo sao saint ste ' +
  'family residential medical health care home homes house shelter contract juvenile adult adults male female ' +
  'men women children minors youth total count counts average daily population fy fiscal year years quarter ' +
  'budget salaries expenses operations support compensation benefits travel transportation equipment supplies ' +
  'construction maintenance procurement grants revenue fund funds account appropriation ' +
  // words of country names (a long country name is vetoed before any lookup)
  'republic democratic kingdom federation federated emirates commonwealth principality sultanate union united ' +
  'states islands socialist peoples arab republica estados unidos reino isla islas territorio ducado asociado ' +
  'federacion federativa plurinacional bolivariana ' +
  // officials' titles
  'director deputy assistant associate acting secretary undersecretary chief officer officers commissioner ' +
  'administrator president vice senator governor mayor judge attorney general manager supervisor specialist ' +
  'analyst counsel clerk warden captain lieutenant sergeant agent special senior junior executive principal ' +
  'staff head advisor adviser coordinator inspector auditor treasurer controller commander chair chairman ' +
  'chairperson representative member members ombudsman spokesperson press liaison ' +
  // months and days (English, Spanish)
  'january february march april may june july august september october november december ' +
  'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ' +
  'monday tuesday wednesday thursday friday saturday sunday ' +
  // Spanish institutional words
  'centro departamento oficina ciudad condado estado calle avenida hospital escuela universidad total ' +
  'gobierno ministerio direccion secretaria programa municipio region'

/** US states and territories: a column of states is not a column of names. */
const US_STATES =
  'alabama\nalaska\narizona\narkansas\ncalifornia\ncolorado\nconnecticut\ndelaware\nflorida\ngeorgia\nhawaii\nidaho\n' +
  'illinois\nindiana\niowa\nkansas\nkentucky\nlouisiana\nmaine\nmaryland\nmassachusetts\nmichigan\nminnesota\n' +
  'mississippi\nmissouri\nmontana\nnebraska\nnevada\nnew hampshire\nnew jersey\nnew mexico\nnew york\n' +
  'north carolina\nnorth dakota\nohio\noklahoma\noregon\npennsylvania\nrhode island\nsouth carolina\nsouth dakota\n' +
  'tennessee\ntexas\nutah\nvermont\nvirginia\nwashington\nwest virginia\nwisconsin\nwyoming\npuerto rico\nguam\n' +
  'district of columbia'

const NOT_NAME = wordSet(NOT_NAME_WORDS.split(/\s+/).join('\n'))
export const STATE = phraseSet(US_STATES)
export const STATE_FIRST = firstWordSet(US_STATES)

/** Name particles: allowed lower-case inside a name, never evidence on their own. */
const PARTICLE = wordSet(
  'de\ndel\nla\nlas\nlos\nda\ndas\ndo\ndos\ndi\ndu\nvan\nvon\nder\nden\nten\nter\nle\nbin\nbint\nibn\nal\nel\ny\ne\nmc\nmac'
)

/** Flags of a word in one lookup (the name tokenizer's hot path). */
export const WORD_GIVEN = 1
export const WORD_SURNAME = 2
export const WORD_NOT_NAME = 4
export const WORD_PARTICLE = 8
const NAME_LISTS = [
  [unpack(GIVEN_NAMES_BR), WORD_GIVEN],
  [unpack(SURNAMES_BR), WORD_SURNAME]
] as const
const lineCount = (t: string): number => {
  let n = 1
  for (let k = t.indexOf('\n'); k !== -1; k = t.indexOf('\n', k + 1)) n++
  return n
}
export const WORD_FLAGS = new HashFlags32(NAME_LISTS.reduce((n, [list]) => n + lineCount(list), 0) + 1024)
// The name lists go straight into the flags table (no set of their own: start-up time).
for (const [list, flag] of NAME_LISTS) {
  for (let i = 0, j = 0; i < list.length; i = j + 1) {
    j = list.indexOf('\n', i)
    if (j === -1) j = list.length
    if (j > i) WORD_FLAGS.or(wordHash(list, i, j), flag)
  }
}
NOT_NAME.forEach((h) => WORD_FLAGS.or(h, WORD_NOT_NAME))
PARTICLE.forEach((h) => WORD_FLAGS.or(h, WORD_PARTICLE))
