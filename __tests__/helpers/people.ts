// Invented people for fixtures: deterministic, varied (Spanish double
// surnames, Ukrainian, West African, accents), never real.

const GIVEN = [
  'María José',
  'Taras',
  'Chidi',
  'Aigerim',
  'José Luis',
  'Oksana',
  'Kwame',
  'Li',
  'Fatoumata',
  'Bohdan',
  'Ngozi',
  'Andrés',
  'Yusuf',
  'Élodie',
  'Dmytro',
  'Amara'
]
const FAMILY = [
  'Castillo Ruiz',
  'Kovalenko',
  'Nwosu',
  'Nurmagambetova',
  'García-Márquez',
  'Shevchenko',
  'Mensah',
  'Wang',
  'Diallo',
  'Lozano',
  'Okafor',
  'Peña',
  'Demir',
  'Lefèvre',
  'Bondarenko',
  'Sesay'
]
const COUNTRIES = ['HONDURAS', 'UKRAINE', 'NIGERIA', 'KAZAKHSTAN', 'MEXICO', 'GHANA', 'CHINA', 'GUINEA', 'VENEZUELA', 'TURKEY']

export interface Person {
  given: string
  family: string
  dob: Date
  aNumber: string
  ssn: string
  email: string
  country: string
}

export function person(i: number): Person {
  const given = GIVEN[i % GIVEN.length] as string
  // Shifted every full cycle of given names, so 256 people have distinct names.
  const family = FAMILY[(i * 7 + 3 + Math.floor(i / GIVEN.length)) % FAMILY.length] as string
  const dob = new Date(Date.UTC(1950 + ((i * 13) % 50), (i * 5) % 12, 1 + ((i * 11) % 28)))
  const a = String(200000000 + ((i * 7919) % 99999999)).padStart(9, '0')
  const area = 100 + ((i * 37) % 660)
  const ssn = `${area === 666 ? 667 : area}-${String(10 + ((i * 17) % 89)).padStart(2, '0')}-${String(1000 + ((i * 131) % 8999)).padStart(4, '0')}`
  const email = `${given.split(' ')[0]!.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}.${i}@correo.hn`
  return { given, family, dob, aNumber: `A${a}`, ssn, email, country: COUNTRIES[i % COUNTRIES.length] as string }
}

export const iso = (d: Date): string => d.toISOString().slice(0, 10)
export const us = (d: Date): string =>
  `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`
export const eu = (d: Date): string =>
  `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`

/** A CSV text from rows (quotes fields that need it). */
export function csv(rows: Array<Array<string | number>>, delimiter = ','): string {
  return (
    rows
      .map((r) =>
        r
          .map((c) => {
            const s = String(c)
            return /["\n\r]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s
          })
          .join(delimiter)
      )
      .join('\n') + '\n'
  )
}
