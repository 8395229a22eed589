import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, CsvFileError, decodeCsvBytes, parseCsv } from '../../../shared/lists/csv';

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

describe('encodings', () => {
  it('detects UTF-8, UTF-8 with BOM and Windows-1252, and gets the names right', () => {
    expect(decodeCsvBytes(enc('Name\nZoë'))).toEqual({ text: 'Name\nZoë', encoding: 'utf-8' });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('Name\nSiân')]))).toEqual({ text: 'Name\nSiân', encoding: 'utf-8-bom' });
    // "Zoë O’Neill" as Excel writes it in Windows-1252: ë = 0xEB, ’ = 0x92.
    const cp1252 = new Uint8Array([...enc('Name\nZo'), 0xeb, ...enc(' O'), 0x92, ...enc('Neill')]);
    expect(decodeCsvBytes(cp1252)).toEqual({ text: 'Name\nZoë O’Neill', encoding: 'windows-1252' });
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
