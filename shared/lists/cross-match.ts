import type { RegisterMatch } from './eligibility';
import { normalisePostcode } from './postcode';
import { searchText } from './search-text';
import { parseUkAddress, sameHome, type UkAddress } from './uk-address';

// Common short forms, so "Bob Ashworth" on the membership list finds "Robert Ashworth" on the register.
const SHORT_FORMS: Record<string, string> = {
  bob: 'robert', rob: 'robert', robbie: 'robert', bill: 'william', will: 'william', billy: 'william', liam: 'william',
  liz: 'elizabeth', beth: 'elizabeth', betty: 'elizabeth', lizzie: 'elizabeth', jim: 'james', jimmy: 'james', jamie: 'james',
  tom: 'thomas', tommy: 'thomas', dave: 'david', davy: 'david', dai: 'david', mike: 'michael', mick: 'michael',
  chris: 'christopher', kate: 'katherine', katie: 'katherine', kath: 'katherine', cathy: 'catherine', sue: 'susan',
  jenny: 'jennifer', jen: 'jennifer', alex: 'alexander', sam: 'samuel', dan: 'daniel', danny: 'daniel', joe: 'joseph',
  tony: 'anthony', steve: 'stephen', pete: 'peter', andy: 'andrew', matt: 'matthew', nick: 'nicholas', ben: 'benjamin',
  meg: 'margaret', maggie: 'margaret', peggy: 'margaret', pat: 'patricia', ted: 'edward', ed: 'edward', eddie: 'edward',
  dick: 'richard', rich: 'richard', rick: 'richard', harry: 'henry', jack: 'john', johnny: 'john', ian: 'iain', sean: 'sean',
};

