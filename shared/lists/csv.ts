/**
 * RFC 4180 CSV as party systems and Excel write it: quoted fields with doubled quotes,
 * CRLF or LF line ends, a trailing empty line, and `,` or `;` separators. Every record
 * keeps the physical line it starts on, so errors can point at the line in the file.
 */

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvTable {
  separator: ',' | ';';
  header: CsvRecord;
  records: CsvRecord[];
}

/** A problem with the whole file: nothing can be imported from it. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/** Detects the encoding (BOM, valid UTF-8, else Windows-1252) and decodes; refuses binary files. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes.length === 0) throw new CsvFileError('The file is empty.');
  const sample = bytes.subarray(0, Math.min(bytes.length, 1 << 16));
  let control = 0;
  for (const b of sample) {
    if (b === 0) throw new CsvFileError('This is not a CSV file: it contains binary data. Export the list from the party system as CSV and try again.');
    if (b < 32 && b !== 9 && b !== 10 && b !== 13) control += 1;
  }
  if (control > sample.length / 100) throw new CsvFileError('This is not a CSV file: it contains binary data. Export the list from the party system as CSV and try again.');
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (curly quotes, dashes, €…); some
// runtimes' TextDecoder treats the label as Latin-1, so the table is here.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const chars = new Array<string>(chunk.length);
    for (let j = 0; j < chunk.length; j++) {
      const b = chunk[j] ?? 0;
      chars[j] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? '') : String.fromCharCode(b);
    }
    out += chars.join('');
  }
  return out;
}

export function detectSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas += 1;
    else if (!quoted && c === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** Parses CSV text into a header and records; blank lines are skipped. */
export function parseCsv(text: string): CsvTable {
  const separator = detectSeparator(text);
  const records = [...csvRecords(text, separator)];
  const header = records.shift();
  if (!header) throw new CsvFileError('The file has no header row.');
  return { separator, header, records };
}

/** No list has this many columns: a record with more is refused, so one long line cannot exhaust memory. */
const MAX_FIELDS = 1000;

/**
 * The records of CSV text one at a time (blank lines skipped), so a large file can be checked
 * and saved while the rest is still being read. `progress.at` follows the position in the text.
 */
export function* csvRecords(text: string, separator: ',' | ';' = detectSeparator(text), progress: { at: number } = { at: 0 }): Generator<CsvRecord> {
  const sep = separator.charCodeAt(0);
  const n = text.length;
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // Fields are sliced out of the text, not built a character at a time: 100,000 rows in well under a second.
  while (i <= n) {
    let value: string;
    if (text.charCodeAt(i) === 34) {
      const quoteLine = line;
      let parts = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvFileError(`A quoted value that starts on line ${quoteLine} is never closed, so the rest of the file cannot be read. Check that line for a stray " mark.`);
        parts += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          parts += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      line += countLineBreaks(parts);
      // Anything between the closing quote and the separator is kept, as spreadsheets do.
      const start = i;
      while (i < n && !isBreak(text.charCodeAt(i), sep)) i++;
      value = parts + text.slice(start, i);
    } else {
      const start = i;
      while (i < n && !isBreak(text.charCodeAt(i), sep)) i++;
      value = text.slice(start, i);
    }
    fields.push(value);
    if (fields.length > MAX_FIELDS) throw new CsvFileError(`Line ${recordLine} has more than ${MAX_FIELDS.toLocaleString('en-GB')} values, so this is not a list Teller can read. Check it is the right file.`);
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === sep) {
      i++;
      continue;
    }
    // End of a record: a line break or the end of the text.
    const record = { line: recordLine, fields };
    fields = [];
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else i += 1;
    line += 1;
    recordLine = line;
    progress.at = i;
    if (record.fields.some((f) => f !== '')) yield record;
  }
}

function isBreak(c: number, sep: number): boolean {
  return c === sep || c === 10 || c === 13;
}

function countLineBreaks(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 10 || (c === 13 && s.charCodeAt(k + 1) !== 10)) count++;
  }
  return count;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell for a CSV Teller writes: quoted when needed, and defused if a spreadsheet would run it as a formula. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
