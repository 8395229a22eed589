import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUtf8 } from 'node:buffer';
import { csvCell, CsvEncodingDetector, CsvFileError, csvRecords, csvRecordsOfPieces, decodeCsvBytes, decodeCsvPieces, detectSeparator, parseCsv, SeparatorDetector } from '../../../shared/lists/csv';

const enc = (s: string) => new TextEncoder().encode(s);
const quote = (v: string) => (/[",;\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);

describe('CSV parsing', () => {
  it('reads quoted fields, doubled quotes, embedded newlines, and keeps physical line numbers', () => {
    const t = parseCsv('Name,Address\r\n"O\'Neill, Siân","1 Mill Lane\r\nAshbrook"\r\n"Say ""hi""",x\r\n');
    expect(t.header.fields).toEqual(['Name', 'Address']);
    expect(t.records).toEqual([
      { line: 2, fields: ["O'Neill, Siân", '1 Mill Lane\r\nAshbrook'] },
      { line: 4, fields: ['Say "hi"', 'x'] },
    ]);
  });

  it('accepts LF or CRLF, a trailing empty line, blank lines, and ; as separator', () => {
    expect(parseCsv('a;b\n1;2\n\n3;4\n').records).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
    expect(parseCsv('a;b\n1;2').separator).toBe(';');
  });

  it('reads tab-separated files, as council registers are written, commas and all', () => {
    const t = parseCsv('Elector Number\tElector Surname\tAddress1\n12\tO\'Neill\tFlat 3, 181 Salmon Lane\n');
    expect(t.separator).toBe('\t');
    expect(t.records).toEqual([{ line: 2, fields: ['12', "O'Neill", 'Flat 3, 181 Salmon Lane'] }]);
    // A comma-separated header that happens to hold a tab is still comma-separated.
    expect(detectSeparator('a,b,c\td\n')).toBe(',');
    expect(detectSeparator('a\tb;c\n')).toBe('\t');
  });

  it('refuses an unterminated quote, naming the line it opens on', () => {
    expect(() => parseCsv('a,b\n1,2\n"3,4\n5,6\n')).toThrow(/starts on line 3 is never closed/);
  });

  it('refuses a file with no header', () => {
    expect(() => parseCsv('\n\n')).toThrow(CsvFileError);
    expect(() => parseCsv(',,\n,,\n')).toThrow('The file has no header row.');
  });

  it('round-trips any table written with standard quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', ';', '"', '\n', '\r\n', 'Z', '0') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 8 })), (rows) => {
        const header = rows[0]!.map((_, i) => `h${i}`);
        const text = [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n');
        const parsed = parseCsv(text);
        expect(parsed.records.map((r) => r.fields)).toEqual(rows.filter((r) => r.some((c) => c !== '')));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but a CsvFileError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parseCsv(s);
        } catch (e) {
          expect(e).toBeInstanceOf(CsvFileError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

/** The text cut at the given places (sorted, any number, repeats give empty pieces). */
function cut(text: string, at: number[]): string[] {
  const points = [0, ...at.map((a) => a % (text.length + 1)).sort((a, b) => a - b), text.length];
  return points.slice(1).map((p, i) => text.slice(points[i], p));
}

/** Every record, or the error that stopped the reading, and how far the progress got. */
function outcome(read: () => Iterable<unknown>): unknown {
  const got: unknown[] = [];
  try {
    for (const r of read()) got.push(r);
  } catch (e) {
    got.push(e instanceof CsvFileError ? `error: ${e.message}` : e);
  }
  return got;
}

describe('CSV read a piece at a time', () => {
  // Text made of what makes the parser think: quotes, separators, CR, LF, blank lines.
  const csvText = fc.string({ unit: fc.constantFrom('a', 'é', 'Ł', ' ', ',', ';', '\t', '"', '""', '\n', '\r', '\r\n', '"\r\n"', '0'), maxLength: 120 });
  const cuts = fc.array(fc.nat(), { maxLength: 12 });

  it('gives exactly the records (and lines, and errors) of the whole text, however it is split', () => {
    fc.assert(
      fc.property(csvText, cuts, fc.constantFrom(',' as const, ';' as const, '\t' as const), (text, at, separator) => {
        const whole = outcome(() => csvRecords(text, separator));
        expect(outcome(() => csvRecordsOfPieces(cut(text, at), separator))).toEqual(whole);
      }),
      { numRuns: 3000 },
    );
  });

  it('splits inside a quoted value with line breaks, a doubled quote, and between CR and LF', () => {
    const text = 'Name,Address\r\n"Say ""hi""","1 Mill Lane\r\nAshbrook"\r\nZoë,x\r\n';
    const whole = [...csvRecords(text, ',')];
    expect(whole).toEqual([
      { line: 1, fields: ['Name', 'Address'] },
      { line: 2, fields: ['Say "hi"', '1 Mill Lane\r\nAshbrook'] },
      { line: 4, fields: ['Zoë', 'x'] },
    ]);
    for (let i = 0; i <= text.length; i++) for (let j = i; j <= text.length; j++) expect([...csvRecordsOfPieces(cut(text, [i, j]), ',')]).toEqual(whole);
    // One character at a time, too.
    expect([...csvRecordsOfPieces(text.split(''), ',')]).toEqual(whole);
  });

  it('follows the position in the whole text as records are read', () => {
    const text = 'a,b\n1,2\r\n\n"3\n",4';
    const progress = { at: 0 };
    const seen: number[] = [];
    for (const r of csvRecordsOfPieces(cut(text, [2, 7, 13]), ',', progress)) seen.push(r.line, progress.at);
    expect(seen).toEqual([1, 4, 2, 9, 4, text.length + 1]);
  });

  it('finds the same separator from the first line, however it is split', () => {
    fc.assert(
      fc.property(csvText, cuts, (text, at) => {
        const detector = new SeparatorDetector();
        for (const piece of cut(text, at)) detector.feed(piece);
        expect(detector.separator).toBe(detectSeparator(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes bytes in pieces to exactly the whole text, a character split between pieces or not', () => {
    const bytes = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', 'Ł', '€', '😀', ',', '\n'), minLength: 1 }).map((s) => new TextEncoder().encode(s)),
      fc.uint8Array({ minLength: 1, maxLength: 60 }).map((b) => b.map((x) => (x < 32 ? 65 : x))),
      fc.string({ minLength: 1 }).map((s) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(s)])),
    );
    fc.assert(
      fc.property(bytes, fc.integer({ min: 1, max: 9 }), (b, size) => {
        const whole = decodeCsvBytes(b);
        const split: Uint8Array[] = [];
        for (let at = 0; at < b.length; at += size) split.push(b.subarray(at, at + size));
        const detector = new CsvEncodingDetector();
        for (const piece of split) detector.feed(piece);
        expect(detector.finish()).toBe(whole.encoding);
        expect([...decodeCsvPieces(split, whole.encoding)].join('')).toBe(whole.text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('encodings', () => {
  it('detects UTF-8, UTF-8 with BOM and Windows-1252, and gets the names right', () => {
    expect(decodeCsvBytes(enc('Name\nZoë'))).toEqual({ text: 'Name\nZoë', encoding: 'utf-8' });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('Name\nSiân')]))).toEqual({ text: 'Name\nSiân', encoding: 'utf-8-bom' });
    // "Zoë O’Neill" as Excel writes it in Windows-1252: ë = 0xEB, ’ = 0x92.
    const cp1252 = new Uint8Array([...enc('Name\nZo'), 0xeb, ...enc(' O'), 0x92, ...enc('Neill')]);
    expect(decodeCsvBytes(cp1252)).toEqual({ text: 'Name\nZoë O’Neill', encoding: 'windows-1252' });
  });

  it('finds the same with Node’s native UTF-8 check as by decoding, for any bytes', () => {
    const outcome = (f: () => unknown) => {
      try {
        return f();
      } catch (e) {
        return (e as Error).message;
      }
    };
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.string({ unit: fc.constantFrom('a', 'é', 'Ł', '€', '😀', ',', '\n', '\0'), maxLength: 40 }).map((s) => new TextEncoder().encode(s)),
      // Valid UTF-8 cut or spoilt at one byte: truncated characters, stray continuation bytes, surrogates, overlongs.
      fc.tuple(fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀'), minLength: 1, maxLength: 20 }), fc.nat(), fc.constantFrom(-1, 0x80, 0xbf, 0xc0, 0xed, 0xf4, 0xf5, 0xff)).map(([s, at, b]) => {
        const e = new TextEncoder().encode(s);
        return b === -1 ? e.subarray(0, at % e.length) : e.map((x, i) => (i === at % e.length ? b : x));
      }),
      fc.string({ maxLength: 20 }).map((s) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(s)])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        expect(outcome(() => decodeCsvBytes(b, isUtf8))).toEqual(outcome(() => decodeCsvBytes(b)));
      }),
      { numRuns: 3000 },
    );
    expect(decodeCsvBytes(new Uint8Array([...enc('Name\nZo'), 0xeb]), isUtf8).encoding).toBe('windows-1252');
  });

  it('refuses empty and binary files', () => {
    expect(() => decodeCsvBytes(new Uint8Array())).toThrow('The file is empty.');
    expect(() => decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toThrow(/binary data/);
  });
});

describe('cells Teller writes', () => {
  it('defuses spreadsheet formulas and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","click")')).toBe('"\'=HYPERLINK(""http://x"",""click"")"');
    expect(csvCell('+44 20')).toBe('"\'+44 20"');
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
