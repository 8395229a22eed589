import { describe, expect, it } from 'vitest';
import type { AuditEntry, ExportedReportInfo, TellerState } from '../../../shared/api';
import { ballotStatus } from '../../../shared/ballot-status';
import { EMPTY_RECORD } from '../../../shared/meetings';
import { verifyReportText } from '../../../db/signing/verify-report';
import { textDigest } from '../../../db/store/audit';
import { openService, setUpClp } from './fixtures';

type Svc = ReturnType<typeof openService>;
const state = (svc: Svc) => svc.ok<TellerState>('getState');
/** Everything a refused call could have changed. */
const snapshot = (svc: Svc) => ({ state: state(svc), audit: svc.ok<AuditEntry[]>('getAuditLog', { limit: 500 }) });

function withDecisions() {
  const svc = openService();
  setUpClp(svc);
  const s = state(svc);
  const [west, fernley] = s.branches;
  const union = s.affiliates.find((a) => a.eligible)!;
  svc.ok('scheduleMeeting', { branchId: west!.id, date: '2026-06-10' });
  svc.ok('recordResult', { unit: 'branch', id: fernley!.id, result: 'reselect', reason: 'Reported by the branch secretary.' });
  svc.ok('recordAffiliateDecision', { affiliateId: union.id, result: 'reselect', receivedOn: '2026-06-12', method: 'letter', signedBy: 'R. Ogun' });
  return { svc, west: west!, fernley: fernley!, union };
}

