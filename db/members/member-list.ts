import type { ApiParsedInput, MemberListing } from '../../shared/api';
import { eligibilityAt } from '../../shared/lists/eligibility';
import type { RegisterMatch } from '../../shared/lists/eligibility';
import { readBallot } from '../setup/ballot';
import type { ClpStore } from '../store/clp-store';

interface Row {
  id: number;
  number: string;
  name: string;
  postcode: string;
  branch: string;
  status: string;
  joinDate: string;
  continuousSince: string | null;
}

/** Lower case without accents or punctuation, so "renee" finds "Renée" and "ab12" finds "AB1 2CD". */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en-GB')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The list the ballot uses, each member with whether they may vote (at their own branch's
 * meeting, by the ballot's rules and the register check) and why not; counts per branch and
 * of who may vote, whatever the filter. Works before any meeting, and from the list alone.
 */
export function listMembers(store: ClpStore, input: ApiParsedInput<'listMembers'>): MemberListing {
  const ballot = readBallot(store);
  const empty: MemberListing = { snapshotId: null, members: [], matched: 0, total: 0, eligible: 0, byBranch: [] };
  if (!ballot?.snapshotId) return empty;
  const settings = { ...ballot.eligibility, freezeDate: ballot.freezeDate };
  const matches = new Map<number, RegisterMatch>();
  for (const r of store.db.prepare('SELECT member_id AS id, status FROM register_match').all() as { id: number; status: RegisterMatch }[]) matches.set(r.id, r.status);
  const rows = store.db
    .prepare('SELECT id, number, full_name AS name, postcode, branch, status, join_date AS joinDate, continuous_since AS continuousSince FROM member WHERE snapshot_id = ? ORDER BY last_name, first_name, id')
    .all(ballot.snapshotId) as Row[];
  const needle = folded(input.search);
  const branches = new Map<string, { members: number; eligible: number }>();
  const found: MemberListing['members'] = [];
  let eligible = 0;
  let matched = 0;
  for (const r of rows) {
    const verdict = eligibilityAt(r, settings, r.branch, matches.get(r.id) ?? null);
    const counts = branches.get(r.branch) ?? { members: 0, eligible: 0 };
    counts.members += 1;
    if (verdict.eligible) {
      counts.eligible += 1;
      eligible += 1;
    }
    branches.set(r.branch, counts);
    if (input.branch !== null && r.branch !== input.branch) continue;
    if (input.eligible !== null && verdict.eligible !== input.eligible) continue;
    if (needle && !folded(`${r.name} ${r.number}`).includes(needle) && !folded(r.postcode).includes(needle)) continue;
    matched += 1;
    if (matched > input.offset && found.length < input.limit) {
      found.push({ id: r.id, number: r.number, name: r.name, branch: r.branch, status: r.status, joinDate: r.joinDate, eligible: verdict.eligible, reasons: verdict.reasons });
    }
  }
  return {
    snapshotId: ballot.snapshotId,
    members: found,
    matched,
    total: rows.length,
    eligible,
    byBranch: [...branches].map(([branch, c]) => ({ branch, ...c })).sort((a, b) => a.branch.localeCompare(b.branch, 'en-GB')),
  };
}
