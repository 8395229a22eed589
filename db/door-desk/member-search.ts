import { searchText } from '../../shared/lists/search-text';
import type { MemberStatus } from '../../shared/lists/member-rows';
import type { Db } from '../store/db';

export interface IndexedMember {
  id: number;
  number: string;
  fullName: string;
  address: string;
  postcode: string;
  branch: string;
  joinDate: string;
  /** Continuous membership since, when the list gives it (else the join date counts). */
  continuousSince: string | null;
  status: MemberStatus;
  numberKey: string;
  nameTokens: string[];
  postcodeKey: string;
  /** The branch as compared with the meeting's (accents, case and punctuation ignored). */
  branchKey: string;
  /** The name as compared for ordering: plain text, so sorting thousands of matches stays cheap. */
  sortKey: string;
}

/** An in-memory index of one snapshot, built once, so every keystroke is answered in well under a frame. */
export class MemberIndex {
  private constructor(readonly snapshotId: number, private readonly members: IndexedMember[]) {}

  static build(db: Db, snapshotId: number): MemberIndex {
    const rows = db
      .prepare('SELECT id, number, full_name, address, postcode, branch, join_date, continuous_since, status FROM member WHERE snapshot_id = ?')
      .all(snapshotId) as { id: number; number: string; full_name: string; address: string; postcode: string; branch: string; join_date: string; continuous_since: string | null; status: MemberStatus }[];
    return new MemberIndex(
      snapshotId,
      rows.map((r) => ({
        id: r.id,
        number: r.number,
        fullName: r.full_name,
        address: r.address,
        postcode: r.postcode,
        branch: r.branch,
        joinDate: r.join_date,
        continuousSince: r.continuous_since,
        status: r.status,
        numberKey: searchText(r.number).replace(/ /g, ''),
        nameTokens: searchText(r.full_name).split(' '),
        postcodeKey: r.postcode.replace(/ /g, '').toLowerCase(),
        branchKey: branchKey(r.branch),
        sortKey: searchText(r.full_name),
      })),
    );
  }

  get size(): number {
    return this.members.length;
  }

  byId(id: number): IndexedMember | undefined {
    return this.members.find((m) => m.id === id);
  }

  /**
   * Name (any order, prefixes, accents ignored), membership number or postcode; best first,
   * members of `ownBranch` (the meeting's) before others that match as well; with how many
   * matched in all, so the desk can say how many more a longer query would narrow down.
   */
  find(query: string, limit: number, ownBranch: string | null): { members: IndexedMember[]; total: number } {
    const q = searchText(query);
    if (q === '') return { members: [], total: 0 };
    const tokens = q.split(' ');
    const compact = q.replace(/ /g, '');
    const own = ownBranch === null ? null : branchKey(ownBranch);
    const scored: { m: IndexedMember; score: number }[] = [];
    for (const m of this.members) {
      let score = 0;
      if (m.numberKey === compact) score = 100;
      else if (compact.length >= 3 && m.numberKey.startsWith(compact)) score = 60;
      else if (compact.length >= 2 && /\d/.test(compact) && m.postcodeKey.startsWith(compact)) score = 50;
      else if (tokens.every((t) => m.nameTokens.some((n) => n.startsWith(t)))) {
        score = 10 + tokens.filter((t) => m.nameTokens.includes(t)).length;
      }
      // The meeting's own members first: above any other branch's match of the same kind
      // (a name, a number begun, a postcode), never above a whole membership number typed.
      if (score > 0 && own !== null && m.branchKey === own) score += 30;
      if (score > 0) scored.push({ m, score });
    }
    // A short query can match thousands: order by score, then by plain name (no locale rules:
    // they cost microseconds per comparison, and this runs on every keystroke).
    scored.sort((a, b) => b.score - a.score || (a.m.sortKey < b.m.sortKey ? -1 : a.m.sortKey > b.m.sortKey ? 1 : 0));
    return { members: scored.slice(0, limit).map((s) => s.m), total: scored.length };
  }
}

/** A branch name as compared: letters and digits only, accents and case ignored. */
function branchKey(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}
