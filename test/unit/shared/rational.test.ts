import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compare, div, formatPercent, formatRatio, mul, parseRatio, ratio, sub } from '../../../shared/rational';

const small = fc.bigInt({ min: -10_000n, max: 10_000n });
const positive = fc.bigInt({ min: 1n, max: 10_000n });
const rational = fc.tuple(small, positive).map(([n, d]) => ratio(n, d));

describe('exact rational arithmetic', () => {
  it('keeps every fraction reduced with a positive denominator', () => {
    expect(ratio(6, -8)).toEqual({ n: -3n, d: 4n });
    expect(formatRatio(ratio(0, 5))).toBe('0/1');
    expect(() => ratio(1, 0)).toThrow(/zero denominator/);
  });

  it('adds, subtracts, multiplies and divides exactly', () => {
    fc.assert(
      fc.property(rational, rational, (a, b) => {
        expect(sub(add(a, b), b)).toEqual(a);
        if (b.n !== 0n) expect(div(mul(a, b), b)).toEqual(a);
        expect(add(a, b)).toEqual(add(b, a));
      }),
    );
  });

  it('compares without rounding: one third equals 1/3 however it is reached', () => {
    const third = add(ratio(1, 6), ratio(1, 6));
    expect(compare(third, parseRatio('1/3')!)).toBe(0);
    expect(compare(ratio(33_333_333, 100_000_000), ratio(1, 3))).toBe(-1);
  });

  it('orders fractions the same way as cross-multiplication does', () => {
    fc.assert(fc.property(rational, rational, (a, b) => compare(a, b) === -compare(b, a) || (compare(a, b) === 0 && compare(b, a) === 0)));
  });

  it('parses exactly the non-negative n/d forms and round-trips them', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 1_000_000 }), (n, d) => {
        const r = parseRatio(`${n}/${d}`);
        expect(r).toEqual(ratio(n, d));
        expect(parseRatio(formatRatio(r!))).toEqual(r);
      }),
    );
    for (const bad of ['', '1', '1/0', '-1/3', '1 / 3', '0.5', '1/3/4', '01/3', '1/-3', 'a/b']) expect(parseRatio(bad)).toBeNull();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => parseRatio(s) === null || typeof parseRatio(s)?.n === 'bigint'));
  });

  it('writes percentages for people, rounding half up', () => {
    expect(formatPercent(ratio(33, 80))).toBe('41.25%');
    expect(formatPercent(ratio(1, 3))).toBe('33.33%');
    expect(formatPercent(ratio(2, 3))).toBe('66.67%');
    expect(formatPercent(ratio(1, 2))).toBe('50%');
  });
});
