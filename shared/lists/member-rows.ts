import { formatUkDate, isIsoDate, parseUkDate } from '../dates';
import type { CsvRecord } from './csv';
import type { ColumnMapping } from './member-fields';
import { normalisePostcode } from './postcode';

/** The statuses Teller reads a member's standing as (the Api's schema is built from this list:
 * no zod here, so that an import's writer thread starts quickly). */
export const MEMBER_STATUSES = ['good-standing', 'arrears', 'lapsed', 'suspended', 'resigned', 'expelled'] as const;

export type MemberStatus = (typeof MEMBER_STATUSES)[number];

const STATUS = new Map(Object.entries<MemberStatus>({
  active: 'good-standing',
  current: 'good-standing',
  member: 'good-standing',
  arrears: 'arrears',
  'in arrears': 'arrears',
  lapsed: 'lapsed',
  suspended: 'suspended',
  resigned: 'resigned',
  expelled: 'expelled',
}));

/** One member as imported: only the fields Teller needs. */
export interface MemberRow {
  line: number;
  membershipNumber: string;
  firstName: string;
  lastName: string;
  fullName: string;
  address: string;
  postcode: string;
  branch: string;
  joinDate: string;
  status: MemberStatus;
}

export interface RowError {
  line: number;
  reason: string;
}

export function membershipKey(number: string): string {
  return number.trim().toLowerCase();
}

const DD_MM_YYYY = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** An ISO date, or why the text is not a usable join date. */
function readDate(text: string, today: string): string | { error: string } {
  const t = text;
  // The common case first: DD/MM/YYYY as party systems write it.
  const quick = DD_MM_YYYY.exec(t);
  if (quick) {
    const iso = `${quick[3]}-${quick[2]}-${quick[1]}`;
    if (isIsoDate(iso)) return iso > today ? { error: `the join date ${formatUkDate(iso)} is in the future` } : iso;
  }
  if (t === '') return { error: 'the join date is missing' };
  if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(t)) return { error: `the join date "${t}" has a two-digit year; write the year in full, e.g. 14/06/2019` };
  const iso = parseUkDate(t);
  if (!iso) {
    return { error: /^\d{4}-\d{2}-\d{2}$|^\d{1,2}\/\d{1,2}\/\d{4}$/.test(t) ? `the join date "${t}" is not a real date` : `the join date "${t}" is not a date in DD/MM/YYYY or YYYY-MM-DD form` };
  }
  if (iso > today) return { error: `the join date ${formatUkDate(iso)} is in the future` };
  return iso;
}

/** The lines each membership number appears on; every row that names one counts, valid or not. */
function numberLines(records: readonly CsvRecord[], mapping: ColumnMapping): Map<string, number | number[]> {
  const col = mapping.indexOf('membershipNumber');
  const linesByNumber = new Map<string, number | number[]>();
  for (const r of records) {
    const number = col < 0 ? '' : (r.fields[col] ?? '').trim();
    if (number === '') continue;
    const key = membershipKey(number);
    const seen = linesByNumber.get(key);
    linesByNumber.set(key, seen === undefined ? r.line : Array.isArray(seen) ? [...seen, r.line] : [seen, r.line]);
  }
  return linesByNumber;
}

/** Membership numbers seen so far, for a file checked a part at a time: duplicates are settled at the end. */
export class NumberTracker {
  private readonly lines = new Map<string, number | number[]>();

  see(key: string, line: number): void {
    const seen = this.lines.get(key);
    this.lines.set(key, seen === undefined ? line : Array.isArray(seen) ? [...seen, line] : [seen, line]);
  }

  /** Every number on more than one row, with its lines. */
  duplicates(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const [key, lines] of this.lines) if (Array.isArray(lines)) out.set(key, lines);
    return out;
  }
}

/** A reason names at most this many of the other lines a number is on (and counts the rest). */
const NAMED_LINES = 10;

export function duplicateReason(lines: readonly number[], line: number): string {
  const count = lines.length - 1;
  const named: number[] = [];
  for (const l of lines) {
    if (named.length === NAMED_LINES) break;
    if (l !== line) named.push(l);
  }
  const more = count - named.length;
  return `the same membership number is also on line${count > 1 ? 's' : ''} ${named.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-GB')} more` : ''}, so it is not clear who this is`;
}

/**
 * Turns mapped CSV records into members and row errors; duplicated membership numbers reject
 * every such row. To check a file a part at a time, pass null and a NumberTracker instead,
 * and settle duplicates at the end.
 */
export function readMemberRows(
  records: readonly CsvRecord[],
  width: number,
  mapping: ColumnMapping,
  today: string,
  linesByNumber: Map<string, number | number[]> | null = numberLines(records, mapping),
  tracker?: NumberTracker,
): { members: MemberRow[]; errors: RowError[] } {
  const col = (f: string) => mapping.indexOf(f as never);
  const idx = {
    number: col('membershipNumber'),
    first: col('firstName'),
    last: col('lastName'),
    full: col('fullName'),
    postcode: col('postcode'),
    branch: col('branch'),
    joinDate: col('joinDate'),
    status: col('status'),
  };
  const addressCols = mapping.flatMap((m, i) => (m === 'address' ? [i] : []));
  const members: MemberRow[] = [];
  const errors: RowError[] = [];
  // This loop runs once per member of a 100,000-row list: it allocates only what it keeps.
  for (const r of records) {
    const f = r.fields;
    if (f.length !== width) {
      errors.push({ line: r.line, reason: `The row has ${f.length} values but the header has ${width}` });
      continue;
    }
    let reasons: string[] | null = null;
    const fail = (reason: string) => (reasons ??= []).push(reason);
    const number = cell(f, idx.number);
    if (number === '') fail('the membership number is missing');
    else {
      const key = membershipKey(number);
      tracker?.see(key, r.line);
      const seen = linesByNumber?.get(key);
      if (Array.isArray(seen)) fail(duplicateReason(seen, r.line));
    }
    const firstName = cell(f, idx.first);
    const lastName = cell(f, idx.last);
    const fullName = cell(f, idx.full) || (firstName && lastName ? `${firstName} ${lastName}` : firstName || lastName);
    if (fullName === '') fail('the name is missing');
    const postcodeText = cell(f, idx.postcode);
    const postcode = normalisePostcode(postcodeText);
    if (!postcode) fail(postcodeText === '' ? 'the postcode is missing' : `"${postcodeText}" is not a UK postcode`);
    const branch = cell(f, idx.branch);
    if (branch === '') fail('the branch is missing');
    const date = readDate(cell(f, idx.joinDate), today);
    if (typeof date !== 'string') fail(date.error);
    const statusText = cell(f, idx.status);
    const lower = statusText.toLowerCase();
    const status = STATUS.get(lower) ?? STATUS.get(lower.replace(/\s+/g, ' '));
    if (!status) fail(statusText === '' ? 'the status is missing' : `the status "${statusText}" is not one Teller knows (active, current, member, arrears, lapsed, suspended, resigned, expelled)`);
    if (reasons !== null || !postcode || typeof date !== 'string' || !status) {
      errors.push({ line: r.line, reason: capitalise((reasons ?? []).join('; ')) });
      continue;
    }
    let address = '';
    for (const i of addressCols) {
      const part = cell(f, i);
      if (part) address = address ? `${address}, ${part}` : part;
    }
    members.push({ line: r.line, membershipNumber: number, firstName, lastName, fullName, address, postcode, branch, joinDate: date, status });
  }
  return { members, errors };
}

function cell(fields: readonly string[], i: number): string {
  return i < 0 ? '' : (fields[i] ?? '').trim();
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
