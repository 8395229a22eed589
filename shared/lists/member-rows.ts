import { formatUkDate } from '../dates';
import type { CsvRecord } from './csv';
import { readListDate } from './list-dates';
import type { ColumnMapping } from './member-fields';
import type { MemberStatus } from './member-status';
import { EMPTY_VOCABULARY, ListNotes, VocabularyReader } from './member-vocabulary';
import { normalisePostcode } from './postcode';

export { MEMBER_STATUSES, type MemberStatus } from './member-status';

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
  /** The status as the list wrote it. */
  statusText: string;
  /** The member's electoral roll number as the list gives it ('' if none). */
  rollNumber: string;
  /** Member continuously since (YYYY-MM-DD), or '' when the list does not say. */
  continuousSince: string;
  /** The member's email as the list gives it ('' if none): online meetings match participants by it. */
  email: string;
}

export interface RowError {
  line: number;
  reason: string;
}

export function membershipKey(number: string): string {
  return number.trim().toLowerCase();
}

/** An ISO date, or why the text is not a usable date; `what` names it ("the join date"). */
function readDate(text: string, today: string, what: string, onSerial: (iso: string) => void): string | { error: string } {
  if (text === '') return { error: `${what} is missing` };
  const read = readListDate(text, today);
  if (read.kind === 'not-real') return { error: `${what} "${text}" is not a real date` };
  if (read.kind === 'not-a-date') return { error: `${what} "${text}" is not a date Teller can read (write it like 14/06/2019 or 2019-06-14)` };
  if (read.iso > today) return { error: `${what} ${formatUkDate(read.iso)} is in the future` };
  if (read.excelSerial) onSerial(read.iso);
  return read.iso;
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
 * and settle duplicates at the end. Statuses and branch names are read by `reader`: a row
 * whose status or branch it cannot read yet is neither a member nor an error but `held`
 * (the import asks how to read them); `notes` counts every status and branch text, and the
 * dates written as Excel serials.
 */
export function readMemberRows(
  records: readonly CsvRecord[],
  width: number,
  mapping: ColumnMapping,
  today: string,
  linesByNumber: Map<string, number | number[]> | null = numberLines(records, mapping),
  tracker?: NumberTracker,
  reader: VocabularyReader = new VocabularyReader(EMPTY_VOCABULARY),
  notes: ListNotes = new ListNotes(),
): { members: MemberRow[]; errors: RowError[]; held: number } {
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
    roll: col('rollNumber'),
    continuous: col('continuousSince'),
    email: col('email'),
  };
  const addressCols = mapping.flatMap((m, i) => (m === 'address' ? [i] : []));
  const members: MemberRow[] = [];
  const errors: RowError[] = [];
  let held = 0;
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
    const branchText = cell(f, idx.branch);
    const branch = branchText === '' ? null : reader.branch(branchText);
    if (branch === null) fail('the branch is missing');
    else if (branch.refused) fail(`the branch "${branchText}" is not one of the CLP’s branches, and was refused at import`);
    const joinText = cell(f, idx.joinDate);
    let serial: { text: string; iso: string } | undefined;
    const date = readDate(joinText, today, 'the join date', (iso) => (serial = { text: joinText, iso }));
    if (typeof date !== 'string') fail(date.error);
    const continuousText = cell(f, idx.continuous);
    const continuous = continuousText === '' ? '' : readDate(continuousText, today, 'the continuous membership date', (iso) => (serial ??= { text: continuousText, iso }));
    if (typeof continuous !== 'string') fail(continuous.error);
    const statusText = cell(f, idx.status);
    const status = reader.status(statusText).status;
    // A row refused only for its branch is counted with the rest, so the preview shows the refused name.
    const failures = reasons as string[] | null; // filled by fail() above
    if ((failures === null || (failures.length === 1 && branch?.refused === true)) && branch !== null) {
      notes.countStatus(statusText);
      notes.countBranch(branchText);
      if (serial) notes.serial(r.line, serial.text, serial.iso); // set by the callbacks above
    }
    if (failures !== null || !postcode || typeof date !== 'string' || typeof continuous !== 'string' || branch === null) {
      errors.push({ line: r.line, reason: capitalise((failures ?? []).join('; ')) });
      continue;
    }
    if (status === null || branch.branch === null) {
      held += 1;
      continue;
    }
    let address = '';
    for (const i of addressCols) {
      const part = cell(f, i);
      if (part) address = address ? `${address}, ${part}` : part;
    }
    members.push({
      line: r.line,
      membershipNumber: number,
      firstName,
      lastName,
      fullName,
      address,
      postcode,
      branch: branch.branch,
      joinDate: date,
      status,
      statusText,
      rollNumber: cell(f, idx.roll),
      continuousSince: continuous,
      email: cell(f, idx.email),
    });
  }
  return { members, errors, held };
}

function cell(fields: readonly string[], i: number): string {
  return i < 0 ? '' : (fields[i] ?? '').trim();
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
