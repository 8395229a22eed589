/**
 * Exact rational numbers over bigint. Shares and thresholds are never floats:
 * a share of exactly one third must compare equal to a threshold of "1/3".
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Builds a reduced rational with a positive denominator. Throws on a zero denominator. */
export function ratio(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('A fraction cannot have a zero denominator.');
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  const g = gcd(nn, dd);
  return g > 1n ? { n: nn / g, d: dd / g } : { n: nn, d: dd };
}

export const ZERO = ratio(0n);
export const ONE = ratio(1n);

export const add = (a: Rational, b: Rational): Rational => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => ratio(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => ratio(a.n * b.d, a.d * b.n);

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** The reduced "n/d" form used in rule sets and reports ("0/1" and "1/1" included). */
export function formatRatio(r: Rational): string {
  return `${r.n}/${r.d}`;
}

const FRACTION = /^(0|[1-9][0-9]{0,17})\/([1-9][0-9]{0,17})$/;

/** Parses "n/d" (non-negative, no signs or spaces). Returns null for anything else. */
export function parseRatio(text: string): Rational | null {
  const m = FRACTION.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return ratio(BigInt(m[1]), BigInt(m[2]));
}

/** A percentage for people, e.g. "41.25%"; display only, never used in a decision. */
export function formatPercent(r: Rational, decimals = 2): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = (r.n * 100n * scale * 2n + r.d) / (r.d * 2n); // round half up
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}%` : `${whole}%`;
}

/** A float for drawing only (bar lengths); never used in a decision. */
export function toDrawingNumber(r: Rational): number {
  return Number(r.n * 1_000_000n / r.d) / 1_000_000;
}
