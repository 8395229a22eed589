import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUkDate, formatUkNumeric, isIsoDate, parseUkDate } from '../../../shared/dates';

describe('dates', () => {
  it('shows dates the UK way', () => {
    expect(formatUkDate('2026-06-14')).toBe('14 June 2026');
    expect(formatUkDate('2021-11-09')).toBe('9 November 2021');
  });

  it('reads DD/MM/YYYY in UK order, never US order', () => {
    expect(parseUkDate('03/04/2026')).toBe('2026-04-03');
    expect(parseUkDate('3/4/2026')).toBe('2026-04-03');
    expect(parseUkDate('12/31/2026')).toBeNull();
  });

  it('refuses impossible dates and two-digit years', () => {
    for (const bad of ['31/02/2022', '2022-13-01', '29/02/2023', '1/1/26', '2026-02-30', '', 'yesterday']) expect(parseUkDate(bad)).toBeNull();
    expect(parseUkDate('29/02/2024')).toBe('2024-02-29');
  });

  it('round-trips every real date through the typed form', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(isIsoDate(iso)).toBe(true);
        expect(parseUkDate(formatUkNumeric(iso))).toBe(iso);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => parseUkDate(s) === null || isIsoDate(parseUkDate(s) ?? '')));
  });
});
