const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;

/** Upper case, one space before the inward code ("sw1a1aa" → "SW1A 1AA"); null if not UK-shaped. */
const ALREADY_NORMAL = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/;

export function normalisePostcode(text: string): string | null {
  if (ALREADY_NORMAL.test(text)) return text;
  const compact = text.replace(/\s+/g, '').toUpperCase();
  const m = UK_POSTCODE.exec(compact);
  return m ? `${m[1]} ${m[2]}` : null;
}
