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

/** The number written by two (or four) ASCII digits at `at`, or -1. */
function digits(t: string, at: number, count: 2 | 4): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `dated` for a four-digit year, without making the text of a day that is not real. */
function datedFast(year: number, month: number, day: number, text: () => string): ListDate {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0);
  return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= days ? { kind: 'date', iso: text(), excelSerial: false } : { kind: 'not-real' };
}

/**
 * The two forms nearly every list writes, 14/06/2019 (or with `.` or `-`) and 2019-06-14,
 * read without a regular expression: a 100,000-row list has a date or two on every row. The
 * same reading as the expressions below give (a test compares them); null for any other text.
 */
function commonDate(t: string): ListDate | null {
  if (t.length !== 10) return null;
  const s = t.charCodeAt(2);
  if ((s === 47 || s === 46 || s === 45) && t.charCodeAt(5) === s) {
    const day = digits(t, 0, 2);
    const month = digits(t, 3, 2);
    const year = digits(t, 6, 4);
    if (day < 0 || month < 0 || year < 0) return null;
    return datedFast(year, month, day, () => `${t.slice(6, 10)}-${t.slice(3, 5)}-${t.slice(0, 2)}`);
  }
  const y = t.charCodeAt(4);
  if ((y === 47 || y === 46 || y === 45) && t.charCodeAt(7) === y) {
    const year = digits(t, 0, 4);
    const month = digits(t, 5, 2);
    const day = digits(t, 8, 2);
    if (day < 0 || month < 0 || year < 0) return null;
    return datedFast(year, month, day, () => (y === 45 ? t : `${t.slice(0, 4)}-${t.slice(5, 7)}-${t.slice(8, 10)}`));
  }
  return null;
}

/** Reads a date in a list; `today` (YYYY-MM-DD) sets the two-digit-year pivot. */
export function readListDate(text: string, today: string): ListDate {
  const t = text.trim();
  return commonDate(t) ?? readOtherDate(t, today);
}

/** `readListDate` by the regular expressions, for trimmed text: every form (tests compare the fast path with it). */
export function readOtherDate(t: string, today: string): ListDate {
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
