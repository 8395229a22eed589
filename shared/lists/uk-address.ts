/*
 * UK addresses as the cross-match compares them. A council register writes a home as
 * columns ("Flat 12" | "181 Salmon Lane" | "Ashbrook"), a party list as one line in any
 * order ("181 Salmon Lane, Flat 12"); both are read into the same parts:
 *   flat   the home inside a building: "Flat 12", "Apartment 12", "Apt 12A", "Unit 3", "Flat A",
 *          "Ground Floor Flat", or the first of two numbers ("12 Rose Court, 181 Salmon Lane");
 *   house  the building's number: "181", "12A" (= "12 a"), or a range "12-14" (= "12 to 14");
 *   name   the house or building name when it stands as its own part: "Rose Cottage";
 *   words  every other word (street, locality), abbreviations written out the same way.
 * The postcode, if written inside the address, is left out (it is compared on its own).
 */

export interface UkAddress {
  flat: string | null;
  house: string | null;
  name: string | null;
  words: string[];
  /** True when the flat was named as one ("Flat 12"), false when inferred from the order of two numbers. */
  flatNamed: boolean;
}

const FLAT_WORDS = new Set(['flat', 'flats', 'apartment', 'apartments', 'apt', 'appt', 'apmt', 'unit', 'room', 'rm', 'studio', 'suite', 'maisonette', 'bedsit', 'flt']);
const NUMBER_WORDS = new Set(['no', 'number', 'num']);
const FLOORS: Record<string, string> = {
  basement: 'b', lower: 'lg', ground: 'g', first: '1', '1st': '1', second: '2', '2nd': '2', third: '3', '3rd': '3', fourth: '4', '4th': '4', top: 't', upper: 'u',
};
/** "gff" (ground floor flat), "ff", "sff", "tff", "bf": how agents and councils shorten floor flats. */
const FLOOR_SHORT: Record<string, string> = { gff: 'g', gf: 'g', bf: 'b', bsmt: 'b', fff: '1', ff: '1', sff: '2', sf: '2', tff: '3', tf: 't' };
/** One spelling for each common word or abbreviation, so "Salmon Ln" is "Salmon Lane". */
const SAME_WORD: Record<string, string> = {
  road: 'rd', street: 'st', saint: 'st', avenue: 'ave', av: 'ave', lane: 'ln', drive: 'dr', close: 'cl', court: 'ct', crescent: 'cres', cresc: 'cres',
  gardens: 'gdns', gdn: 'gdns', garden: 'gdns', place: 'pl', terrace: 'ter', terr: 'ter', square: 'sq', cottage: 'cott', cottages: 'cotts', grove: 'gr', grv: 'gr',
  park: 'pk', mount: 'mt', house: 'ho', parade: 'pde', way: 'wy', walk: 'wk', north: 'n', south: 's', east: 'e', west: 'w', upper: 'upr', lower: 'lwr',
  mansions: 'mans', buildings: 'bldgs', building: 'bldg', estate: 'est', hill: 'hl', green: 'gn', row: 'rw', yard: 'yd', view: 'vw', heights: 'hts', '&': 'and',
};
/** Words that end a street's name: a part ending in one is a street, not a house name. */
const STREET_ENDS = new Set(['rd', 'st', 'ave', 'ln', 'dr', 'cl', 'cres', 'gdns', 'pl', 'ter', 'sq', 'gr', 'wy', 'wk', 'pde', 'rw', 'hl', 'gn', 'vw', 'mews', 'boulevard', 'circus', 'crossing', 'side', 'wynd', 'brae', 'loan', 'gate', 'bank', 'fold', 'croft', 'chase', 'rise', 'vale', 'dale', 'end', 'meadow', 'meadows', 'approach', 'broadway', 'highway', 'embankment', 'quay', 'wharf']);
const DROP = new Set(['the', 'of']);

const POSTCODE_IN_TEXT = /\b[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}\b/g;
const NUMBERISH = /^[0-9]+[a-z]?$/;

