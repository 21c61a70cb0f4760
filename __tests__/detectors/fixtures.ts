// Labelled fixtures for the detectors: negatives shaped like the tables
// public agencies publish, and hard positives. Each says which (column,
// kind) findings a correct scan makes; everything else is a false positive.
// All people are invented (helpers/people.ts).

import { csv, eu, iso, person, us } from '../helpers/people.js'

/** Distinct invented people: the given name of one, the family name of another (people.ts cycles every 16). */
function who(i: number): { given: string; family: string } {
  return { given: person(i).given, family: person(i + Math.floor(i / 16)).family }
}

export interface Fixture {
  name: string
  text: string
  /** (1-based column, kind) pairs expected; person-record is a table kind (column ignored). */
  expect: Array<[number, string]>
  encoding?: 'utf16le'
}

const FACILITIES: Array<[string, string, string, string, string]> = [
  ['ADELANTO ICE PROCESSING CENTER', '10400 Rancho Road', 'Adelanto', 'CA', '92301'],
  ['IMPERIAL REGIONAL DETENTION FACILITY', '1572 Gateway Road', 'Calexico', 'CA', '92231'],
  ['OTAY MESA DETENTION CENTER', '7488 Calzada de la Fuente', 'San Diego', 'CA', '92154'],
  ['AURORA CONTRACT DETENTION FACILITY', '3130 North Oakland Street', 'Aurora', 'CO', '80010'],
  ['BROWARD TRANSITIONAL CENTER', '3900 North Powerline Road', 'Pompano Beach', 'FL', '33073'],
  ['KROME NORTH SERVICE PROCESSING CENTER', '18201 SW 12th Street', 'Miami', 'FL', '33194'],
  ['STEWART DETENTION CENTER', '146 CCA Road', 'Lumpkin', 'GA', '31815'],
  ['IRWIN COUNTY DETENTION CENTER', '132 Cotton Drive', 'Ocilla', 'GA', '31774'],
  ['FOLKSTON ICE PROCESSING CENTER', '3424 Highway 252 East', 'Folkston', 'GA', '31537'],
  ['JENA/LASALLE DETENTION FACILITY', '830 Pinehill Road', 'Jena', 'LA', '71342'],
  ['PINE PRAIRIE ICE PROCESSING CENTER', '1133 Hampton Dupre Road', 'Pine Prairie', 'LA', '70576'],
  ['RIVER CORRECTIONAL CENTER', '26362 Highway 15', 'Ferriday', 'LA', '71334'],
  ['ELIZABETH CONTRACT DETENTION FACILITY', '625 Evans Street', 'Elizabeth', 'NJ', '07201'],
  ['BERGEN COUNTY JAIL', '160 South River Street', 'Hackensack', 'NJ', '07601'],
  ['BUFFALO SERVICE PROCESSING CENTER', '4250 Federal Drive', 'Batavia', 'NY', '14020'],
  ['OTERO COUNTY PROCESSING CENTER', '26 McGregor Range Road', 'Chaparral', 'NM', '88081'],
  ['TORRANCE COUNTY DETENTION FACILITY', '209 County Road 49', 'Estancia', 'NM', '87016'],
  ['CIBOLA COUNTY CORRECTIONAL CENTER', '2000 Cibola Loop', 'Milan', 'NM', '87021'],
  ['PORT ISABEL SPC', '27991 Buena Vista Boulevard', 'Los Fresnos', 'TX', '78566'],
  ['EL PASO SERVICE PROCESSING CENTER', '8915 Montana Avenue', 'El Paso', 'TX', '79925'],
  ['SOUTH TEXAS ICE PROCESSING CENTER', '566 Veterans Drive', 'Pearsall', 'TX', '78061'],
  ['MONTGOMERY PROCESSING CENTER', '806 Hilbig Road', 'Conroe', 'TX', '77301'],
  ['KARNES COUNTY FAMILY RESIDENTIAL CENTER', '409 FM 1144', 'Karnes City', 'TX', '78118'],
  ['SOUTH TEXAS FAMILY RESIDENTIAL CENTER', '300 El Rancho Way', 'Dilley', 'TX', '78017'],
  ['BLUEBONNET DETENTION FACILITY', '400 2nd Street', 'Anson', 'TX', '79501'],
  ['NORTHWEST ICE PROCESSING CENTER', '1623 East J Street', 'Tacoma', 'WA', '98421'],
  ['ELOY FEDERAL CONTRACT FACILITY', '1705 East Hanna Road', 'Eloy', 'AZ', '85131'],
  ['LA PALMA CORRECTIONAL CENTER', '5501 North La Palma Road', 'Eloy', 'AZ', '85131'],
  ['WINN CORRECTIONAL CENTER', '560 Gum Springs Road', 'Winnfield', 'LA', '71483'],
  ['GOLDEN STATE ANNEX', '611 Frontage Road', 'McFarland', 'CA', '93250'],
  ['MESA VERDE ICE PROCESSING CENTER', '425 Golden State Avenue', 'Bakersfield', 'CA', '93301'],
  ['CALHOUN COUNTY CORRECTIONAL CENTER', '185 East Michigan Avenue', 'Battle Creek', 'MI', '49014'],
  ['CLINTON COUNTY JAIL', '25 McCarthy Drive', 'Plattsburgh', 'NY', '12901'],
  ['BAKER COUNTY SHERIFF OFFICE', '1 Sheriff Office Drive', 'Macclenny', 'FL', '32063'],
  ['GLADES COUNTY DETENTION CENTER', '1297 East State Road 78', 'Moore Haven', 'FL', '33471'],
  ['FARMVILLE DETENTION CENTER', '508 Waterworks Road', 'Farmville', 'VA', '23901'],
  ['CAROLINE DETENTION FACILITY', '11093 SW Lewis Memorial Drive', 'Bowling Green', 'VA', '22427'],
  ['ORANGE COUNTY JAIL', '110 Wells Farm Road', 'Goshen', 'NY', '10924'],
  ['RICHWOOD CORRECTIONAL CENTER', '180 Pine Bayou Circle', 'Monroe', 'LA', '71202'],
  ['JACKSON PARISH CORRECTIONAL CENTER', '327 Industrial Drive', 'Jonesboro', 'LA', '71251']
]

