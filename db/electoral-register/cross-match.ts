import type { MatchSummary, RegisterMatchExportRow, RegisterMatchRow } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { crossMatch, type MemberForMatch, type RegisterEntryForMatch } from '../../shared/lists/cross-match';
import type { RegisterMatch } from '../../shared/lists/eligibility';
import { readBallot } from '../setup/ballot';
import type { ClpStore } from '../store/clp-store';

/** Cross-matches the ballot's membership snapshot with the latest electoral register, replacing the previous results. */
export function runCrossMatch(store: ClpStore, at: string): MatchSummary {
  const ballot = readBallot(store);
  if (!ballot?.snapshotId) throw new TellerError('no-snapshot', 'Choose the membership list for the ballot before cross-matching.');
  const register = store.db.prepare('SELECT id FROM register_snapshot WHERE purged_at IS NULL ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
  if (!register) throw new TellerError('no-snapshot', 'Import the council’s electoral register before cross-matching.');
  const members = store.db
    .prepare("SELECT id, full_name AS fullName, first_name AS firstName, last_name AS lastName, address, postcode, NULLIF(roll_number, '') AS rollNumber FROM member WHERE snapshot_id = ?")
    .all(ballot.snapshotId) as MemberForMatch[];
  const entries = store.db.prepare("SELECT id, elector, forenames, surname, address, postcode, franchise AS markers, NULLIF(dob, '') AS dob FROM register_entry WHERE snapshot_id = ?").all(register.id) as RegisterEntryForMatch[];
  const results = crossMatch(members, entries);
  const counts = new Map<RegisterMatch, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const count = (s: RegisterMatch) => counts.get(s) ?? 0;
  const summary = { registerSnapshotId: register.id, matched: count('matched'), matchedElsewhere: count('matched-elsewhere'), notFound: count('not-found'), ambiguous: count('ambiguous') };
  store.change('register.cross-match', 'register_match', () => {
    store.db.prepare('DELETE FROM register_match').run();
    const insert = store.db.prepare('INSERT INTO register_match (member_id, register_snapshot_id, status, evidence) VALUES (?, ?, ?, ?)');
    for (const r of results) insert.run(r.memberId, register.id, r.status, r.evidence);
    // Counts only: the evidence names people and stays out of the audit trail.
    return { entityId: String(register.id), before: null, after: { memberSnapshotId: ballot.snapshotId, at, ...summary } };
  });
  return summary;
}

export function matchSummary(store: ClpStore): MatchSummary {
  const rows = store.db.prepare('SELECT status, COUNT(*) AS n, MAX(register_snapshot_id) AS reg FROM register_match GROUP BY status').all() as { status: RegisterMatch; n: number; reg: number }[];
  const n = (s: RegisterMatch) => rows.find((r) => r.status === s)?.n ?? 0;
  return { registerSnapshotId: rows[0]?.reg ?? null, matched: n('matched'), matchedElsewhere: n('matched-elsewhere'), notFound: n('not-found'), ambiguous: n('ambiguous') };
}

/** The problems first: the ones to check by hand, then other addresses, then not found. */
const STATUS_ORDER = "CASE r.status WHEN 'ambiguous' THEN 0 WHEN 'matched-elsewhere' THEN 1 WHEN 'not-found' THEN 2 ELSE 3 END";

export function registerMatches(store: ClpStore, status: RegisterMatch | null, limit: number): RegisterMatchRow[] {
  const rows = store.db
    .prepare(
      `SELECT r.member_id, m.number, m.full_name, m.postcode, r.status, r.evidence FROM register_match r JOIN member m ON m.id = r.member_id
       WHERE (? IS NULL OR r.status = ?) ORDER BY ${STATUS_ORDER}, m.full_name LIMIT ?`,
    )
    .all(status, status, limit) as { member_id: number; number: string; full_name: string; postcode: string; status: RegisterMatch; evidence: string }[];
  return rows.map((r) => ({ memberId: r.member_id, number: r.number, name: r.full_name, postcode: r.postcode, status: r.status, evidence: r.evidence }));
}

/** Every member's latest result, in membership-number order. */
export function allRegisterMatches(store: ClpStore): RegisterMatchExportRow[] {
  return store.db
    .prepare('SELECT m.number AS membershipNumber, r.status, r.evidence FROM register_match r JOIN member m ON m.id = r.member_id ORDER BY m.number, m.id')
    .all() as RegisterMatchExportRow[];
}

/** The door desk's view: a member's cross-match status, or null when none has been run. */
export function registerMatchOf(store: ClpStore, memberId: number): RegisterMatch | null {
  const row = store.stmt('SELECT status FROM register_match WHERE member_id = ?').get(memberId) as { status: RegisterMatch } | undefined;
  return row?.status ?? null;
}
