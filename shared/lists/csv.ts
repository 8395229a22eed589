/**
 * RFC 4180 CSV as party systems and Excel write it: quoted fields with doubled quotes,
 * CRLF or LF line ends, a trailing empty line, and `,`, `;` or tab separators. Every record
 * keeps the physical line it starts on, so errors can point at the line in the file.
 */

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

export interface CsvRecord {
  line: number;
  fields: string[];
}

type CsvSeparator = ',' | ';' | '\t';

export interface CsvTable {
  separator: CsvSeparator;
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

const BINARY = 'This is not a CSV file: it contains binary data. Export the list from the party system as CSV and try again.';

/** The first bytes, looked at for binary data. */
const SAMPLE = 1 << 16;
/** Bytes are checked as UTF-8 this many at a time, so the text made is small and soon let go. */
const CHECK_PIECE = 1 << 16;

/**
 * The encoding of CSV bytes fed a piece at a time (BOM, valid UTF-8 throughout, else
 * Windows-1252); `finish` refuses empty and binary files.
 */
export class CsvEncodingDetector {
  private readonly sample = new Uint8Array(SAMPLE);
  private sampled = 0;
  private length = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private utf8 = true;

  feed(bytes: Uint8Array): void {
    if (this.sampled < SAMPLE) {
      const take = bytes.subarray(0, SAMPLE - this.sampled);
      this.sample.set(take, this.sampled);
      this.sampled += take.length;
    }
    this.length += bytes.length;
    if (!this.utf8) return;
    try {
      for (let at = 0; at < bytes.length; at += CHECK_PIECE) this.decoder.decode(bytes.subarray(at, at + CHECK_PIECE), { stream: true });
    } catch {
      this.utf8 = false;
    }
  }

  /**
   * All the bytes at once, on a detector fed nothing else, with whether they are UTF-8 already
   * known: the same findings as `feed`, without decoding the file only to check it (Node checks
   * UTF-8 natively, many times faster).
   */
  feedWhole(bytes: Uint8Array, utf8: boolean): void {
    const take = bytes.subarray(0, SAMPLE - this.sampled);
    this.sample.set(take, this.sampled);
    this.sampled += take.length;
    this.length += bytes.length;
    this.utf8 = this.utf8 && utf8;
  }

