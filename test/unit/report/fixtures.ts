import type { MeetingView, TellerState } from '../../../shared/api';
import { EMPTY_RECORD } from '../../../shared/meetings';
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
  svc.ok('recordAffiliateDecision', { affiliateId: affiliate.id, result: 'reselect', receivedOn: '2026-06-20', method: 'letter', signedBy: 'R. Ogun' });
  svc.ok('logComplaint', { receivedOn: '2026-06-11', complainant: 'Hana Garside', contact: '', about: 'meeting', meetingId: meeting.id, category: 'procedure', summary: 'Late notice.' });
  svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
  return svc;
}
