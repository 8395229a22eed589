import type { Affiliate, ApiParsedInput, Branch } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { TellerError } from '../../shared/errors';
import { textDigest } from '../store/audit';
import type { ClpStore } from '../store/clp-store';
import { readBallot } from './ballot';
import { requireClp } from './clp';

/* The CLP's branches and affiliates, and the result each has recorded for the ballot. */

/** Names compare case- and space-insensitively: "Castle  Ward" and "castle ward" are the same branch. */
function nameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();
}

interface BranchRow {
  id: number;
  name: string;
  result: Branch['result'];
  recorded_at: string | null;
  meeting_id: number | null;
  meeting_date: string | null;
  meeting_state: string | null;
  decisions: number;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
}
interface AffiliateRow {
  received_on: string | null;
  method: 'form' | 'letter' | 'email' | null;
  signed_by: string | null;
  late: 0 | 1 | null;
  id: number;
  name: string;
  kind: Affiliate['kind'];
  eligible: 0 | 1;
  ineligible_reason: string | null;
  result: Affiliate['result'];
  recorded_at: string | null;
  decisions: number;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
}

export function branches(store: ClpStore): Branch[] {
  const ballotId = readBallot(store)?.id ?? null;
  const rows = store.db
    .prepare(
      `SELECT b.id, b.name, r.result, r.recorded_at, m.id AS meeting_id, m.date AS meeting_date, m.state AS meeting_state, b.withdrawn_at, b.withdrawn_reason,
         (EXISTS (SELECT 1 FROM meeting WHERE branch_id = b.id) OR EXISTS (SELECT 1 FROM unit_result WHERE branch_id = b.id)) AS decisions
       FROM branch b
       LEFT JOIN unit_result r ON r.branch_id = b.id AND r.ballot_id = ?
       LEFT JOIN meeting m ON m.id = (SELECT id FROM meeting WHERE branch_id = b.id AND ballot_id = ? AND withdrawn_at IS NULL ORDER BY date DESC, id DESC LIMIT 1)
       ORDER BY b.name_key`,
    )
    .all(ballotId, ballotId) as BranchRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    result: r.result ?? null,
    resultRecordedAt: r.recorded_at ?? null,
    meeting: r.meeting_id !== null && r.meeting_date !== null ? { id: r.meeting_id, date: r.meeting_date, state: r.meeting_state ?? 'open' } : null,
    hasDecisions: r.decisions === 1,
    withdrawn: r.withdrawn_at !== null ? { at: r.withdrawn_at, reason: r.withdrawn_reason ?? '' } : null,
  }));
}

export function affiliates(store: ClpStore): Affiliate[] {
  const ballot = readBallot(store);
  const ballotId = ballot?.id ?? null;
  const rows = store.db
    .prepare(
      `SELECT a.id, a.name, a.kind, a.eligible, a.ineligible_reason, r.result, r.recorded_at, d.received_on, d.method, d.signed_by, d.late, a.withdrawn_at, a.withdrawn_reason,
         (EXISTS (SELECT 1 FROM unit_result WHERE affiliate_id = a.id) OR EXISTS (SELECT 1 FROM affiliate_decision WHERE affiliate_id = a.id)) AS decisions
       FROM affiliate a
       LEFT JOIN unit_result r ON r.affiliate_id = a.id AND r.ballot_id = ?
       LEFT JOIN affiliate_decision d ON d.affiliate_id = a.id AND d.ballot_id = ?
       ORDER BY a.name_key`,
    )
    .all(ballotId, ballotId) as AffiliateRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    eligible: r.eligible === 1,
    ineligibleReason: r.ineligible_reason,
    result: r.result ?? null,
    resultRecordedAt: r.recorded_at ?? null,
    decision:
      r.received_on && r.method && r.signed_by !== null
        ? { receivedOn: r.received_on, method: r.method, signedBy: r.signed_by, late: r.late === 1 }
        : null,
    hasDecisions: r.decisions === 1,
    withdrawn: r.withdrawn_at !== null ? { at: r.withdrawn_at, reason: r.withdrawn_reason ?? '' } : null,
  }));
}

