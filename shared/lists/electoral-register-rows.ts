import type { CsvRecord } from './csv';
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
  franchise: string;
}

function electorNumber(prefix: string, number: string, suffix: string): string {
  return `${prefix ? `${prefix}-` : ''}${number}${suffix ? `/${suffix}` : ''}`;
}

/** Turns mapped register records into entries and row errors. */
export function readRegisterRows(records: readonly CsvRecord[], width: number, mapping: RegisterMapping): { entries: RegisterRow[]; errors: RowError[] } {
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
    const surname = get(col('surname'));
    if (surname === '') reasons.push('the surname is missing');
    const forenames = get(col('forenames'));
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
    });
  }
  return { entries, errors };
}