describe('a branch or affiliate with a recorded decision', () => {
  it('cannot be deleted: refused with a sentence, nothing changes', () => {
    const { svc, west, fernley, union } = withDecisions();
    const before = snapshot(svc);
    expect(svc.call('deleteBranch', { id: west.id })).toMatchObject({
      ok: false,
      error: { code: 'has-decisions', message: 'Ashbrook West cannot be deleted: a meeting or a result has been recorded for it, and that stays part of the record. Withdraw it with a reason instead.' },
    });
    expect(svc.call('deleteBranch', { id: fernley.id })).toMatchObject({ ok: false, error: { code: 'has-decisions' } });
    expect(svc.call('deleteAffiliate', { id: union.id })).toMatchObject({ ok: false, error: { code: 'has-decisions', message: expect.stringMatching(/a result or decision has been recorded/) as unknown } });
    expect(snapshot(svc)).toEqual(before);
    expect(before.state.branches.map((b) => b.hasDecisions)).toEqual([true, true]);
  });

  it('a withdrawn meeting still counts as a decision; a unit with none can be deleted', () => {
    const svc = openService();
    setUpClp(svc);
    const [west, fernley] = state(svc).branches;
    const m = svc.ok<{ id: number }>('scheduleMeeting', { branchId: west!.id, date: '2026-06-10' });
    svc.ok('withdrawMeeting', { meetingId: m.id, reason: 'Recorded against the wrong branch.' });
    expect(svc.call('deleteBranch', { id: west!.id })).toMatchObject({ ok: false, error: { code: 'has-decisions' } });
    expect(state(svc).branches).toHaveLength(2);
    svc.ok('deleteBranch', { id: fernley!.id });
    expect(state(svc).branches.map((b) => b.name)).toEqual(['Ashbrook West']);
  });

  it('is withdrawn with a reason: kept, audited, shown as withdrawn, out of the outcome and the report', () => {
    const { svc, west, fernley } = withDecisions();
    // A closed meeting for West with a selection result.
    const meetingId = state(svc).branches[0]!.meeting!.id;
    svc.ok('saveMeetingDraft', { meetingId, record: { ...EMPTY_RECORD, chair: 'Aoife Dunstable', attendanceSource: 'manual', attendance: 20, eligibleAttendance: 20, votes: { selection: 12, reselect: 8, abstain: 0, spoilt: 0 } } });
    svc.ok('closeMeeting', { meetingId });
    const status = ballotStatus(state(svc))!;
    expect(status.units).toEqual({ branches: 2, affiliates: 1 });
    expect(status.soFar.triggered).toBe(false);

    const before = snapshot(svc);
    expect(svc.call('withdrawUnit', { unit: 'branch', id: fernley.id, reason: '  ' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'reason', message: 'Say why Fernley South is withdrawn.' } });
    expect(snapshot(svc)).toEqual(before);

    svc.ok('withdrawUnit', { unit: 'branch', id: fernley.id, reason: 'Merged into Ashbrook West by the regional office.' });
    const after = state(svc);
    const f = after.branches.find((b) => b.id === fernley.id)!;
    expect(f).toMatchObject({ result: 'reselect', withdrawn: { reason: 'Merged into Ashbrook West by the regional office.' } });
    const entry = svc.ok<AuditEntry[]>('getAuditLog', { limit: 1 })[0]!;
    expect(entry).toMatchObject({ action: 'branch.withdraw', entityId: String(fernley.id), before: { withdrawn: null }, after: { result: 'reselect', withdrawn: { reason: textDigest('Merged into Ashbrook West by the regional office.') } } });

    // Out of the outcome: a withdrawn unit is neither counted nor in the base, as if it were not listed.
    const s2 = ballotStatus(after)!;
    expect(s2.units).toEqual({ branches: 1, affiliates: 1 });
    expect(s2.reported.branches).toMatchObject({ selection: 1, reselect: 0 });

    // Nothing more is recorded for it, and a second withdrawal is refused.
    const mid = snapshot(svc);
    expect(svc.call('recordResult', { unit: 'branch', id: fernley.id, result: 'selection', reason: 'Reported by the branch secretary.' })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn', field: 'result' } });
    expect(svc.call('withdrawUnit', { unit: 'branch', id: fernley.id, reason: 'Again.' })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn' } });
    expect(svc.call('scheduleMeeting', { branchId: fernley.id, date: '2026-06-12' })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn', field: 'branchId' } });
    expect(snapshot(svc)).toEqual(mid);

    // The signed report leaves it out, and its outcome still verifies.
    svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
    const r = svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
    const payload = (JSON.parse(r.json) as { payload: { branches: { name: string }[]; outcome: { share: string } } }).payload;
    expect(payload.branches.map((b) => b.name)).toEqual(['Ashbrook West']);
    expect(payload.outcome.share).toBe('1/2');
    expect(verifyReportText(r.json).ok).toBe(true);
    expect(west.name).toBe('Ashbrook West');
  });

  it('an affiliate is withdrawn the same way, its decision kept', () => {
    const { svc, union } = withDecisions();
    svc.ok('withdrawUnit', { unit: 'affiliate', id: union.id, reason: 'Disaffiliated from the CLP.' });
    const a = state(svc).affiliates.find((x) => x.id === union.id)!;
    expect(a).toMatchObject({ result: 'reselect', decision: { signedBy: 'R. Ogun' }, withdrawn: { reason: 'Disaffiliated from the CLP.' } });
    expect(ballotStatus(state(svc))!.units.affiliates).toBe(0);
  });
});

describe('a withdrawn branch or affiliate', () => {
  it('cannot be renamed, edited or given results: refused with a sentence, nothing changes', () => {
    const { svc, west, fernley, union } = withDecisions();
    const meetingId = state(svc).branches.find((b) => b.id === west.id)!.meeting!.id;
    svc.ok('withdrawUnit', { unit: 'branch', id: west.id, reason: 'Merged into Fernley South.' });
    svc.ok('withdrawUnit', { unit: 'branch', id: fernley.id, reason: 'Boundary review.' });
    svc.ok('withdrawUnit', { unit: 'affiliate', id: union.id, reason: 'Disaffiliated from the CLP.' });
    const before = snapshot(svc);
    expect(svc.call('renameBranch', { id: fernley.id, name: 'Fernley North' })).toMatchObject({
      ok: false,
      error: { code: 'unit-withdrawn', field: 'name', message: 'Fernley South was withdrawn (Boundary review.), so it is kept as it was withdrawn and cannot be changed.' },
    });
    expect(svc.call('updateAffiliate', { id: union.id, name: 'Renamed Union', kind: 'trade-union', eligible: true, ineligibleReason: null })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn' } });
    expect(svc.call('recordResult', { unit: 'branch', id: fernley.id, result: 'selection', reason: 'Reported late.' })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn' } });
    expect(svc.call('recordAffiliateDecision', { affiliateId: union.id, result: 'selection', receivedOn: '2026-06-13', method: 'email', signedBy: 'R. Ogun', reason: 'Changed its mind.' })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn' } });
    // Its open meeting takes no record, and cannot be closed to give it a result.
    const draft = { ...EMPTY_RECORD, chair: 'Aoife Dunstable', attendanceSource: 'manual', attendance: 9, eligibleAttendance: 9, votes: { selection: 5, reselect: 4, abstain: 0, spoilt: 0 } };
    expect(svc.call('saveMeetingDraft', { meetingId, record: draft })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn', message: 'Ashbrook West was withdrawn (Merged into Fernley South.), so nothing more can be recorded for it.' } });
    expect(svc.call('closeMeeting', { meetingId })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn' } });
    expect(snapshot(svc)).toEqual(before);
  });

  it('whose meeting closed before it was withdrawn keeps that record: no correction gives it another result', () => {
    const { svc, west } = withDecisions();
    const meetingId = state(svc).branches.find((b) => b.id === west.id)!.meeting!.id;
    const draft = { ...EMPTY_RECORD, chair: 'Aoife Dunstable', attendanceSource: 'manual', attendance: 9, eligibleAttendance: 9, votes: { selection: 5, reselect: 4, abstain: 0, spoilt: 0 } };
    svc.ok('saveMeetingDraft', { meetingId, record: draft });
    svc.ok('closeMeeting', { meetingId });
    svc.ok('withdrawUnit', { unit: 'branch', id: west.id, reason: 'Merged into Fernley South.' });
    const before = snapshot(svc);
    expect(svc.call('correctMeeting', { meetingId, record: { ...draft, votes: { selection: 4, reselect: 5, abstain: 0, spoilt: 0 } }, reason: 'Miscounted.' })).toMatchObject({ ok: false, error: { code: 'unit-withdrawn' } });
    expect(snapshot(svc)).toEqual(before);
  });
});