function requireUniqueName(store: ClpStore, table: 'branch' | 'affiliate', name: string, exceptId: number | null): void {
  const row = store.db.prepare(`SELECT id, name FROM ${table} WHERE name_key = ?`).get(nameKey(name)) as { id: number; name: string } | undefined;
  if (row && row.id !== exceptId) {
    const what = table === 'branch' ? 'A branch' : 'An affiliate';
    throw new TellerError('duplicate-name', `${what} called "${row.name}" already exists. Names must be different.`, 'name');
  }
}

function branchById(store: ClpStore, id: number): Branch {
  const b = branches(store).find((x) => x.id === id);
  if (!b) throw new TellerError('not-found', 'That branch no longer exists. It may have been deleted.');
  return b;
}

function affiliateById(store: ClpStore, id: number): Affiliate {
  const a = affiliates(store).find((x) => x.id === id);
  if (!a) throw new TellerError('not-found', 'That affiliate no longer exists. It may have been deleted.');
  return a;
}

export function addBranch(store: ClpStore, input: ApiParsedInput<'addBranch'>): void {
  requireClp(store);
  requireUniqueName(store, 'branch', input.name, null);
  store.change('branch.add', 'branch', () => {
    const { lastInsertRowid } = store.db.prepare('INSERT INTO branch (name, name_key) VALUES (?, ?)').run(input.name, nameKey(input.name));
    return { entityId: String(lastInsertRowid), before: null, after: { name: input.name } };
  });
}

export function renameBranch(store: ClpStore, input: ApiParsedInput<'renameBranch'>): void {
  const existing = branchById(store, input.id);
  refuseChangingWithdrawn(existing);
  requireUniqueName(store, 'branch', input.name, input.id);
  store.change('branch.rename', 'branch', () => {
    const entityId = String(input.id);
    store.db.prepare('UPDATE branch SET name = ?, name_key = ? WHERE id = ?').run(input.name, nameKey(input.name), input.id);
    return { entityId, before: { name: existing.name }, after: { name: input.name } };
  });
}

function refuseDeletingDecisions(unit: Branch | Affiliate, what: 'branch' | 'affiliate'): void {
  if (!unit.hasDecisions) return;
  const decisions = what === 'branch' ? 'a meeting or a result' : 'a result or decision';
  throw new TellerError(
    'has-decisions',
    `${unit.name} cannot be deleted: ${decisions} has been recorded for it, and that stays part of the record. Withdraw it with a reason instead.`,
    'id',
  );
}

/** A withdrawn unit stays as it was withdrawn: its name and details are part of the record. */
function refuseChangingWithdrawn(unit: Branch | Affiliate): void {
  if (unit.withdrawn) throw new TellerError('unit-withdrawn', `${unit.name} was withdrawn (${unit.withdrawn.reason}), so it is kept as it was withdrawn and cannot be changed.`, 'name');
}

function refuseWithdrawn(unit: Branch | Affiliate): void {
  if (unit.withdrawn) throw new TellerError('unit-withdrawn', `${unit.name} was withdrawn (${unit.withdrawn.reason}), so nothing more can be recorded for it.`, 'result');
}

export function deleteBranch(store: ClpStore, input: ApiParsedInput<'deleteBranch'>): void {
  const existing = branchById(store, input.id);
  refuseDeletingDecisions(existing, 'branch');
  store.change('branch.delete', 'branch', () => {
    const entityId = String(input.id);
    store.db.prepare('DELETE FROM branch WHERE id = ?').run(input.id);
    return { entityId, before: { name: existing.name, result: existing.result }, after: null };
  });
}

function affiliateValues(input: ApiParsedInput<'addAffiliate'>) {
  const reason = input.ineligibleReason?.trim() ?? '';
  if (!input.eligible && reason === '') {
    throw new TellerError('invalid-input', 'Say why this affiliate is not eligible, e.g. "affiliation fees not paid by the cut-off date".', 'ineligibleReason');
  }
  return { name: input.name, kind: input.kind, eligible: input.eligible, ineligibleReason: input.eligible ? null : reason };
}

