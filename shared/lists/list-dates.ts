import { isIsoDate } from '../dates';

/*
 * Dates as party and council systems write them in a list (docs/formats/membership-csv.md,
 * "Dates"). Always day before month (UK order, never US), with `/`, `-` or `.` between the
 * parts, or the month as a word; a time after the date is ignored; a two-digit year is read
 * as the latest year ending in those digits that is not after the year of `today` (the
 * pivot: in 2026, `26` is 2026 and `27` is 1927); an Excel serial day number (five digits,
 * as a spreadsheet shows a date cell it has lost the format of) is read in Excel's 1900
 * system and flagged, so the preview can warn about it.
 */

type ListDate =
  | { kind: 'date'; iso: string; excelSerial: boolean }
  /** Written as a date, but no such day: 31/02/2022. */
  | { kind: 'not-real' }
  /** Not in any form Teller reads. */
  | { kind: 'not-a-date' };

const MONTH_NUMBER = new Map<string, number>();
['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach((name, i) => {
  MONTH_NUMBER.set(name, i + 1);
  MONTH_NUMBER.set(name.slice(0, 3), i + 1);
});
MONTH_NUMBER.set('sept', 9);

/** A time after the date (ignored): " 00:00", "T00:00:00", " 9:05:00 PM", "T00:00:00.000Z", "+01:00". */
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?`;
const DMY = new RegExp(String.raw`^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const YMD = new RegExp(String.raw`^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})${TIME}$`);
const D_MONTH_Y = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?[ /.\-]*([A-Za-z]{3,9})\.?[ /.\-,]*(\d{4}|\d{2})${TIME}$`);
const MONTH_D_Y = new RegExp(String.raw`^([A-Za-z]{3,9})\.?[ /.\-]*(\d{1,2})(?:st|nd|rd|th)?,?[ /.\-]+(\d{4})${TIME}$`);
const SERIAL = /^(\d{5})(?:\.\d+)?$/;

/** A two-digit year as a full year: the latest year ending in those digits that is not after `thisYear`. */
export function fullYear(twoDigits: number, thisYear: number): number {
  const century = Math.floor(thisYear / 100) * 100;
  const year = century + twoDigits;
  return year > thisYear ? year - 100 : year;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function dated(year: number, month: number, day: number): ListDate {
  const text = iso(year, month, day);
  return isIsoDate(text) ? { kind: 'date', iso: text, excelSerial: false } : { kind: 'not-real' };
}

/** Excel's day number in its 1900 system (which counts a 29 February 1900 that never was) as a date. */
export function excelSerialDate(serial: number): string {
  const days = serial >= 61 ? serial - 25569 : serial - 25568; // days from 1 January 1970
  const d = new Date(days * 86_400_000);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Reads a date in a list; `today` (YYYY-MM-DD) sets the two-digit-year pivot. */
export function readListDate(text: string, today: string): ListDate {
  const t = text.trim();
  const thisYear = Number(today.slice(0, 4));
  const year = (y: string) => (y.length === 2 ? fullYear(Number(y), thisYear) : Number(y));
  let m = DMY.exec(t);
  if (m) return dated(year(m[4]!), Number(m[3]), Number(m[1]));
  m = YMD.exec(t);
  if (m) return dated(Number(m[1]), Number(m[3]), Number(m[4]));
  m = D_MONTH_Y.exec(t);
  if (m) {
    const month = MONTH_NUMBER.get(m[2]!.toLowerCase());
    return month === undefined ? { kind: 'not-a-date' } : dated(year(m[3]!), month, Number(m[1]));
  }
  m = MONTH_D_Y.exec(t);
  if (m) {
    const month = MONTH_NUMBER.get(m[1]!.toLowerCase());
    return month === undefined ? { kind: 'not-a-date' } : dated(Number(m[3]), month, Number(m[2]));
  }
  m = SERIAL.exec(t);
  if (m) return { kind: 'date', iso: excelSerialDate(Number(m[1])), excelSerial: true };
  return { kind: 'not-a-date' };
}