/** Lower case, no accents, apostrophes or full stops; "12 - 14" / "12 to 14" → "12-14", "2 / 1" → "2/1". */
function clean(part: string): string {
  return part
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/([0-9])\s*(?:-|–|—|to)\s*([0-9])/g, '$1-$2')
    .replace(/([0-9])\s*\/\s*([0-9])/g, '$1/$2')
    .replace(/[^a-z0-9/-]+/g, ' ')
    .replace(/(?<![0-9])[-/]|[-/](?![0-9])/g, ' ')
    .trim();
}

/** One token per number: "12 a" → "12a" (a lone letter after a number is part of it). */
function tokens(part: string): string[] {
  const raw = part.split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i] as string;
    const next = raw[i + 1];
    if (/^[0-9]+$/.test(t) && next !== undefined && /^[a-z]$/.test(next)) {
      out.push(t + next);
      i++;
    } else out.push(t);
  }
  return out;
}

function hasDigit(t: string): boolean {
  return /[0-9]/.test(t);
}

function sameWord(w: string): string {
  return SAME_WORD[w] ?? w;
}

/** Reads one address (its lines joined with commas, or one line as a list writes it). */
export function parseUkAddress(address: string): UkAddress {
  const parts = address
    .split(/[,;\n|\t]+/)
    .map((p) => clean(p).replace(POSTCODE_IN_TEXT, ' ').trim())
    .filter(Boolean);
  let flat: string | null = null;
  let floor: string | null = null;
  const numbers: string[] = [];
  let name: string | null = null;
  let streetSeen = false;
  const words: string[] = [];
  for (const part of parts) {
    const ts = tokens(part).filter((t) => !DROP.has(t));
    const rest: string[] = [];
    let numbered = false;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i] as string;
      const next = ts[i + 1];
      // "Flat 12", "Apartment 12A", "Apt. B", "Unit 3/1", "Flat No 4"
      if (FLAT_WORDS.has(t)) {
        let j = i + 1;
        if (ts[j] !== undefined && NUMBER_WORDS.has(ts[j] as string)) j++;
        const id = ts[j];
        if (id !== undefined && (hasDigit(id) || /^[a-z]$/.test(id))) {
          flat ??= id;
          i = j;
          numbered = true;
        }
        continue; // "Flat" with nothing after it says nothing about which home
      }
      // "Ground Floor Flat", "First Floor", "1st Floor Flat", "Top Flat", "Basement Flat"
      if (t in FLOORS && (next === 'floor' || next === 'flr' || (next !== undefined && FLAT_WORDS.has(next) && !hasDigit(ts[i + 2] ?? '')))) {
        floor ??= FLOORS[t] ?? t;
        if (next === 'floor' || next === 'flr') i += 1;
        numbered = true;
        continue;
      }
      if (t in FLOOR_SHORT && i === 0 && ts.length === 1) {
        floor ??= FLOOR_SHORT[t] ?? t;
        numbered = true;
        continue;
      }
      if (NUMBER_WORDS.has(t) && next !== undefined && hasDigit(next)) continue; // "No. 12"
      if (hasDigit(t)) {
        numbers.push(t);
        numbered = true;
        continue;
      }
      rest.push(sameWord(t));
    }
    if (rest.length === 0) continue;
    const street = STREET_ENDS.has(rest.at(-1) as string);
    // The first part before any street or house number that has words, no number and does not
    // end like a street: the house or building name ("Rose Cottage", "The Old Rectory").
    if (name === null && !numbered && !street && !streetSeen && numbers.length === 0) name = rest.join(' ');
    streetSeen ||= street || numbered;
    words.push(...rest);
  }
  // Two numbers with no flat named: the first is the flat, as addresses are written
  // ("12 Rose Court, 181 Salmon Lane"); one number is the house.
  const flatNamed = flat !== null || floor !== null;
  flat ??= floor === null ? null : `floor ${floor}`;
  let house: string | null;
  if (flat === null && numbers.length >= 2) {
    flat = numbers[0] as string;
    house = numbers[1] as string;
  } else house = numbers[0] ?? null;
  return { flat, house, name, words, flatNamed };
}