export function addAffiliate(store: ClpStore, input: ApiParsedInput<'addAffiliate'>): void {
  requireClp(store);
  const v = affiliateValues(input);
  requireUniqueName(store, 'affiliate', v.name, null);
  store.change('affiliate.add', 'affiliate', () => {
    const { lastInsertRowid } = store.db
      .prepare('INSERT INTO affiliate (name, name_key, kind, eligible, ineligible_reason) VALUES (?, ?, ?, ?, ?)')
      .run(v.name, nameKey(v.name), v.kind, v.eligible ? 1 : 0, v.ineligibleReason);
    return { entityId: String(lastInsertRowid), before: null, after: { ...v, ineligibleReason: textDigest(v.ineligibleReason) } };
  });
}

export function updateAffiliate(store: ClpStore, input: ApiParsedInput<'updateAffiliate'>): void {
  const existing = affiliateById(store, input.id);
  refuseChangingWithdrawn(existing);
  const v = affiliateValues(input);
  requireUniqueName(store, 'affiliate', v.name, input.id);
  store.change('affiliate.update', 'affiliate', () => {
    const entityId = String(input.id);
    store.db
      .prepare('UPDATE affiliate SET name = ?, name_key = ?, kind = ?, eligible = ?, ineligible_reason = ? WHERE id = ?')
      .run(v.name, nameKey(v.name), v.kind, v.eligible ? 1 : 0, v.ineligibleReason, input.id);
    return {
      entityId,
      before: { name: existing.name, kind: existing.kind, eligible: existing.eligible, ineligibleReason: textDigest(existing.ineligibleReason) },
      after: { ...v, ineligibleReason: textDigest(v.ineligibleReason) },
    };
  });
}

export function deleteAffiliate(store: ClpStore, input: ApiParsedInput<'deleteAffiliate'>): void {
  const existing = affiliateById(store, input.id);
  refuseDeletingDecisions(existing, 'affiliate');
  store.change('affiliate.delete', 'affiliate', () => {
    const entityId = String(input.id);
    store.db.prepare('DELETE FROM affiliate WHERE id = ?').run(input.id);
    const decision = existing.decision && { ...existing.decision, signedBy: textDigest(existing.decision.signedBy) };
    const withdrawn = existing.withdrawn && { ...existing.withdrawn, reason: textDigest(existing.withdrawn.reason) };
    return { entityId, before: { ...existing, ineligibleReason: textDigest(existing.ineligibleReason), decision, withdrawn }, after: null };
  });
}

/** Withdraws a branch or affiliate: kept with its record and reason, shown as withdrawn, left out of the outcome. */
export function withdrawUnit(store: ClpStore, input: ApiParsedInput<'withdrawUnit'>): void {
  const unit = input.unit === 'branch' ? branchById(store, input.id) : affiliateById(store, input.id);
  const reason = input.reason.trim();
  if (unit.withdrawn) throw new TellerError('unit-withdrawn', `${unit.name} was already withdrawn (${unit.withdrawn.reason}).`, 'reason');
  if (reason === '') throw new TellerError('invalid-input', `Say why ${unit.name} is withdrawn.`, 'reason');
  const at = store.stamp();
  store.change(`${input.unit}.withdraw`, input.unit, () => {
    store.db.prepare(`UPDATE ${input.unit} SET withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?`).run(at, reason, input.id);
    return { entityId: String(input.id), before: { name: unit.name, result: unit.result, withdrawn: null }, after: { name: unit.name, result: unit.result, withdrawn: { at, reason: textDigest(reason) } } };
  });
}