  finish(): CsvEncoding {
    if (this.length === 0) throw new CsvFileError('The file is empty.');
    const sample = this.sample.subarray(0, this.sampled);
    let control = 0;
    for (const b of sample) {
      if (b === 0) throw new CsvFileError(BINARY);
      if (b < 32 && b !== 9 && b !== 10 && b !== 13) control += 1;
    }
    if (control > sample.length / 100) throw new CsvFileError(BINARY);
    if (this.utf8) {
      try {
        this.decoder.decode(); // a character cut off at the end is not UTF-8
      } catch {
        this.utf8 = false;
      }
    }
    if (!this.utf8) return 'windows-1252';
    return sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? 'utf-8-bom' : 'utf-8';
  }
}

/**
 * The encoding of CSV bytes (BOM, valid UTF-8, else Windows-1252); refuses empty and binary
 * files. `isUtf8`, where the runtime has one, checks UTF-8 without decoding.
 */
function detectCsvEncoding(bytes: Uint8Array, isUtf8?: (bytes: Uint8Array) => boolean): CsvEncoding {
  const detector = new CsvEncodingDetector();
  if (isUtf8) detector.feedWhole(bytes, isUtf8(bytes));
  else detector.feed(bytes);
  return detector.finish();
}

/**
 * The text of CSV bytes that come a piece at a time, in the encoding `detectCsvEncoding`
 * found, a piece of text for each (a character split between pieces comes whole in the later).
 */
export function* decodeCsvPieces(pieces: Iterable<Uint8Array>, encoding: CsvEncoding): Generator<string> {
  if (encoding === 'windows-1252') {
    for (const piece of pieces) yield decodeWindows1252(piece);
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  for (const piece of pieces) yield decoder.decode(piece, { stream: true });
  yield decoder.decode();
}

/** Detects the encoding (BOM, valid UTF-8, else Windows-1252) and decodes; refuses binary files. */
export function decodeCsvBytes(bytes: Uint8Array, isUtf8?: (bytes: Uint8Array) => boolean): { text: string; encoding: CsvEncoding } {
  const encoding = detectCsvEncoding(bytes, isUtf8);
  const text = encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  return { text, encoding };
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

/**
 * The separator of a file fed a piece at a time: whichever of tab, `,` and `;` the first line
 * (outside quotes) has most of; a tie goes to tab, then `,` (a header rarely holds a tab by chance).
 */
export class SeparatorDetector {
  private commas = 0;
  private semicolons = 0;
  private tabs = 0;
  private quoted = false;
  /** True once the first line has ended: more text changes nothing. */
  done = false;

  feed(text: string): void {
    for (let i = 0; i < text.length && !this.done; i++) {
      const c = text[i];
      if (c === '"') this.quoted = !this.quoted;
      else if (!this.quoted && (c === '\n' || c === '\r')) this.done = true;
      else if (!this.quoted && c === ',') this.commas += 1;
      else if (!this.quoted && c === ';') this.semicolons += 1;
      else if (!this.quoted && c === '\t') this.tabs += 1;
    }
  }

  get separator(): CsvSeparator {
    if (this.tabs > 0 && this.tabs >= this.commas && this.tabs >= this.semicolons) return '\t';
    return this.semicolons > this.commas ? ';' : ',';
  }
}

export function detectSeparator(text: string): CsvSeparator {
  const detector = new SeparatorDetector();
  detector.feed(text);
  return detector.separator;
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
export function csvRecords(text: string, separator: CsvSeparator = detectSeparator(text), progress: { at: number } = { at: 0 }): Generator<CsvRecord> {
  return csvRecordsOfPieces([text], separator, progress);
}

/**
 * The records of CSV text that comes a piece at a time (as `decodeCsvPieces` gives it): the
 * same records, lines and errors as `csvRecords` gives for the pieces joined, whatever the
 * splits, even inside a quoted value or between CR and LF. Only the record being read is held
 * beyond the current piece; `progress.at` follows the position in the whole text.
 */
export function* csvRecordsOfPieces(pieces: Iterable<string>, separator: CsvSeparator, progress: { at: number } = { at: 0 }): Generator<CsvRecord> {
  const sep = separator.charCodeAt(0);
  const source = pieces[Symbol.iterator]();
  let text = '';
  let at = 0; // where the next record starts in `text`
  let base = 0; // how much of the whole text came before `text`
  let final = false; // `text` runs to the end of the whole text
  let line = 1;
  for (;;) {
    if (!final) {
      // A record that ran past the end is read again with more text: at least as much again
      // as it already has, so a long record is read again only a few times.
      const rest = text.slice(at);
      base += at;
      at = 0;
      const parts = rest === '' ? [] : [rest];
      let added = 0;
      while (added < Math.max(1, rest.length)) {
        const next = source.next();
        if (next.done) {
          final = true;
          break;
        }
        parts.push(next.value);
        added += next.value.length;
      }
      text = parts.length === 1 ? parts[0]! : parts.join('');
    }
    for (;;) {
      if (at > text.length) return;
      const read = readRecord(text, at, final, sep, line);
      if (read === null) break; // the record runs past the text read so far
      at = read.next;
      line += read.lines;
      progress.at = base + at;
      if (read.record.fields.some((f) => f !== '')) yield read.record;
    }
  }
}

/**
 * The record starting at `i` (on line `recordLine`), where the next one starts, and how many
 * lines it spans. Unless `final`, null if the record (or its last line break) might go
 * on past the end of `text`.
 */
function readRecord(text: string, i: number, final: boolean, sep: number, recordLine: number): { record: CsvRecord; next: number; lines: number } | null {
  const n = text.length;
  const fields: string[] = [];
  let line = recordLine;
  // Fields are sliced out of the text, not built a character at a time: 100,000 rows in well under a second.
  for (;;) {
    let value: string;
    if (text.charCodeAt(i) === 34) {
      const quoteLine = line;
      let parts = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) {
          if (!final) return null;
          throw new CsvFileError(`A quoted value that starts on line ${quoteLine} is never closed, so the rest of the file cannot be read. Check that line for a stray " mark.`);
        }
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
    if (i === n && !final) return null; // the value may go on (or a closing quote be the first of a doubled one)
    fields.push(value);
    if (fields.length > MAX_FIELDS) throw new CsvFileError(`Line ${recordLine} has more than ${MAX_FIELDS.toLocaleString('en-GB')} values, so this is not a list Teller can read. Check it is the right file.`);
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === sep) {
      i++;
      continue;
    }
    // End of a record: a line break or the end of the text.
    if (c === 13 && i + 1 === n && !final) return null; // its LF may come next
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else i += 1;
    return { record: { line: recordLine, fields }, next: i, lines: line + 1 - recordLine };
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
