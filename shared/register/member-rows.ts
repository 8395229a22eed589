import { formatUkDate, parseUkDate } from '../dates';
import type { CsvRecord } from './csv';
import type { ColumnMapping } from './member-fields';
import { normalisePostcode } from './postcode';

export type MemberStatus = 'good-standing' | 'arrears' | 'lapsed' | 'suspended' | 'resigned' | 'expelled';

const STATUS = new Map<string, MemberStatus>(Object.entries({
  active: 'good-standing',
  current: 'good-standing',
  member: 'good-standing',
  arrears: 'arrears',
  'in arrears': 'arrears',
  lapsed: 'lapsed',
  suspended: 'suspended',
  resigned: 'resigned',
  expelled: 'expelled',
}) as [string, MemberStatus][]);

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

function readDate(text: string, today: string): { date: string } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'the join date is missing' };
  if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(t)) return { error: `the join date "${t}" has a two-digit year; write the year in full, e.g. 14/06/2019` };
  const iso = parseUkDate(t);
  if (!iso) {
    return { error: /^\d{4}-\d{2}-\d{2}$|^\d{1,2}\/\d{1,2}\/\d{4}$/.test(t) ? `the join date "${t}" is not a real date` : `the join date "${t}" is not a date in DD/MM/YYYY or YYYY-MM-DD form` };
  }
  if (iso > today) return { error: `the join date ${formatUkDate(iso)} is in the future` };
  return { date: iso };
}

/** Turns mapped CSV records into members and row errors; duplicated membership numbers reject every such row. */
export function readMemberRows(records: readonly CsvRecord[], width: number, mapping: ColumnMapping, today: string): { members: MemberRow[]; errors: RowError[] } {
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
  // Every row that names a membership number counts towards duplicates, valid or not.
  const linesByNumber = new Map<string, number[]>();
  for (const r of records) {
    const number = idx.number < 0 ? '' : (r.fields[idx.number] ?? '').trim();
    if (number === '') continue;
    const key = membershipKey(number);
    linesByNumber.set(key, [...(linesByNumber.get(key) ?? []), r.line]);
  }
  const members: MemberRow[] = [];
  const errors: RowError[] = [];
  for (const r of records) {
    if (r.fields.length !== width) {
      errors.push({ line: r.line, reason: `The row has ${r.fields.length} values but the header has ${width}` });
      continue;
    }
    const get = (i: number) => (i < 0 ? '' : (r.fields[i] ?? '').trim());
    const reasons: string[] = [];
    const number = get(idx.number);
    if (number === '') reasons.push('the membership number is missing');
    const others = (linesByNumber.get(membershipKey(number)) ?? []).filter((l) => l !== r.line);
    if (number !== '' && others.length > 0) {
      reasons.push(`the same membership number is also on line${others.length > 1 ? 's' : ''} ${others.join(', ')}, so it is not clear who this is`);
    }
    const firstName = get(idx.first);
    const lastName = get(idx.last);
    const fullName = get(idx.full) || [firstName, lastName].filter(Boolean).join(' ');
    if (fullName === '') reasons.push('the name is missing');
    const postcodeText = get(idx.postcode);
    const postcode = normalisePostcode(postcodeText);
    if (!postcode) reasons.push(postcodeText === '' ? 'the postcode is missing' : `"${postcodeText}" is not a UK postcode`);
    const branch = get(idx.branch);
    if (branch === '') reasons.push('the branch is missing');
    const date = readDate(get(idx.joinDate), today);
    if ('error' in date) reasons.push(date.error);
    const statusText = get(idx.status);
    const status = STATUS.get(statusText.toLowerCase().replace(/\s+/g, ' '));
    if (!status) reasons.push(statusText === '' ? 'the status is missing' : `the status "${statusText}" is not one Teller knows (active, current, member, arrears, lapsed, suspended, resigned, expelled)`);
    if (reasons.length > 0 || !postcode || 'error' in date || !status) {
      errors.push({ line: r.line, reason: capitalise(reasons.join('; ')) });
      continue;
    }
    members.push({
      line: r.line,
      membershipNumber: number,
      firstName,
      lastName,
      fullName,
      address: addressCols.map((i) => get(i)).filter(Boolean).join(', '),
      postcode,
      branch,
      joinDate: date.date,
      status,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { members, errors };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
