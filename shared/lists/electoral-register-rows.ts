import type { CsvRecord } from './csv';
import { readListDate } from './list-dates';
import type { RowError } from './member-rows';
import { normalisePostcode } from './postcode';
import type { RegisterMapping } from './electoral-register-fields';

export interface RegisterRow {
  line: number;
  /** Shown as the council writes it: prefix-number/suffix, e.g. "AB-123/1". */
  elector: string;
  surname: string;
  forenames: string;
  address: string;
  postcode: string;
  /** The register's markers for the elector as the council writes them (E, F, G, K, L, M, N, …), kept as evidence. */
  franchise: string;
  /** Date of birth, YYYY-MM-DD, or '' when the register gives none (or one Teller cannot read). */
  dob: string;
}

/**
 * One "Elector Name" as councils write it, "SURNAME, Forename Middle", as surname and
 * forenames. Without a comma, a first word in capitals is the surname ("SMITH John"), else the last word is.
 */
export function splitElectorName(name: string): { surname: string; forenames: string } {
  const text = name.trim().replace(/\s+/g, ' ');
  const comma = text.indexOf(',');
  if (comma >= 0) return { surname: text.slice(0, comma).trim(), forenames: text.slice(comma + 1).trim() };
  const words = text.split(' ');
  if (words.length < 2) return { surname: text, forenames: '' };
  const first = words[0]!;
  if (first === first.toUpperCase() && /\p{Lu}/u.test(first) && words.slice(1).some((w) => w !== w.toUpperCase())) return { surname: first, forenames: words.slice(1).join(' ') };
  return { surname: words[words.length - 1]!, forenames: words.slice(0, -1).join(' ') };
}

function electorNumber(prefix: string, number: string, suffix: string): string {
  return `${prefix ? `${prefix}-` : ''}${number}${suffix ? `/${suffix}` : ''}`;
}

/** Turns mapped register records into entries and row errors; `today` sets the two-digit-year pivot of dates of birth. */
export function readRegisterRows(records: readonly CsvRecord[], width: number, mapping: RegisterMapping, today: string): { entries: RegisterRow[]; errors: RowError[] } {
  const nameColumn = mapping.indexOf('electorName');
  const partsMapped = mapping.includes('surname') && mapping.includes('forenames');
  const col = (f: string) => mapping.indexOf(f as never);
  const addressCols = mapping.flatMap((m, i) => (m === 'address' ? [i] : []));
  const entries: RegisterRow[] = [];
  const errors: RowError[] = [];
  for (const r of records) {
    if (r.fields.length !== width) {
      errors.push({ line: r.line, reason: `The row has ${r.fields.length} values but the header has ${width}` });
      continue;
    }
    const get = (i: number) => (i < 0 ? '' : (r.fields[i] ?? '').trim());
    const reasons: string[] = [];
    const number = get(col('electorNumber'));
    if (number === '') reasons.push('the elector number is missing');
    const split = partsMapped || nameColumn < 0 ? null : splitElectorName(get(nameColumn));
    const surname = split ? split.surname : get(col('surname'));
    if (surname === '') reasons.push(split ? 'the name is missing' : 'the surname is missing');
    const forenames = split ? split.forenames : get(col('forenames'));
    const postcodeText = get(col('postcode'));
    const postcode = normalisePostcode(postcodeText);
    if (!postcode) reasons.push(postcodeText === '' ? 'the postcode is missing' : `"${postcodeText}" is not a UK postcode`);
    if (reasons.length > 0 || !postcode) {
      const text = reasons.join('; ');
      errors.push({ line: r.line, reason: text.charAt(0).toUpperCase() + text.slice(1) });
      continue;
    }
    entries.push({
      line: r.line,
      elector: electorNumber(get(col('electorPrefix')), number, get(col('electorSuffix'))),
      surname,
      forenames,
      address: addressCols.map((i) => get(i)).filter(Boolean).join(', '),
      postcode,
      franchise: get(col('franchise')),
      dob: dateOfBirth(get(col('dob')), today),
    });
  }
  return { entries, errors };
}

function dateOfBirth(text: string, today: string): string {
  if (text === '') return '';
  const read = readListDate(text, today);
  return read.kind === 'date' && read.iso <= today ? read.iso : '';
}
