import type { RegisterMatch } from './eligibility';
import { searchText } from './search-text';

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

function firstName(forenames: string): string {
  const first = searchText(forenames).split(' ')[0] ?? '';
  return SHORT_FORMS[first] ?? first;
}

/** A person as the cross-match compares them: first forename (short forms expanded) and surname. */
export function personKey(forenames: string, surname: string): string {
  return `${firstName(forenames)}|${searchText(surname).replace(/ /g, '')}`;
}

/** The part of an address that tells homes apart within a postcode: its first house number or name. */
export function homeKey(address: string): string {
  const text = searchText(address);
  const number = /\b(\d+[a-z]?)\b/.exec(text);
  return number?.[1] ?? text.split(' ').slice(0, 2).join(' ');
}

export interface RegisterEntryForMatch {
  id: number;
  elector: string;
  forenames: string;
  surname: string;
  address: string;
  postcode: string;
}

export interface MemberForMatch {
  id: number;
  fullName: string;
  firstName: string;
  lastName: string;
  address: string;
  postcode: string;
}

interface MatchResult {
  memberId: number;
  status: RegisterMatch;
  /** The register entry that decided it (null when not found). */
  entryId: number | null;
  evidence: string;
}

function nameParts(m: MemberForMatch): { forenames: string; surname: string } {
  if (m.lastName) return { forenames: m.firstName, surname: m.lastName };
  const words = m.fullName.trim().split(/\s+/);
  return { forenames: words.slice(0, -1).join(' '), surname: words.at(-1) ?? '' };
}

/**
 * Links each member to the register: `matched` (same person, same home, same postcode),
 * `matched-elsewhere` (same name on the register, at another address), or `not-found`.
 */
export function crossMatch(members: readonly MemberForMatch[], entries: readonly RegisterEntryForMatch[]): MatchResult[] {
  const byPerson = new Map<string, RegisterEntryForMatch[]>();
  for (const e of entries) {
    const key = personKey(e.forenames, e.surname);
    const list = byPerson.get(key);
    if (list) list.push(e);
    else byPerson.set(key, [e]);
  }
  return members.map((m) => {
    const { forenames, surname } = nameParts(m);
    const candidates = byPerson.get(personKey(forenames, surname)) ?? [];
    const samePostcode = candidates.filter((e) => e.postcode === m.postcode);
    const home = homeKey(m.address);
    const atHome = samePostcode.find((e) => !m.address || !e.address || homeKey(e.address) === home) ?? null;
    if (atHome) {
      return { memberId: m.id, status: 'matched', entryId: atHome.id, evidence: `${atHome.elector}: ${atHome.forenames} ${atHome.surname}, ${atHome.address}, ${atHome.postcode}` };
    }
    const elsewhere = samePostcode[0] ?? candidates[0];
    if (elsewhere) {
      return { memberId: m.id, status: 'matched-elsewhere', entryId: elsewhere.id, evidence: `${elsewhere.elector}: ${elsewhere.forenames} ${elsewhere.surname}, ${elsewhere.address}, ${elsewhere.postcode}` };
    }
    return { memberId: m.id, status: 'not-found', entryId: null, evidence: `No ${forenames} ${surname} on the register` };
  });
}