const COUNTRIES = [
  'MEXICO',
  'GUATEMALA',
  'HONDURAS',
  'EL SALVADOR',
  'NICARAGUA',
  'CUBA',
  'VENEZUELA',
  'COLOMBIA',
  'ECUADOR',
  'BRAZIL',
  'HAITI',
  'DOMINICAN REPUBLIC',
  'INDIA',
  'CHINA, PEOPLES REPUBLIC OF',
  'KOREA, SOUTH',
  'ROMANIA',
  'RUSSIA',
  'UKRAINE',
  'NIGERIA',
  'GHANA',
  'SENEGAL',
  'MAURITANIA',
  'CAMEROON',
  'CONGO, DEMOCRATIC REPUBLIC OF THE',
  'BURMA',
  'NEPAL',
  'BANGLADESH',
  'PAKISTAN',
  'AFGHANISTAN',
  'TURKEY',
  'GEORGIA',
  'JORDAN',
  'CHAD',
  'BAHAMAS, THE',
  'JAMAICA',
  'PERU'
]

const TITLES = [
  'Director',
  'Deputy Director',
  'Executive Associate Director',
  'Assistant Director for Field Operations',
  'Field Office Director',
  'Deputy Field Office Director',
  'Assistant Field Office Director',
  'Chief Counsel',
  'Deputy Chief Counsel',
  'Supervisory Detention and Deportation Officer',
  'Special Agent in Charge',
  'Chief Financial Officer',
  'Senior Official Performing the Duties of the Director',
  'Acting Director',
  'Principal Legal Advisor',
  'Public Affairs Officer',
  'Privacy Officer',
  'Chief of Staff',
  'Press Secretary',
  'Secretary of Homeland Security',
  'Under Secretary for Management',
  'Inspector General',
  'Ombudsman',
  'Assistant Secretary for Border and Immigration Policy'
]

