import { seededRandom } from '../seeded-random';
import { csvCell } from '../../shared/lists/csv';
import type { syntheticMembers } from './synthetic-members';

/*
 * Invented people in the layouts real systems write (issue 14): a membership export with
 * the headers, dates, statuses and branch names party systems and branch officers use, and
 * a council's electoral register in its three common layouts. The same every time for a seed.
 */

type SyntheticMember = ReturnType<typeof syntheticMembers>[number];
type Separator = ',' | ';' | '\t';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The date forms real exports were found to write, each for the same day. */
export const REAL_DATE_FORMS: ((y: number, m: number, d: number) => string)[] = [
  (y, m, d) => `${pad(d)}/${pad(m)}/${y} 00:00`,
  (y, m, d) => `${y}-${pad(m)}-${pad(d)}T00:00:00`,
  (y, m, d) => `${pad(d)}/${pad(m)}/${pad(y % 100)}`,
  (y, m, d) => `${pad(d)}-${pad(m)}-${y}`,
  (y, m, d) => `${pad(d)}.${pad(m)}.${y}`,
  (y, m, d) => `${d} ${MONTH_NAMES[m - 1]!} ${y}`,
  (y, m, d) => `${pad(d)}-${MONTHS[m - 1]!}-${y}`,
  (y, m, d) => `${pad(d)}-${MONTHS[m - 1]!}-${pad(y % 100)}`,
  (y, m, d) => `${pad(d)}/${pad(m)}/${y}`,
];

/** Excel's serial day number for a date (1900 system). */
export function excelSerial(y: number, m: number, d: number): string {
  return String(Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000));
}

