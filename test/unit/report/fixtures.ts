import type { MeetingView, TellerState } from '../../../shared/api';
import { EMPTY_RECORD } from '../../../shared/meetings';
import { canonicalJson } from '../../../shared/canonical-json';
import { SIGNED_PREFIX, SIGNED_PREFIX_V2 } from '../../../shared/report/report-schema';
import { generateSigningKey, signBytes } from '../../../db/signing/keys';
import { openService, setUpClp } from '../db/fixtures';

/** A CLP with a closed meeting, results and a complaint, and an unlocked signing key. */
export function readyToReport() {
  const svc = openService();
  setUpClp(svc);
  const state = svc.ok<TellerState>('getState');
  const branch = state.branches[0]!;
  const meeting = svc.ok<MeetingView>('scheduleMeeting', { branchId: branch.id, date: '2026-06-10' });
  svc.ok('saveMeetingDraft', {
    meetingId: meeting.id,
    record: { ...EMPTY_RECORD, chair: 'Aoife Dunstable', attendanceSource: 'manual', attendance: 30, eligibleAttendance: 28, votes: { selection: 15, reselect: 10, abstain: 2, spoilt: 1 } },
  });
  svc.ok('closeMeeting', { meetingId: meeting.id });
  svc.ok('recordResult', { unit: 'branch', id: state.branches[1]!.id, result: 'reselect', reason: 'Reported by the branch secretary.' });
  const affiliate = state.affiliates.find((a) => a.eligible)!;
  svc.ok('recordAffiliateDecision', { affiliateId: affiliate.id, result: 'reselect', receivedOn: '2026-06-12', method: 'letter', signedBy: 'R. Ogun' });
  svc.ok('logComplaint', { receivedOn: '2026-06-11', complainant: 'Hana Garside', contact: '', about: 'meeting', meetingId: meeting.id, category: 'procedure', summary: 'Late notice.' });
  svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
  return svc;
}

type Json = Record<string, unknown>;

/** Signs any payload with a fresh key as a report of the version given (2 unless said), so checks beyond the signature can be reached. */
export function signAnyPayload(payload: unknown, version: 1 | 2 = 2, key = generateSigningKey()): string {
  const prefix = version === 2 ? SIGNED_PREFIX_V2 : SIGNED_PREFIX;
  const value = signBytes(key.privateKey, Buffer.from(prefix + canonicalJson(payload), 'utf8')).toString('base64');
  return JSON.stringify({ format: 'teller-report', version, payload, signature: { algorithm: 'Ed25519', publicKey: key.publicKeyRaw.toString('base64'), keyId: key.keyId, value } }, null, 2);
}

/**
 * A version 2 payload as version 1 would have said it: pending units as no-vote, no reasons,
 * no meeting versions, ineligible affiliates left out, no pending counts or `certain`, and
 * the history's head as `auditHead`. (Teller wrote exactly this before version 2.)
 */
export function asVersion1(payloadV2: unknown): Json {
  const p = structuredClone(payloadV2) as Json & { branches: Json[]; affiliates: Json[]; outcome: Json & { branches: Json; affiliates: Json }; history: { head: string } };
  const unit = (u: Json): Json => ({ ...u, result: u.result === 'pending' ? 'no-vote' : u.result });
  const branches = p.branches.map((b) => {
    const { noVoteReason: _r, meeting, ...rest } = unit(b) as Json & { meeting: Json | null };
    const { versions: _v, ...m } = meeting ?? {};
    return { ...rest, meeting: meeting ? m : null };
  });
  const affiliates = p.affiliates
    .filter((a) => a.eligible !== false)
    .map((a) => {
      const { noVoteReason: _r, eligible: _e, ineligibleReason: _i, decision: _d, ...rest } = unit(a);
      return rest;
    });
  const counts = (c: Json) => {
    const { pending, ...rest } = c as Json & { pending: number; noVote: number };
    return { ...rest, noVote: rest.noVote + pending };
  };
  const { certain: _c, ...outcome } = p.outcome;
  const { history, ...rest } = p;
  return { ...rest, branches, affiliates, outcome: { ...outcome, branches: counts(p.outcome.branches), affiliates: counts(p.outcome.affiliates) }, auditHead: history.head };
}