const COUNTIES: Array<[string, string]> = [
  ['Los Angeles County', 'CA'],
  ['Harris County', 'TX'],
  ['Cook County', 'IL'],
  ['Maricopa County', 'AZ'],
  ['San Diego County', 'CA'],
  ['Orange County', 'CA'],
  ['Miami-Dade County', 'FL'],
  ['Dallas County', 'TX'],
  ['Kings County', 'NY'],
  ['Riverside County', 'CA'],
  ['Clark County', 'NV'],
  ['King County', 'WA'],
  ['Bexar County', 'TX'],
  ['Tarrant County', 'TX'],
  ['Broward County', 'FL'],
  ['Travis County', 'TX'],
  ['Hidalgo County', 'TX'],
  ['Fulton County', 'GA'],
  ['Wake County', 'NC'],
  ['Marion County', 'IN'],
  ['Jefferson Parish', 'LA'],
  ['Orleans Parish', 'LA'],
  ["Prince George's County", 'MD'],
  ['Fairfax County', 'VA']
]

function negatives(): Fixture[] {
  const out: Fixture[] = []
  out.push({
    name: 'facility-list.csv',
    text: csv([
      ['Name', 'Address', 'City', 'State', 'Zip', 'Type', 'Capacity'],
      ...FACILITIES.map(([n, a, c, s, z], i) => [n, a, c, s, z, i % 3 === 0 ? 'IGSA' : 'CDF', 200 + i * 37])
    ]),
    expect: []
  })
  // The same list with opaque headers: values alone must not make names.
  out.push({
    name: 'facility-list-opaque.csv',
    text: csv([['Col1', 'Col2', 'Col3', 'Col4', 'Col5'], ...FACILITIES.map(([n, a, c, s, z]) => [n, a, c, s, z])]),
    expect: []
  })
  // Cities alone (two-word and one-word), opaque header.
  out.push({
    name: 'cities.csv',
    text: csv([['field_1', 'field_2'], ...FACILITIES.map(([, , c, s]) => [c, s])]),
    expect: []
  })
  out.push({
    name: 'counts-by-country.csv',
    text: csv([
      ['Country of Citizenship', 'FY2019', 'FY2020', 'FY2021'],
      ...COUNTRIES.map((c, i) => [c, 1000 + i * 913, 800 + i * 517, 600 + i * 211])
    ]),
    // an aggregate dimension: informs (warning), never blocks
    expect: [[1, 'pii/nationality']]
  })
  out.push({
    name: 'counts-by-country-opaque.csv',
    text: csv([['Col1', 'Col2'], ...COUNTRIES.map((c, i) => [c, 100 + i])]),
    expect: []
  })
  out.push({
    name: 'budget.csv',
    text: csv([
      ['Program, Project or Activity', 'FY 2020 Enacted', 'FY 2021 Request', 'Change'],
      ['Operations and Support', '$7,970,325', '$8,290,000', '4.0%'],
      ['Enforcement and Removal Operations', '$4,330,000', '$4,710,000', '8.8%'],
      ['Custody Operations', '$3,140,000', '$3,320,000', '5.7%'],
      ['Fugitive Operations', '$145,000', '$147,000', '1.4%'],
      ['Criminal Alien Program', '$265,000', '$277,000', '4.5%'],
      ['Alternatives to Detention', '$320,000', '$440,000', '37.5%'],
      ['Transportation and Removal Program', '$423,000', '$563,000', '33.1%'],
      ['Homeland Security Investigations', '$2,150,000', '$2,200,000', '2.3%'],
      ['Office of the Principal Legal Advisor', '$317,000', '$340,000', '7.3%'],
      ['Mission Support', '$1,340,000', '$1,390,000', '3.7%'],
      ['Procurement, Construction, and Improvements', '$47,000', '$79,000', '68.1%'],
      ['Salaries and Expenses', '$5,100,000', '$5,300,000', '3.9%'],
      ['Personnel Compensation and Benefits', '$3,900,000', '$4,000,000', '2.6%'],
      ['Total', '$8,017,325', '$8,369,000', '4.4%']
    ]),
    expect: []
  })
  const months: string[][] = [['Month', 'Report Date', 'Book-ins', 'Releases', 'Removals']]
  for (let m = 0; m < 36; m++) {
    const y = 2019 + Math.floor(m / 12)
    const mm = String((m % 12) + 1).padStart(2, '0')
    months.push([`${y}-${mm}`, `${mm}/28/${y}`, String(20000 + m * 311), String(9000 + m * 97), String(15000 + m * 53)])
  }
  out.push({ name: 'monthly-series.csv', text: csv(months), expect: [] })
  // A date column without a helpful header: weekly report dates over 3 years.
  const weekly: string[][] = [['Col1', 'Col2']]
  for (let w = 0; w < 150; w++) weekly.push([iso(new Date(Date.UTC(2019, 0, 1 + w * 7))), String(40000 + w)])
  out.push({ name: 'weekly-dates-opaque.csv', text: csv(weekly), expect: [] })
  // Fiscal years and historical series (like the real ADP table).
  const fy: string[][] = [['Fiscal Year', 'Average Daily Population', 'ALOS']]
  for (let y = 1979; y <= 2021; y++) fy.push([String(y), String(2000 + (y - 1979) * 1100), (20 + (y % 9)).toFixed(1)])
  out.push({ name: 'fiscal-years.csv', text: csv(fy), expect: [] })
  // Policy effective dates over decades: an "other date" header rules it out.
  const eff: string[][] = [['Directive', 'Effective Date']]
  for (let i = 0; i < 30; i++)
    eff.push([`Directive 11${String(i).padStart(3, '0')}.${i % 4}`, us(new Date(Date.UTC(1975 + i * 1.5, i % 12, 1 + i)))])
  out.push({ name: 'effective-dates.csv', text: csv(eff), expect: [] })
  out.push({
    name: 'officials-titles.csv',
    text: csv([
      ['Title', 'Office', 'Region'],
      ...TITLES.map((t, i) => [
        t,
        i % 2 ? 'Office of the Director' : 'Enforcement and Removal Operations',
        ['Northeast', 'Southwest', 'Central', 'Pacific'][i % 4] as string
      ])
    ]),
    expect: []
  })
  out.push({
    name: 'officials-titles-opaque.csv',
    text: csv([['Col1'], ...TITLES.map((t) => [t])]),
    expect: []
  })
  out.push({
    name: 'counties.csv',
    text: csv([['County', 'State', 'Population', 'Detainers'], ...COUNTIES.map(([c, s], i) => [c, s, 100000 + i * 77777, 10 + i * 13])]),
    expect: []
  })
  out.push({
    name: 'counties-opaque.csv',
    text: csv([['c1', 'c2', 'c3'], ...COUNTIES.map(([c, s], i) => [c, s, 100000 + i * 77777])]),
    expect: []
  })
  // Numbers that look like identifiers to a careless regex: large counts,
  // dollar amounts, FIPS/ZIP+4 codes, case counts with thousands separators.
  const nums: string[][] = [['Area', 'Population', 'Amount', 'ZIP+4', 'Count']]
  for (let i = 0; i < 60; i++)
    nums.push([
      `Area ${i + 1}`,
      String(1000000000 + i * 123456789),
      `$${(1234567 + i * 98765).toLocaleString('en-US')}`,
      `${90000 + i}-${1000 + i}`,
      (1000000 + i * 12345).toLocaleString('en-US')
    ])
  out.push({ name: 'big-numbers.csv', text: csv(nums), expect: [] })
  // A software release table: two-word code names, created/release/end-of-life dates over decades.
  const CODENAMES =
    'Warty Warthog,Hoary Hedgehog,Breezy Badger,Dapper Drake,Edgy Eft,Feisty Fawn,Gutsy Gibbon,Hardy Heron,Intrepid Ibex,Jaunty Jackalope,Karmic Koala,Lucid Lynx,Maverick Meerkat,Natty Narwhal,Oneiric Ocelot,Precise Pangolin,Quantal Quetzal,Raring Ringtail,Saucy Salamander,Trusty Tahr,Utopic Unicorn,Vivid Vervet,Wily Werewolf,Xenial Xerus,Yakkety Yak,Zesty Zapus,Artful Aardvark,Bionic Beaver,Cosmic Cuttlefish,Disco Dingo,Eoan Ermine,Focal Fossa,Groovy Gorilla,Hirsute Hippo,Impish Indri,Jammy Jellyfish,Kinetic Kudu,Lunar Lobster,Mantic Minotaur,Noble Numbat'.split(
      ','
    )
  out.push({
    name: 'releases.csv',
    text: csv([
      ['version', 'codename', 'created', 'release', 'eol'],
      ...CODENAMES.map((c, i) => {
        const d = (y: number, m: number) => iso(new Date(Date.UTC(y, m, 10 + (i % 15))))
        return [
          `${4 + Math.floor(i / 2)}.${i % 2 ? '10' : '04'}`,
          c,
          d(2003 + i / 2, (i % 2) * 6),
          d(2004 + i / 2, (i % 2) * 6 + 3),
          d(2006 + i / 2, (i % 2) * 6 + 3)
        ]
      })
    ]),
    expect: []
  })
  // Report dates written with month words, opaque header: two recent years.
  const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const worded: string[][] = [['c1', 'c2']]
  for (let w = 0; w < 100; w++) {
    const d = new Date(Date.UTC(2022, 0, 3 + w * 7))
    worded.push([`${MON[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`, String(3000 + w)])
  }
  out.push({ name: 'report-dates-words.csv', text: csv(worded), expect: [] })
  return out
}