/** The statuses real exports were found to write (a blank one among them). */
export const REAL_STATUSES = [
  'Active',
  'Arrears (3 months)',
  'In Arrears - 2 months',
  'Lapsed - Arrears',
  'Administratively Suspended',
  'Deceased',
  'New',
  'New Member',
  'Pending',
  'Reinstated',
  'Honorary',
  'Active (Direct Debit)',
  '',
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function line(values: string[], separator: Separator): string {
  // A tab file is written as councils write it: no quoting (no value holds a tab).
  return separator === '\t' ? values.join('\t') : values.map(csvCell).join(separator);
}

/** Each member's elector number on the synthetic register: polling district, number, suffix. */
export function electorParts(i: number): { prefix: string; number: string; suffix: string } {
  return { prefix: `BN${1 + (i % 3)}`, number: String(1000 + i), suffix: '0' };
}

function dateOf(joined: string): [number, number, number] {
  const [d, m, y] = joined.split('/').map(Number) as [number, number, number];
  return [y, m, d];
}

/**
 * A membership export as a branch officer's spreadsheet gives it: `Branch/Ward` and `Member
 * Since` headers, every date form in turn (one in `serialEvery` as an Excel serial), the
 * real statuses in turn, branch names with "Ward" and "Branch" added (and, one in
 * `strangerEvery`, a branch the CLP does not have), the electoral roll number, and
 * continuous membership since for members who rejoined.
 */
export function messyMembershipList(
  members: readonly SyntheticMember[],
  { separator = ',', serialEvery = 50, strangerEvery = 40, stranger = 'Old Market Ward' }: { separator?: Separator; serialEvery?: number; strangerEvery?: number; stranger?: string } = {},
): string {
  const header = ['Membership No', 'Forename', 'Surname', 'Address1', 'Address2', 'Postcode', 'Branch/Ward', 'Member Since', 'Continuous Membership Since', 'Status', 'Electoral Roll Number', 'Mobile'];
  const rows = members.map((m, i) => {
    const [y, mo, d] = dateOf(m.joined);
    const joined = i % serialEvery === serialEvery - 1 ? excelSerial(y, mo, d) : REAL_DATE_FORMS[i % REAL_DATE_FORMS.length]!(y, mo, d);
    // One in seven rejoined: continuously a member only since a later day.
    const continuous = i % 7 === 3 ? `${pad(d)}/${pad(mo)}/${Math.min(y + 5, 2025)}` : '';
    const branch = i % strangerEvery === strangerEvery - 1 ? stranger : [m.branch, `${m.branch} Ward`, `${m.branch} Branch`][i % 3]!;
    const e = electorParts(i);
    return line([m.number, m.first, m.last, m.street, m.town, m.postcode, branch, joined, continuous, REAL_STATUSES[i % REAL_STATUSES.length]!, `${e.prefix}-${e.number}/${e.suffix}`, '07700 900000'], separator);
  });
  return `${line(header, separator)}\r\n${rows.join('\r\n')}\r\n`;
}

/** Markers a register gives some electors (E: EU citizen, F: overseas, K: Scottish local only, G: local only). */
const MARKERS = ['', '', '', '', '', '', 'E', 'K', 'F', 'G'];

interface RegisterPerson {
  prefix: string;
  number: string;
  suffix: string;
  markers: string;
  dob: string;
  surname: string;
  forenames: string;
  postcode: string;
  address: string[];
}

/** Everyone on the synthetic register: the members (half in flats, written flat first), then other electors. */
function registerPeople(members: readonly SyntheticMember[], size: number, seed: number): RegisterPerson[] {
  const rand = seededRandom(seed);
  const people: RegisterPerson[] = members.map((m, i) => {
    const flat = i % 2 === 0 ? [`Flat ${1 + (i % 20)}`] : [];
    const year = 1940 + Math.floor(rand() * 60);
    return {
      ...electorParts(i),
      markers: MARKERS[Math.floor(rand() * MARKERS.length)]!,
      dob: `${pad(1 + Math.floor(rand() * 28))}/${pad(1 + Math.floor(rand() * 12))}/${year}`,
      surname: m.last,
      forenames: i % 5 === 0 ? `${m.first} Anne` : m.first,
      postcode: m.postcode,
      address: [...flat, m.street, m.town],
    };
  });
  for (let i = members.length; i < size; i++) {
    people.push({ ...electorParts(i), markers: '', dob: '', surname: 'Ackroyd', forenames: `Elector ${i}`, postcode: `TV9 ${1 + (i % 9)}AA`, address: [`${1 + (i % 180)} Beck Side`, 'Teller Vale'] });
  }
  return people;
}

/** The full register as Xpress exports it: 14 tab-separated fields. */
export function xpressRegister(members: readonly SyntheticMember[], size = members.length, seed = 21): string {
  const header = ['Elector Number Prefix', 'Elector Number', 'Elector Number Suffix', 'Elector Markers', 'Elector DOB', 'Elector Surname', 'Elector Forename', 'PostCode', 'Address1', 'Address2', 'Address3', 'Address4', 'Address5', 'Address6'];
  const rows = registerPeople(members, size, seed).map((p) => line([p.prefix, p.number, p.suffix, p.markers, p.dob, p.surname, p.forenames, p.postcode, ...[0, 1, 2, 3, 4, 5].map((k) => p.address[k] ?? '')], '\t'));
  return `${line(header, '\t')}\r\n${rows.join('\r\n')}\r\n`;
}

/** The 13-field variant: one `Elector Name` column, "SURNAME, Forename Middle". */
export function electorNameRegister(members: readonly SyntheticMember[], size = members.length, seed = 21): string {
  const header = ['Elector Number Prefix', 'Elector Number', 'Elector Number Suffix', 'Elector Markers', 'Elector DOB', 'Elector Name', 'PostCode', 'Address1', 'Address2', 'Address3', 'Address4', 'Address5', 'Address6'];
  const rows = registerPeople(members, size, seed).map((p) =>
    line([p.prefix, p.number, p.suffix, p.markers, p.dob, `${p.surname.toUpperCase()}, ${p.forenames}`, p.postcode, ...[0, 1, 2, 3, 4, 5].map((k) => p.address[k] ?? '')], '\t'),
  );
  return `${line(header, '\t')}\r\n${rows.join('\r\n')}\r\n`;
}

/** The monthly update layout: `ElectorNumber` written whole (BN1-1000/0), property address lines. */
export function monthlyUpdateRegister(members: readonly SyntheticMember[], size = members.length, seed = 21): string {
  const header = ['ElectorNumber', 'MarkersRegisterText', 'ElectorDOB', 'ElectorSurname', 'ElectorForename', 'PropertyAddress1', 'PropertyAddress2', 'PropertyAddress3', 'PropertyAddress4', 'PropertyAddress5', 'PropertyPostCode'];
  const rows = registerPeople(members, size, seed).map((p) =>
    line([`${p.prefix}-${p.number}/${p.suffix}`, p.markers, p.dob, p.surname, p.forenames, ...[0, 1, 2, 3, 4].map((k) => p.address[k] ?? ''), p.postcode], ','),
  );
  return `${line(header, ',')}\r\n${rows.join('\r\n')}\r\n`;
}
