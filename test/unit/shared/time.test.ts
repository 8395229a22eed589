import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUkDate } from '../../../shared/dates';
import { formatUkClock, formatUkTimestamp, ukToday, utcInstant } from '../../../shared/time';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Reads "14 June 2026, 21:05 BST" back into the UTC instant it shows (to the minute). */
function readBack(shown: string): number {
  const m = /^(\d{1,2}) (\w+) (\d{4}), (\d{2}):(\d{2}) (GMT|BST)$/.exec(shown);
  if (!m) throw new Error(`not a UK timestamp: ${shown}`);
  const offsetHours = m[6] === 'BST' ? 1 : 0;
  return Date.UTC(Number(m[3]), MONTHS.indexOf(m[2] ?? ''), Number(m[1]), Number(m[4]) - offsetHours, Number(m[5]));
}

describe('time', () => {
  it('stores instants as UTC to the second', () => {
    expect(utcInstant(new Date('2026-06-14T20:05:09.999Z'))).toBe('2026-06-14T20:05:09Z');
    expect(utcInstant(new Date('2026-06-14T21:05:09+01:00'))).toBe('2026-06-14T20:05:09Z');
  });

  it('shows summer instants in BST and winter ones in GMT', () => {
    expect(formatUkTimestamp('2026-06-14T20:05:00Z')).toBe('14 June 2026, 21:05 BST');
    expect(formatUkTimestamp('2026-01-14T20:05:00Z')).toBe('14 January 2026, 20:05 GMT');
    expect(formatUkClock('2026-06-14T20:05:00Z')).toBe('21:05 BST');
    expect(formatUkClock('2026-12-01T09:30:00Z')).toBe('09:30 GMT');
  });

  it('follows the clocks going forward and back', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST.
    expect(formatUkTimestamp('2026-03-29T00:59:00Z')).toBe('29 March 2026, 00:59 GMT');
    expect(formatUkTimestamp('2026-03-29T01:00:00Z')).toBe('29 March 2026, 02:00 BST');
    // 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:30 happens twice.
    expect(formatUkTimestamp('2026-10-25T00:30:00Z')).toBe('25 October 2026, 01:30 BST');
    expect(formatUkTimestamp('2026-10-25T01:30:00Z')).toBe('25 October 2026, 01:30 GMT');
  });

  it('decides today in the UK, not in UTC, around midnight', () => {
    // 23:30 UTC on 14 June is 00:30 on 15 June in London.
    expect(ukToday(new Date('2026-06-14T23:30:00Z'))).toBe('2026-06-15');
    expect(ukToday(new Date('2026-06-14T22:59:59Z'))).toBe('2026-06-14');
    // In winter London is on UTC.
    expect(ukToday(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
    expect(ukToday(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
  });

  it('leaves text that is not an instant as it is', () => {
    expect(formatUkTimestamp('not a time')).toBe('not a time');
    expect(formatUkClock('')).toBe('');
  });

  it('round-trips every instant: stored, shown, and read back to the same minute', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const stored = utcInstant(d);
        expect(Date.parse(stored)).toBe(Math.floor(d.getTime() / 1000) * 1000);
        const shown = formatUkTimestamp(stored);
        expect(readBack(shown)).toBe(Math.floor(d.getTime() / 60_000) * 60_000);
        // "Today" is the date the UK clock shows at that instant.
        expect(formatUkDate(ukToday(d))).toBe(shown.split(', ')[0]);
      }),
    );
  });
});