const PLAIN = /^[A-Za-z '-]*$/;

/** searchText, quicker for the plain letters most names are (a register has 100,000 of them). */
function nameText(s: string): string {
  if (!PLAIN.test(s)) return searchText(s);
  return s.toLowerCase().replace(/'/g, '').replace(/[ -]+/g, ' ').trim();
}

function firstName(forenames: string): string {
  const text = nameText(forenames);
  const space = text.indexOf(' ');
  const first = space < 0 ? text : text.slice(0, space);
  return SHORT_FORMS[first] ?? first;
}

/** A person as the cross-match compares them: first forename (short forms expanded) and surname. */
export function personKey(forenames: string, surname: string): string {
  return `${firstName(forenames)}|${nameText(surname).replace(/ /g, '')}`;
}

/** The middle names' initials ("Robert James Peter" → "jp"), for telling namesakes apart. */
function middleInitials(forenames: string): string {
  return searchText(forenames)
    .split(' ')
    .slice(1)
    .map((w) => w.charAt(0))
    .join('');
}

/**
 * An electoral roll number compared without its punctuation: "AB-123/0", "ab 123", "AB123"
 * are one number (a suffix of 0 means none). The prefix is the polling district.
 */
export function rollKey(text: string): string {
  const compact = text.toUpperCase().replace(/[^A-Z0-9/]/g, '');
  const m = /^([A-Z0-9]*?)0*([0-9]+)(?:\/([0-9]+))?$/.exec(compact);
  if (!m) return compact.replace(/\//g, '');
  const suffix = m[3] === undefined || /^0+$/.test(m[3]) ? '' : `/${Number(m[3])}`;
  return `${m[1] ?? ''}${m[2] ?? ''}${suffix}`;
}

export interface RegisterEntryForMatch {
  id: number;
  /** The elector number as the council writes it, e.g. "AB-123/1". */
  elector: string;
  forenames: string;
  surname: string;
  /** The address lines joined with commas ("Flat 12, 181 Salmon Lane, Ashbrook"). */
  address: string;
  postcode: string;
  /** ISO date of birth, when the register gives one (Xpress "Elector DOB"). */
  dob?: string | null;
  /** The register's markers ("G", "E", "Z"…), shown with the evidence. */
  markers?: string | null;
}

export interface MemberForMatch {
  id: number;
  fullName: string;
  firstName: string;
  lastName: string;
  address: string;
  postcode: string;
  /** The member's electoral roll number, when the membership list carries it. */
  rollNumber?: string | null;
  /** ISO date of birth, when the membership list gives one. */
  dob?: string | null;
}

interface MatchResult {
  memberId: number;
  status: RegisterMatch;
  /** The register entry that decided it (null when not found or ambiguous). */
  entryId: number | null;
  evidence: string;
}

function nameParts(m: MemberForMatch): { forenames: string; surname: string } {
  if (m.lastName) return { forenames: m.firstName, surname: m.lastName };
  const words = m.fullName.trim().split(/\s+/);
  return { forenames: words.slice(0, -1).join(' '), surname: words.at(-1) ?? '' };
}

function describe(e: RegisterEntryForMatch): string {
  const markers = e.markers ? ` (markers ${e.markers})` : '';
  return `${e.elector}: ${e.forenames} ${e.surname}, ${e.address ? `${e.address}, ` : ''}${e.postcode}${markers}`;
}

/** What agrees besides the name, strongest first; empty when only the name does. */
function agreements(m: MemberForMatch, forenames: string, e: RegisterEntryForMatch, postcode: string): string[] {
  const found: string[] = [];
  if (m.dob && e.dob && m.dob === e.dob) found.push('the date of birth');
  const mine = middleInitials(forenames);
  const theirs = middleInitials(e.forenames);
  if (mine !== '' && theirs !== '' && (mine.startsWith(theirs) || theirs.startsWith(mine))) found.push(`the middle name${mine.length > 1 ? 's' : ''} (${mine.toUpperCase().split('').join(' ')})`);
  if (postcode !== '' && e.postcode === postcode) found.push(`the postcode ${postcode}`);
  return found;
}

/** Something that shows a namesake is someone else: another date of birth, other middle names. */
function contradiction(m: MemberForMatch, forenames: string, e: RegisterEntryForMatch): boolean {
  if (m.dob && e.dob && m.dob !== e.dob) return true;
  const mine = middleInitials(forenames);
  const theirs = middleInitials(e.forenames);
  return mine !== '' && theirs !== '' && !mine.startsWith(theirs) && !theirs.startsWith(mine);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/**
 * Links each member to the register (docs/formats/cross-match.md has the rule in full):
 * - `matched`: the electoral roll number and the name agree, at the same home; or the same name
 *   at the same home in the same postcode (flats and house names compared as uk-address.ts reads them).
 * - `matched-elsewhere`: the same person registered at another address: the roll number and name
 *   agree, or the name and something besides it (date of birth, middle names, postcode) agree.
 * - `ambiguous`: only the name agrees with someone elsewhere (a namesake or a mover: it cannot
 *   tell), or only the initial and surname at the member's home. Checked by hand.
 * - `not-found`: nobody of that name on the register.
 */
export function crossMatch(members: readonly MemberForMatch[], entries: readonly RegisterEntryForMatch[]): MatchResult[] {
  const byPerson = groupBy(entries, (e) => personKey(e.forenames, e.surname));
  let byRoll: Map<string, RegisterEntryForMatch[]> | null = null; // built when a member first has a roll number
  let byPostcode: Map<string, RegisterEntryForMatch[]> | null = null; // built when first needed
  const parsed = new Map<number, UkAddress>();
  const addressOf = (e: RegisterEntryForMatch): UkAddress => {
    let a = parsed.get(e.id);
    if (!a) parsed.set(e.id, (a = parseUkAddress(e.address)));
    return a;
  };
  return members.map((m): MatchResult => {
    const { forenames, surname } = nameParts(m);
    const postcode = normalisePostcode(m.postcode) ?? m.postcode.trim().toUpperCase();
    const home = parseUkAddress(m.address);
    const atHome = (e: RegisterEntryForMatch) => (e.postcode === postcode ? (m.address.trim() === '' || e.address.trim() === '' ? { same: true, how: 'an address is blank' } : sameHome(home, addressOf(e))) : null);
    const key = personKey(forenames, surname);
    const surnameKey = key.split('|')[1] ?? '';
    let note = '';

    // 1. The electoral roll number, when both sides have it and the name agrees: exact.
    if (m.rollNumber && m.rollNumber.trim() !== '') {
      byRoll ??= groupBy(entries, (e) => rollKey(e.elector));
      const byNumber = byRoll.get(rollKey(m.rollNumber)) ?? [];
      const entry = byNumber.find((e) => personKey(e.forenames, e.surname) === key) ?? byNumber.find((e) => searchText(e.surname).replace(/ /g, '') === surnameKey);
      if (entry) {
        const here = atHome(entry);
        if (here?.same) return { memberId: m.id, status: 'matched', entryId: entry.id, evidence: `${describe(entry)} — the electoral roll number and the name agree, at the same home` };
        return { memberId: m.id, status: 'matched-elsewhere', entryId: entry.id, evidence: `${describe(entry)} — the electoral roll number and the name agree; registered at this other address` };
      }
      const other = byNumber[0];
      note = other ? ` (the roll number ${m.rollNumber} on the list is ${other.forenames} ${other.surname}'s, so it was not used)` : ` (the roll number ${m.rollNumber} on the list is not on this register)`;
    }

    // 2. The same name at the same home.
    const candidates = (byPerson.get(key) ?? []).filter((e) => !(m.dob && e.dob && m.dob !== e.dob));
    const homes = candidates.filter((e) => atHome(e)?.same);
    if (homes.length > 0) {
      const best = homes.find((e) => !contradiction(m, forenames, e)) ?? homes[0];
      if (best) {
        const how = atHome(best);
        return { memberId: m.id, status: 'matched', entryId: best.id, evidence: `${describe(best)} — the same name at the same home${how && how.how !== '' ? ` (${how.how})` : ''}${note}` };
      }
    }

    // 3. The same name elsewhere: the person only if something besides the name agrees.
    const scored = candidates
      .filter((e) => !contradiction(m, forenames, e))
      .map((e) => ({ e, agree: agreements(m, forenames, e, postcode) }))
      .filter((c) => c.agree.length > 0);
    const strongest = scored.length > 0 ? Math.max(...scored.map((c) => c.agree.length)) : 0;
    const best = scored.filter((c) => c.agree.length === strongest);
    if (best.length === 1 && best[0]) {
      return { memberId: m.id, status: 'matched-elsewhere', entryId: best[0].e.id, evidence: `${describe(best[0].e)} — registered at this other address; besides the name, ${best[0].agree.join(' and ')} agree${best[0].agree.length === 1 ? 's' : ''}${note}` };
    }
    if (candidates.length > 0) {
      const shown = (best.length > 1 ? best.map((c) => c.e) : candidates).slice(0, 3);
      const more = (best.length > 1 ? best.length : candidates.length) - shown.length;
      const why = best.length > 1 ? `${best.length} people of this name elsewhere agree equally well` : `only the name agrees with ${candidates.length === 1 ? 'someone' : `${candidates.length} people`} at another address`;
      return {
        memberId: m.id,
        status: 'ambiguous',
        entryId: null,
        evidence: `Not confirmed: ${why}, which may be a namesake: ${shown.map(describe).join('; ')}${more > 0 ? `; and ${more} more` : ''}${note}`,
      };
    }

    // 4. Not by this name: someone with the same initial and surname at the member's home
    //    ("Kate" on the list, "Catherine" on the register) is worth a look.
    byPostcode ??= groupBy(entries, (e) => e.postcode);
    const initial = searchText(forenames).charAt(0);
    const sameInitial = (byPostcode.get(postcode) ?? []).find(
      (e) => searchText(e.surname).replace(/ /g, '') === surnameKey && searchText(e.forenames).charAt(0) === initial && initial !== '' && atHome(e)?.same === true,
    );
    if (sameInitial) {
      return { memberId: m.id, status: 'ambiguous', entryId: null, evidence: `Not confirmed: the same initial and surname at the same home, under another first name: ${describe(sameInitial)}${note}` };
    }
    return { memberId: m.id, status: 'not-found', entryId: null, evidence: `No ${forenames} ${surname} on the register${note}` };
  });
}
