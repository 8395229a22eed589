import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../../shared/dates';
import { excelSerialDate, fullYear, readListDate, readOtherDate } from '../../../shared/lists/list-dates';

const TODAY = '2026-06-14';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const date = (iso: string, excelSerial = false) => ({ kind: 'date', iso, excelSerial });

/** Any real day from 1900 to 2099. */
const realDay = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }).map((d) => ({
  y: d.getUTCFullYear(),
  m: d.getUTCMonth() + 1,
  d: d.getUTCDate(),
  iso: d.toISOString().slice(0, 10),
}));
const two = (n: number) => String(n).padStart(2, '0');

describe('dates in a list', () => {
  it('reads every form found in real membership exports', () => {
    for (const text of ['09/05/2021', '9/5/2021', '09/05/2021 00:00', '09/05/2021 00:00:00', '2021-05-09', '2021-05-09T00:00:00', '2021-05-09T00:00:00.000Z', '2021-05-09 13:45', '09/05/21', '09-05-2021', '09.05.2021', '9 May 2021', '09-May-2021', '09-May-21', '9th May 2021', 'May 9, 2021', '09 MAY 2021', ' 9 may 2021 ']) {
      expect(readListDate(text, TODAY), text).toEqual(date('2021-05-09'));
    }
    expect(readListDate('1 Sept 2020', TODAY)).toEqual(date('2020-09-01'));
    expect(readListDate('09/05/2021 9:05 PM', TODAY)).toEqual(date('2021-05-09'));
  });

  it('reads an Excel serial day number, and says so', () => {
    expect(readListDate('44325', TODAY)).toEqual(date('2021-05-09', true));
    expect(readListDate('44325.5', TODAY)).toEqual(date('2021-05-09', true));
    // The 1900 system's day 61 is 1 March 1900 (Excel counts a 29 February 1900).
    expect(excelSerialDate(61)).toBe('1900-03-01');
    expect(excelSerialDate(1)).toBe('1900-01-01');
    // A year alone, or a membership number, is not taken for a serial.
    expect(readListDate('2021', TODAY)).toEqual({ kind: 'not-a-date' });
    expect(readListDate('443250', TODAY)).toEqual({ kind: 'not-a-date' });
  });

  it('tells a day that does not exist from text that is not a date', () => {
    expect(readListDate('31/02/2022', TODAY)).toEqual({ kind: 'not-real' });
    expect(readListDate('2022-13-01', TODAY)).toEqual({ kind: 'not-real' });
    expect(readListDate('30 Feb 2022', TODAY)).toEqual({ kind: 'not-real' });
    for (const text of ['', 'soon', '09/05-2021', '32 Mayo 2021', '05/09/2021/1', 'Maybe 9 2021']) expect(readListDate(text, TODAY), text).toEqual({ kind: 'not-a-date' });
  });

  it('never reads US order: the day always comes first', () => {
    expect(readListDate('05/09/2021', TODAY)).toEqual(date('2021-09-05'));
    expect(readListDate('12/13/2021', TODAY)).toEqual({ kind: 'not-real' });
  });

  it('reads a two-digit year as the latest year with those digits not after this year', () => {
    expect(fullYear(26, 2026)).toBe(2026);
    expect(fullYear(27, 2026)).toBe(1927);
    expect(fullYear(0, 2026)).toBe(2000);
    expect(readListDate('01/01/99', TODAY)).toEqual(date('1999-01-01'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1901, max: 2200 }), (yy, thisYear) => {
        const y = fullYear(yy, thisYear);
        expect(y % 100).toBe(yy);
        expect(y).toBeLessThanOrEqual(thisYear);
        expect(y).toBeGreaterThan(thisYear - 100);
      }),
    );
  });

  it('reads back any real day written in any of the forms', () => {
    fc.assert(
      fc.property(realDay, fc.integer({ min: 0, max: 9 }), fc.constantFrom('', ' 00:00', 'T00:00:00', ' 23:59:59', 'T12:00:00Z'), (day, form, time) => {
        const monthName = MONTHS[day.m - 1]!;
        const texts = [
          `${two(day.d)}/${two(day.m)}/${day.y}`,
          `${day.d}/${day.m}/${day.y}`,
          `${two(day.d)}-${two(day.m)}-${day.y}`,
          `${two(day.d)}.${two(day.m)}.${day.y}`,
          day.iso,
          `${day.d} ${monthName} ${day.y}`,
          `${two(day.d)}-${monthName.slice(0, 3)}-${day.y}`,
          `${monthName} ${day.d}, ${day.y}`,
          `${day.d} ${monthName.slice(0, 3).toUpperCase()} ${day.y}`,
          `${day.y}/${two(day.m)}/${two(day.d)}`,
        ];
        const separator = form === 4 ? time : time.replace('T', ' ');
        expect(readListDate(`${texts[form]!}${separator}`, TODAY)).toEqual(date(day.iso));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a two-digit year in every form the same way', () => {
    fc.assert(
      fc.property(realDay, fc.integer({ min: 1950, max: 2099 }), (day, thisYear) => {
        const yy = two(day.y % 100);
        const expected = `${fullYear(day.y % 100, thisYear)}-${two(day.m)}-${two(day.d)}`;
        const today = `${thisYear}-12-31`;
        for (const text of [`${two(day.d)}/${two(day.m)}/${yy}`, `${two(day.d)}-${MONTHS[day.m - 1]!.slice(0, 3)}-${yy}`]) {
          const read = readListDate(text, today);
          // 29 February of a leap year may land in a year that is not one.
          if (isIsoDate(expected)) expect(read, text).toEqual(date(expected));
          else expect(read, text).toEqual({ kind: 'not-real' });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads every five-digit serial as the day that many days on from Excel’s day 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10000, max: 99999 }), (serial) => {
        const read = readListDate(String(serial), TODAY);
        expect(read.kind).toBe('date');
        if (read.kind !== 'date') return;
        expect(read.excelSerial).toBe(true);
        const days = (Date.parse(`${read.iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
        expect(days).toBe(serial);
      }),
    );
  });

  it('never throws, and only ever answers a real calendar date', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '/', '-', '.', ' ', 'T', ':', 'May', 'Sep', 'th', 'Z', 'x'), maxLength: 30 }), (text) => {
        const read = readListDate(text, TODAY);
        if (read.kind === 'date') expect(isIsoDate(read.iso)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the two common forms without regular expressions exactly as the expressions read them', () => {
    // Ten characters of digits and separators, around real and unreal days, every separator mix.
    const digit = fc.constantFrom('0', '1', '2', '3', '9');
    const part = (n: number) => fc.string({ unit: digit, minLength: n, maxLength: n });
    const sep = fc.constantFrom('/', '-', '.', ' ', 'x');
    const dmy = fc.tuple(part(2), sep, part(2), sep, part(4)).map((p) => p.join(''));
    const ymd = fc.tuple(part(4), sep, part(2), sep, part(2)).map((p) => p.join(''));
    const real = realDay.chain(({ y, m, d }) => fc.constantFrom(`${two(d)}/${two(m)}/${y}`, `${two(d)}.${two(m)}.${y}`, `${two(d)}-${two(m)}-${y}`, `${y}-${two(m)}-${two(d)}`, `${y}/${two(m)}/${two(d)}`, `${y}.${two(m)}.${two(d)}`));
    const any = fc.string({ unit: fc.constantFrom('0', '1', '9', '/', '-', '.', 'a'), minLength: 10, maxLength: 10 });
    fc.assert(
      fc.property(fc.oneof(dmy, ymd, real, any), (text) => {
        expect(readListDate(text, TODAY), text).toEqual(readOtherDate(text, TODAY));
        expect(readListDate(` ${text} `, TODAY), text).toEqual(readOtherDate(text, TODAY));
      }),
      { numRuns: 5000 },
    );
    for (const text of ['29/02/2024', '29/02/2023', '29/02/1900', '29/02/2000', '31/04/2021', '00/01/2021', '01/13/2021', '01/01/1899', '2024-02-29', '2023/02/29', '1899.12.31']) {
      expect(readListDate(text, TODAY), text).toEqual(readOtherDate(text, TODAY));
    }
  });
});
