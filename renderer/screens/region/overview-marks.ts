import type { RegionRow } from '../../../shared/api';

/* What the overview marks on a CLP's row, so an officer sees at a glance where each CLP stands. */

export interface Mark {
  kind: 'final' | 'interim' | 'undecided' | 'complaints' | 'revoked';
  word: string;
}

/** The marks of a CLP's latest accepted report: final, or interim with the outcome certain or undecided; open complaints; signed by a key since revoked. */
export function marksOf(row: RegionRow): Mark[] {
  const marks: Mark[] = [];
  if (row.standing === 'final') marks.push({ kind: 'final', word: 'Final' });
  else if (row.standing === 'interim') marks.push({ kind: 'interim', word: 'Interim, outcome certain' });
  else marks.push({ kind: 'undecided', word: 'Interim, undecided' });
  if (row.openComplaints > 0) marks.push({ kind: 'complaints', word: `${row.openComplaints} open ${row.openComplaints === 1 ? 'complaint' : 'complaints'}` });
  if (row.revokedKey) marks.push({ kind: 'revoked', word: 'Revoked key' });
  return marks;
}

/** What names a CLP in the address of its page. */
export function clpParam(row: RegionRow): string {
  return row.ballotId;
}

/** "5 of 6 reported, 1 pending", as the secretary's dashboard counts a class. */
export function reportedWords(row: RegionRow, which: 'branches' | 'affiliates'): string {
  const reported = which === 'branches' ? row.branchesReporting : row.affiliatesReporting;
  const total = which === 'branches' ? row.branches : row.affiliates;
  const pending = which === 'branches' ? row.branchesPending : row.affiliatesPending;
  return `${reported} of ${total} reported${pending > 0 ? `, ${pending} pending` : ''}`;
}