type Row = Array<string | number>

/** A header and n rows made from invented person i. */
function table(
  header: string[],
  n: number,
  row: (i: number, p: ReturnType<typeof person>, name: { given: string; family: string }) => Row
): Row[] {
  const out: Row[] = [header]
  for (let i = 0; i < n; i++) out.push(row(i, person(i), who(i)))
  return out
}

function positives(): Fixture[] {
  const out: Fixture[] = []
  out.push({
    name: 'opaque-headers.csv',
    text: csv(
      table(['Col1', 'Col2', 'Col3', 'Col4', 'Col5'], 60, (i, p, w) => [
        `${w.given} ${w.family}`,
        us(p.dob),
        p.aNumber,
        p.country,
        FACILITIES[i % FACILITIES.length]![0]
      ])
    ),
    expect: [
      [1, 'pii/person-name'],
      [2, 'pii/date-of-birth'],
      [3, 'pii/a-number'],
      [0, 'pii/person-record']
    ]
  })
  out.push({
    name: 'last-first-accents.csv',
    text: csv(
      table(['field_1', 'field_2', 'field_3'], 40, (i, p, w) => [
        `${w.family.toUpperCase()}, ${w.given.toUpperCase()}`,
        eu(p.dob).replace(/\./g, '/'),
        i * 3
      ])
    ),
    expect: [
      [1, 'pii/person-name'],
      [2, 'pii/date-of-birth'],
      [0, 'pii/person-record']
    ]
  })
  out.push({
    name: 'spanish-semicolon.csv',
    text: csv(
      table(['Nombre', 'Apellidos', 'Fecha de nacimiento', 'Nacionalidad', 'Centro'], 30, (i, p, w) => [
        w.given,
        w.family,
        eu(p.dob),
        p.country,
        'CENTRO DE INTERNAMIENTO ' + (i % 3)
      ]),
      ';'
    ),
    expect: [
      [1, 'pii/person-name'],
      [2, 'pii/person-name'],
      [3, 'pii/date-of-birth'],
      [4, 'pii/nationality'],
      [0, 'pii/person-record']
    ]
  })
  out.push({
    name: 'utf16-opaque.csv',
    text: csv(table(['field_1', 'field_2', 'field_3'], 25, (_i, p, w) => [`${w.given} ${w.family}`, iso(p.dob), p.ssn])),
    encoding: 'utf16le',
    expect: [
      [1, 'pii/person-name'],
      [2, 'pii/date-of-birth'],
      [3, 'pii/ssn'],
      [0, 'pii/person-record']
    ]
  })
  // One identifier in the notes column of an otherwise clean aggregate table.
  const notes: Row[] = [['Facility', 'Fiscal Year', 'Book-ins', 'Notes']]
  FACILITIES.forEach(([n], i) =>
    notes.push([
      n,
      2019 + (i % 3),
      1000 + i * 17,
      i === 23 ? 'count excludes transfer of A123456789 pending review' : i % 5 === 0 ? 'revised 2021-03-01' : ''
    ])
  )
  out.push({ name: 'notes-a-number.csv', text: csv(notes), expect: [[4, 'pii/a-number']] })
  // (A lone address at a reserved domain such as example.org is a placeholder, not a person's.)
  const contact: Row[] = [['Facility', 'Notes']]
  FACILITIES.forEach(([n], i) =>
    contact.push([
      n,
      i === 7 ? 'call the duty officer at (202) 555-0143 for the detainee' : i === 9 ? 'ask maria.castillo@correo.hn' : 'no change'
    ])
  )
  out.push({
    name: 'notes-phone-email.csv',
    text: csv(contact),
    expect: [
      [2, 'pii/phone'],
      [2, 'pii/email']
    ]
  })
  // No header at all: the first row is a person.
  out.push({
    name: 'headless.csv',
    text: csv(table(['Col1', 'Col2', 'Col3'], 21, (_i, p, w) => [`${w.family}, ${w.given}`, us(p.dob), p.country]).slice(1)),
    expect: [
      [1, 'pii/person-name'],
      [2, 'pii/date-of-birth'],
      [0, 'pii/person-record']
    ]
  })
  // A detainee roster with agency country spellings and A-numbers with separators.
  out.push({
    name: 'roster-agency.csv',
    text: csv(
      table(['Detainee Name', 'A-Number', 'Citizenship', 'Facility'], 50, (i, p, w) => {
        const a = p.aNumber.slice(1)
        return [
          `${w.family}, ${w.given}`,
          `A${a.slice(0, 3)}-${a.slice(3, 6)}-${a.slice(6)}`,
          COUNTRIES[i % COUNTRIES.length]!,
          FACILITIES[i % 9]![0]
        ]
      })
    ),
    expect: [
      [1, 'pii/person-name'],
      [2, 'pii/a-number'],
      [3, 'pii/nationality'],
      [0, 'pii/person-record']
    ]
  })
  out.push({
    name: 'contacts-es.csv',
    text: csv(
      table(['Nombre completo', 'Teléfono', 'Correo'], 20, (i, p, w) => [
        `${w.given} ${w.family}`,
        `(212) 7${String(10 + i).padStart(2, '0')}-${String(4000 + i * 7)}`,
        p.email
      ])
    ),
    expect: [
      [1, 'pii/person-name'],
      [2, 'pii/phone'],
      [3, 'pii/email'],
      [0, 'pii/person-record']
    ]
  })
  // A database export: split name columns, Oracle-style dates, agency country spellings.
  const MON = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
  out.push({
    name: 'oracle-export.csv',
    text: csv(
      table(['NAME_LAST', 'NAME_FIRST', 'BIRTH_DT', 'CNTRY_CITIZENSHIP'], 40, (i, p, w) => [
        w.family.toUpperCase(),
        w.given.toUpperCase(),
        `${String(p.dob.getUTCDate()).padStart(2, '0')}-${MON[p.dob.getUTCMonth()]}-${String(p.dob.getUTCFullYear()).slice(2)}`,
        COUNTRIES[(i * 5) % COUNTRIES.length]!
      ])
    ),
    expect: [
      [1, 'pii/person-name'],
      [2, 'pii/person-name'],
      [3, 'pii/date-of-birth'],
      [4, 'pii/nationality'],
      [0, 'pii/person-record']
    ]
  })
  return out
}

export const NEGATIVES = negatives()
export const POSITIVES = positives()