/** The same address read the same way, as one canonical line (for display and tests). */
export function canonicalAddress(a: UkAddress): string {
  return [a.flat !== null ? `flat ${a.flat}` : '', a.house ?? '', a.name !== null ? `[${a.name}]` : '', ...a.words].filter(Boolean).join(' ');
}

function rangeHas(range: string, n: string): boolean {
  const m = /^([0-9]+)[a-z]?-([0-9]+)[a-z]?$/.exec(range);
  if (!m || !NUMBERISH.test(n)) return false;
  const x = Number.parseInt(n, 10);
  return x >= Number(m[1]) && x <= Number(m[2]);
}

const FLOOR_WORDS: Record<string, string> = { b: 'basement', lg: 'lower ground floor', g: 'ground floor', t: 'top floor', u: 'upper floor', '1': 'first floor', '2': 'second floor', '3': 'third floor', '4': 'fourth floor' };

/** A flat in words for the evidence: "flat 12", "ground floor flat". */
function flatWords(flat: string): string {
  return flat.startsWith('floor ') ? `${FLOOR_WORDS[flat.slice(6)] ?? flat} flat` : `flat ${flat}`;
}

/** Two house (or flat) numbers name the same building: equal, or one is a range that holds the other. */
function sameNumber(a: string, b: string): boolean {
  return a === b || rangeHas(a, b) || rangeHas(b, a);
}

/** How two addresses in the same postcode compare: same home (and why), or not. */
type HomeAgreement = { same: true; how: string } | { same: false; how: string };

/**
 * Whether two addresses in the same postcode are the same home. House numbers decide when both
 * have one; then flats must agree (a side with no flat at all is taken as the whole building).
 * Without house numbers the house names decide, and failing those, one address's words must all
 * be in the other's (a list that writes only "Mill Lane" for "Rose Cottage, Mill Lane").
 */
export function sameHome(a: UkAddress, b: UkAddress): HomeAgreement {
  if (a.house !== null && b.house !== null) {
    if (sameNumber(a.house, b.house)) {
      if (a.flat !== null && b.flat !== null) {
        return sameNumber(a.flat, b.flat) ? { same: true, how: `${flatWords(a.flat)}, number ${a.house}` } : { same: false, how: `${flatWords(a.flat)} is not ${flatWords(b.flat)}` };
      }
      if (a.flat === null && b.flat === null) return { same: true, how: `number ${a.house}` };
      return { same: true, how: `number ${a.house} (one address gives no flat)` };
    }
    // "12, 181 Salmon Lane" read the other way round: the same two numbers, neither flat named.
    if (a.flat !== null && b.flat !== null && (!a.flatNamed || !b.flatNamed) && sameNumber(a.flat, b.house) && sameNumber(a.house, b.flat)) {
      return { same: true, how: `numbers ${a.flat} and ${a.house}` };
    }
    return { same: false, how: `number ${a.house} is not number ${b.house}` };
  }
  if (a.flat !== null && b.flat !== null && !sameNumber(a.flat, b.flat)) return { same: false, how: `${flatWords(a.flat)} is not ${flatWords(b.flat)}` };
  // One house number missing ("Flat 3, Rose Court" and "3 Rose Court"): what numbers there are must agree.
  const numsA = [a.flat, a.house].filter((n): n is string => n !== null);
  const numsB = [b.flat, b.house].filter((n): n is string => n !== null);
  if (numsA.length > 0 && numsB.length > 0 && !numsA.some((x) => numsB.some((y) => sameNumber(x, y)))) {
    return { same: false, how: `number ${numsA.join('/')} is not number ${numsB.join('/')}` };
  }
  if (a.name !== null && b.name !== null) return a.name === b.name ? { same: true, how: 'the same house name' } : { same: false, how: 'another house name' };
  const [small, large] = a.words.length <= b.words.length ? [a, b] : [b, a];
  const inLarge = new Set(large.words);
  if (small.words.length > 0 && small.words.every((w) => inLarge.has(w))) return { same: true, how: 'the shorter address is all in the longer' };
  if (a.words.length === 0 || b.words.length === 0) return { same: true, how: 'one address is blank' };
  return { same: false, how: 'the addresses differ' };
}
