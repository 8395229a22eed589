/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values Teller writes: objects with keys
 * sorted by UTF-16 code units, and strings and numbers serialised as ECMAScript's
 * JSON.stringify does, which is what RFC 8785 specifies.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('Canonical JSON cannot hold NaN or Infinity.');
    return JSON.stringify(value);
  }
  // An array of strings only is the same either way, and common (a history's links): one native call.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`Canonical JSON cannot hold a ${typeof value}.`);
}

/**
 * `canonicalJson` of a value as JSON.parse gives it (plain objects and arrays, strings, finite
 * numbers, booleans, null: nothing with a toJSON), in one native JSON.stringify: given the
 * list of every member name in the value, sorted, JSON.stringify writes each object's members
 * in that order, skipping the names it lacks (and what it inherits, all functions but
 * `__proto__`), which is RFC 8785's order. Several times faster
 * than `canonicalJson` on a report.
 */
export function canonicalJsonOfParsed(value: unknown): string {
  const names = new Set<string>();
  const pending: object[] = [];
  const look = (x: unknown) => {
    if (typeof x === 'object' && x !== null) pending.push(x);
    // JSON.parse gives Infinity for 1e400: refused here as canonicalJson refuses it.
    else if (typeof x === 'number' && !Number.isFinite(x)) throw new TypeError('Canonical JSON cannot hold NaN or Infinity.');
  };
  look(value);
  while (pending.length > 0) {
    const v = pending.pop()!;
    if (Array.isArray(v)) {
      for (const x of v) look(x);
      continue;
    }
    for (const k of Object.keys(v)) {
      names.add(k);
      look((v as Record<string, unknown>)[k]);
    }
  }
  // Every object has "__proto__" (its prototype): where some object has its own, only the long way is right.
  if (names.has('__proto__')) return canonicalJson(value);
  return JSON.stringify(value, [...names].sort());
}