export function recordResult(store: ClpStore, input: ApiParsedInput<'recordResult'>): void {
  const ballot = readBallot(store);
  if (!ballot) throw new TellerError('no-ballot', 'Set up the trigger ballot (freeze date, timetable and rules) before recording results.');
  const unit = input.unit === 'branch' ? branchById(store, input.id) : affiliateById(store, input.id);
  refuseWithdrawn(unit);
  if (input.unit === 'branch') {
    const { meeting } = branchById(store, input.id);
    if (meeting) {
      throw new TellerError(
        'result-from-meeting',
        `${unit.name}'s result comes from its meeting of ${formatUkDate(meeting.date)}, so it cannot be set by hand. Change it on the meeting's page: a closed meeting's record is corrected with a reason, as a new version.`,
        'result',
      );
    }
  }
  if (input.unit === 'affiliate' && input.result !== null) {
    const affiliate = affiliateById(store, input.id);
    if (!affiliate.eligible) {
      throw new TellerError('unit-not-eligible', `${affiliate.name} is not eligible to take part (${affiliate.ineligibleReason ?? 'no reason given'}), so its result cannot be recorded.`);
    }
  }
  if (input.unit === 'affiliate') {
    throw new TellerError(
      'result-from-decision',
      `${unit.name}'s result comes from its decision as it arrived: record it with the affiliate decision form (date received, how it arrived, who signed it).`,
      'result',
    );
  }
  const reason = input.reason?.trim() ?? '';
  if (reason === '') throw new TellerError('invalid-input', `Say why ${unit.name}'s result is set by hand.`, 'reason');
  const column = input.unit === 'branch' ? 'branch_id' : 'affiliate_id';
  const at = store.stamp();
  store.change('result.record', input.unit, () => {
    const entityId = String(input.id);
    store.db.prepare(`DELETE FROM unit_result WHERE ballot_id = ? AND ${column} = ?`).run(ballot.id, input.id);
    if (input.result !== null) {
      store.db.prepare(`INSERT INTO unit_result (ballot_id, ${column}, result, recorded_at) VALUES (?, ?, ?, ?)`).run(ballot.id, input.id, input.result, at);
    }
    return { entityId, before: { name: unit.name, result: unit.result }, after: { name: unit.name, result: input.result, reason: textDigest(reason) } };
  });
}

/** An affiliate's decision as it arrived: its result, when, how and who signed it. */
export function recordAffiliateDecision(store: ClpStore, input: ApiParsedInput<'recordAffiliateDecision'>): void {
  const ballot = readBallot(store);
  if (!ballot) throw new TellerError('no-ballot', 'Set up the trigger ballot (freeze date, timetable and rules) before recording results.');
  const affiliate = affiliateById(store, input.affiliateId);
  refuseWithdrawn(affiliate);
  if (!affiliate.eligible) {
    throw new TellerError('unit-not-eligible', `${affiliate.name} is not eligible to take part (${affiliate.ineligibleReason ?? 'no reason given'}), so its decision cannot be counted.`);
  }
  // One way to record a decision, and a recorded one is changed only with a reason, kept in the audit entry.
  const reason = input.reason?.trim() ?? '';
  const recorded = affiliate.decision !== null || affiliate.result !== null;
  if (recorded) {
    const same =
      affiliate.result === input.result &&
      affiliate.decision?.receivedOn === input.receivedOn &&
      affiliate.decision.method === input.method &&
      affiliate.decision.signedBy === input.signedBy;
    if (same) throw new TellerError('invalid-input', `${affiliate.name}'s decision is already recorded as it stands: nothing was changed.`, 'result');
    if (reason === '') throw new TellerError('invalid-input', `${affiliate.name}'s decision is already recorded: say why it is being changed. The reason is kept with both versions.`, 'reason');
  }
  const at = store.stamp();
  const late = input.receivedOn > ballot.closesOn;
  store.change('affiliate.decision', 'affiliate', () => {
    store.db.prepare('DELETE FROM unit_result WHERE ballot_id = ? AND affiliate_id = ?').run(ballot.id, input.affiliateId);
    store.db.prepare('INSERT INTO unit_result (ballot_id, affiliate_id, result, recorded_at) VALUES (?, ?, ?, ?)').run(ballot.id, input.affiliateId, input.result, at);
    store.db
      .prepare(
        `INSERT INTO affiliate_decision (ballot_id, affiliate_id, received_on, method, signed_by, late) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (ballot_id, affiliate_id) DO UPDATE SET received_on = excluded.received_on, method = excluded.method, signed_by = excluded.signed_by, late = excluded.late`,
      )
      .run(ballot.id, input.affiliateId, input.receivedOn, input.method, input.signedBy, late ? 1 : 0);
    return {
      entityId: String(input.affiliateId),
      before: { name: affiliate.name, result: affiliate.result, decision: affiliate.decision && { ...affiliate.decision, signedBy: textDigest(affiliate.decision.signedBy) } },
      after: { name: affiliate.name, result: input.result, receivedOn: input.receivedOn, method: input.method, signedBy: textDigest(input.signedBy), late, ...(recorded ? { reason: textDigest(reason) } : {}) },
    };
  });
}
