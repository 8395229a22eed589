import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Complaint, Desk, DeskMember, MeetingView, TellerState } from '../../../shared/api';
import { branchResult, EMPTY_RECORD, isQuorate, meetingProblems, quorumRequired, quorumWords, type MeetingRecord } from '../../../shared/meetings';
import { labour2021, openService, setUpClp, steppingClock, tempDir } from '../db/fixtures';
import { textDigest } from '../../../db/store/audit';

const record = (r: Partial<MeetingRecord> = {}): MeetingRecord => ({
  ...EMPTY_RECORD,
  chair: 'Aoife Dunstable',
  attendanceSource: 'manual',
  attendance: 30,
  eligibleAttendance: 28,
  votes: { selection: 15, reselect: 10, abstain: 2, spoilt: 1 },
  ...r,
});

function withMeeting() {
  const svc = openService();
  setUpClp(svc);
  const branch = svc.ok<TellerState>('getState').branches[0]!;
  const meeting = svc.ok<MeetingView>('scheduleMeeting', { branchId: branch.id, date: '2026-06-10' });
  const refused = (method: string, input: unknown, code: string, message?: RegExp) => {
    const before = svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id });
    const state = svc.ok<TellerState>('getState');
    const r = svc.call(method, input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      if (message) expect(r.error.message).toMatch(message);
    }
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id })).toEqual(before);
    expect(svc.ok<TellerState>('getState')).toEqual(state);
  };
  return { svc, branch, meeting, refused };
}

describe('the branch result', () => {
  it('is the majority of selection and reselect; equal is a tie; inquorate is no vote', () => {
    expect(branchResult({ selection: 5, reselect: 3, abstain: 9, spoilt: 0 }, true)).toBe('selection');
    expect(branchResult({ selection: 3, reselect: 5, abstain: 0, spoilt: 0 }, true)).toBe('reselect');
    expect(branchResult({ selection: 4, reselect: 4, abstain: 0, spoilt: 0 }, true)).toBe('tie');
    expect(branchResult({ selection: 9, reselect: 0, abstain: 0, spoilt: 0 }, false)).toBe('no-vote');
  });

  it('agrees with the figures for any votes (property)', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(5), fc.nat(5), (s, r, a, sp) => {
        const result = branchResult({ selection: s, reselect: r, abstain: a, spoilt: sp }, true);
        expect(result).toBe(s > r ? 'selection' : r > s ? 'reselect' : 'tie');
      }),
    );
  });
});

describe('checking the figures', () => {
  it('accepts sound figures', () => expect(meetingProblems(record())).toEqual([]));
  it('refuses more votes than eligible members checked in', () => {
    expect(meetingProblems(record({ eligibleAttendance: 20 }))).toEqual([
      { field: 'votes', message: '28 votes are recorded (selection, reselect, abstain and spoilt together), but only 20 eligible members were checked in.' },
    ]);
  });
  it('refuses more eligible members than people present', () => {
    expect(meetingProblems(record({ attendance: 27 }))[0]?.field).toBe('eligibleAttendance');
  });
  it('refuses negative or fractional numbers', () => {
    expect(meetingProblems(record({ votes: { selection: -1, reselect: 0, abstain: 0, spoilt: 0 } }))[0]).toEqual({ field: 'votes.selection', message: 'Enter a whole number, 0 or more.' });
    expect(meetingProblems(record({ attendance: 2.5 }))[0]?.field).toBe('attendance');
  });
  it('works out a percentage quorum from the eligible members', () => {
    expect(quorumRequired({ kind: 'percent', value: 10 }, 205)).toBe(21);
    expect(quorumRequired({ kind: 'percent', value: 10 }, null)).toBeNull();
    expect(quorumRequired({ kind: 'number', value: 12 }, null)).toBe(12);
  });
});

describe('a meeting through the Api', () => {
  it('closes with a derived result that feeds the dashboard, and freezes the figures', () => {
    const { svc, branch, meeting } = withMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    const closed = svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id });
    expect(closed.state).toBe('closed');
    expect(closed.versions).toHaveLength(1);
    expect(closed.versions[0]?.figures).toEqual({ attendance: 30, eligibleAttendance: 28, overrides: 0, entitled: null, quorumRequired: 0, quorate: true, voting: 28, result: 'selection', noVoteReason: null });
    expect(svc.ok<TellerState>('getState').branches.find((b) => b.id === branch.id)?.result).toBe('selection');
    const log = svc.ok<{ action: string }[]>('getAuditLog', { limit: 3 }).map((e) => e.action);
    expect(log[0]).toBe('meeting.close');
  });

  it('records an inquorate meeting as no vote', () => {
    const { svc, branch, meeting } = withMeeting();
    svc.ok('saveQuorum', { rule: { kind: 'number', value: 40 } });
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    expect(svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id }).versions[0]?.figures).toMatchObject({ quorate: false, result: 'no-vote' });
    expect(svc.ok<TellerState>('getState').branches.find((b) => b.id === branch.id)?.result).toBe('no-vote');
  });

  it('takes a correction only with a reason, as a new version, and keeps both', () => {
    const { svc, branch, meeting, refused } = withMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    svc.ok('closeMeeting', { meetingId: meeting.id });
    refused('correctMeeting', { meetingId: meeting.id, record: record({ votes: { selection: 10, reselect: 15, abstain: 2, spoilt: 1 } }), reason: '  ' }, 'invalid-input', /Say why/);
    const corrected = svc.ok<MeetingView>('correctMeeting', {
      meetingId: meeting.id,
      record: record({ votes: { selection: 10, reselect: 15, abstain: 2, spoilt: 1 } }),
      reason: 'Tellers swapped the two piles when reporting',
    });
    expect(corrected.versions.map((v) => [v.version, v.figures.result, v.reason])).toEqual([
      [1, 'selection', null],
      [2, 'reselect', 'Tellers swapped the two piles when reporting'],
    ]);
    expect(svc.ok<TellerState>('getState').branches.find((b) => b.id === branch.id)?.result).toBe('reselect');
    expect(corrected.history.map((e) => e.action)).toEqual(['meeting.correct', 'meeting.close', 'meeting.draft', 'meeting.open']);
  });

  it('marks a meeting not held or abandoned, with a reason', () => {
    const { svc, meeting, refused } = withMeeting();
    refused('markMeeting', { meetingId: meeting.id, state: 'abandoned', reason: '' }, 'invalid-input', /Say why the meeting was abandoned/);
    const m = svc.ok<MeetingView>('markMeeting', { meetingId: meeting.id, state: 'abandoned', reason: 'Fire alarm; the hall was evacuated' });
    expect(m.state).toBe('abandoned');
    expect(m.versions[0]).toMatchObject({ state: 'abandoned', reason: 'Fire alarm; the hall was evacuated', figures: { result: 'no-vote' } });
  });

  it('refuses bad figures, a second close, and dates outside the ballot, changing nothing', () => {
    const { svc, branch, meeting, refused } = withMeeting();
    refused('closeMeeting', { meetingId: meeting.id }, 'invalid-input', /Record the meeting/);
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record({ eligibleAttendance: 20 }) }, 'invalid-input', /28 votes are recorded .* only 20 eligible members/);
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record({ votes: { selection: -2, reselect: 0, abstain: 0, spoilt: 0 } }) }, 'invalid-input');
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record({ attendance: 3.5 }) }, 'invalid-input');
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    svc.ok('closeMeeting', { meetingId: meeting.id });
    refused('closeMeeting', { meetingId: meeting.id }, 'meeting-closed', /already closed/);
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record() }, 'meeting-closed');
    refused('scheduleMeeting', { branchId: branch.id, date: '2026-04-30' }, 'invalid-dates', /before branch meetings open/);
    refused('scheduleMeeting', { branchId: branch.id, date: '2026-07-18' }, 'invalid-dates', /after the ballot closes/);
  });

  it('takes attendance from the door desk when the meeting used one', () => {
    const { svc, meeting } = withMeeting();
    svc.ok('saveQuorum', { rule: { kind: 'number', value: 5 } });
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record({ attendanceSource: 'desk', votes: { selection: 0, reselect: 0, abstain: 0, spoilt: 0 } }) });
    const closed = svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id });
    expect(closed.versions[0]?.figures).toMatchObject({ attendance: 0, eligibleAttendance: 0, quorate: false, result: 'no-vote', noVoteReason: 'inquorate' });
  });
});

describe('affiliate decisions', () => {
  it('records how a decision arrived, and flags a late one', () => {
    // Today is after the ballot closed (17 July), so a decision received on 20 July is late, not in the future.
    const svc = openService(undefined, steppingClock('2026-07-25T20:00:00Z'));
    setUpClp(svc);
    const a = svc.ok<TellerState>('getState').affiliates.find((x) => x.eligible)!;
    const s = svc.ok<TellerState>('recordAffiliateDecision', { affiliateId: a.id, result: 'reselect', receivedOn: '2026-07-20', method: 'email', signedBy: 'Branch secretary' });
    expect(s.affiliates.find((x) => x.id === a.id)).toMatchObject({ result: 'reselect', decision: { receivedOn: '2026-07-20', method: 'email', signedBy: 'Branch secretary', late: true } });
    const ineligible = s.affiliates.find((x) => !x.eligible)!;
    expect(svc.call('recordAffiliateDecision', { affiliateId: ineligible.id, result: 'reselect', receivedOn: '2026-07-01', method: 'form', signedBy: 'X' }).ok).toBe(false);
  });

  it('refuses a received date after today in one sentence, changing nothing', () => {
    const svc = openService(); // today is 14 June 2026
    setUpClp(svc);
    const a = svc.ok<TellerState>('getState').affiliates.find((x) => x.eligible)!;
    const before = svc.ok<TellerState>('getState');
    const r = svc.call('recordAffiliateDecision', { affiliateId: a.id, result: 'selection', receivedOn: '2026-06-15', method: 'form', signedBy: 'Branch secretary' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid-input', field: 'receivedOn', message: 'The date received cannot be in the future: today is 14 June 2026.' });
    expect(svc.ok<TellerState>('getState')).toEqual(before);
    // Today itself is fine.
    const s = svc.ok<TellerState>('recordAffiliateDecision', { affiliateId: a.id, result: 'selection', receivedOn: '2026-06-14', method: 'form', signedBy: 'Branch secretary' });
    expect(s.affiliates.find((x) => x.id === a.id)?.decision).toMatchObject({ receivedOn: '2026-06-14', late: false });
  });
});

describe('complaints', () => {
  it('are logged, filtered, counted and resolved with an outcome', () => {
    const { svc, meeting } = withMeeting();
    const c = svc.ok<Complaint>('logComplaint', {
      receivedOn: '2026-06-11',
      complainant: 'Hana Garside',
      contact: 'hana@example.invalid',
      about: 'Ashbrook West meeting',
      meetingId: meeting.id,
      category: 'impersonation',
      summary: 'Someone voted in the name of a member who was abroad.',
    });
    svc.ok('logComplaint', { receivedOn: '2026-06-12', complainant: '', contact: '', about: 'The process', meetingId: null, category: 'procedure', summary: 'Notice of the meeting was late.' });
    expect(svc.ok<Complaint[]>('listComplaints', { status: 'open', category: 'impersonation' }).map((x) => x.id)).toEqual([c.id]);
    expect(svc.ok<TellerState>('getState').complaints).toEqual({ total: 2, byStatus: { open: 2 }, byCategory: { impersonation: 1, procedure: 1 } });
    expect(svc.call('updateComplaint', { id: c.id, status: 'resolved', outcome: '', outcomeOn: null }).ok).toBe(false);
    svc.ok('updateComplaint', { id: c.id, status: 'resolved', outcome: 'Checked the desk record: the member signed in person.', outcomeOn: '2026-06-13' });
    expect(svc.ok<TellerState>('getState').complaints.byStatus).toEqual({ open: 1, resolved: 1 });
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id }).complaints[0]).toMatchObject({ status: 'resolved' });
    expect(JSON.stringify(svc.ok('getAuditLog', { limit: 10 }))).not.toMatch(/Hana|hana@/);
  });

  it('carry a stable reference and can be corrected (a wrong meeting), audited with the reason as its digest', () => {
    const { svc, meeting, refused } = withMeeting();
    const other = svc.ok<MeetingView>('scheduleMeeting', { branchId: svc.ok<TellerState>('getState').branches[1]!.id, date: '2026-06-12' });
    const details = { receivedOn: '2026-06-11', complainant: 'Hana Garside', contact: '', about: 'A meeting', meetingId: meeting.id, category: 'procedure' as const, summary: 'Late notice.' };
    const first = svc.ok<Complaint>('logComplaint', details);
    const second = svc.ok<Complaint>('logComplaint', { ...details, summary: 'Second.' });
    expect([first.reference, second.reference]).toEqual([`C-${String(first.id).padStart(4, '0')}`, `C-${String(second.id).padStart(4, '0')}`]);
    expect(first.reference).toMatch(/^C-\d{4}$/);
    // Bad corrections change nothing: no reason, a meeting that does not exist, a date in the future, no change at all.
    refused('editComplaint', { id: first.id, ...details, meetingId: other.id, reason: '  ' }, 'invalid-input', /Say why/);
    refused('editComplaint', { id: first.id, ...details, meetingId: 9999, reason: 'Wrong meeting.' }, 'not-found');
    refused('editComplaint', { id: first.id, ...details, receivedOn: '2026-06-15', reason: 'Wrong date.' }, 'invalid-input', /15 June 2026 is in the future/);
    refused('editComplaint', { id: first.id, ...details, reason: 'Nothing.' }, 'invalid-input', /Nothing was changed/);
    const edited = svc.ok<Complaint>('editComplaint', { id: first.id, ...details, meetingId: other.id, category: 'conduct', reason: 'Logged against the wrong meeting.' });
    expect(edited).toMatchObject({ id: first.id, reference: first.reference, meetingId: other.id, category: 'conduct', status: 'open', summary: 'Late notice.' });
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id }).complaints.map((c) => c.reference)).toEqual([second.reference]);
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: other.id }).complaints.map((c) => c.reference)).toEqual([first.reference]);
    const entry = svc.ok<{ action: string; entityId: string; before: unknown; after: unknown }[]>('getAuditLog', { limit: 1 })[0]!;
    expect(entry).toMatchObject({ action: 'complaint.edit', entityId: String(first.id), before: { meetingId: meeting.id, category: 'procedure' }, after: { meetingId: other.id, category: 'conduct', status: 'open', reason: textDigest('Logged against the wrong meeting.') } });
    expect(JSON.stringify(entry)).not.toMatch(/Hana|wrong meeting/);
    expect(svc.ok<{ ok: boolean }>('verifyAudit').ok).toBe(true);
    // The outcome's date: never in the future (the clock says 14 June 2026), never before it was received.
    refused('updateComplaint', { id: first.id, status: 'resolved', outcome: 'Done.', outcomeOn: '2026-06-15' }, 'invalid-input', /^The date of the outcome, 15 June 2026 is in the future/);
    const r = svc.call('updateComplaint', { id: first.id, status: 'resolved', outcome: 'Done.', outcomeOn: '2026-06-15' });
    expect(!r.ok && r.error.field).toBe('outcomeOn');
    refused('updateComplaint', { id: first.id, status: 'resolved', outcome: 'Done.', outcomeOn: '2026-06-10' }, 'invalid-input', /before the complaint was received/);
    const long = 'First line of the outcome.\n'.repeat(40);
    expect(svc.ok<Complaint>('updateComplaint', { id: first.id, status: 'resolved', outcome: long, outcomeOn: '2026-06-14' }).outcome).toBe(long.trim());
  });
});

/** A meeting of Ashbrook West with twelve eligible members checked in and one admitted on the chair's override. */
function deskMeeting() {
  const svc = openService();
  setUpClp(svc);
  const dir = tempDir();
  const rows = Array.from({ length: 12 }, (_, i) => `L2${String(i).padStart(2, '0')},Member${i},Eligible,AB1 2CD,Ashbrook West,01/02/2019,Active`);
  rows.push('L299,Nia,Overruled,AB1 2CD,Ashbrook West,01/02/2019,Arrears');
  const file = path.join(dir, 'members.csv');
  fs.writeFileSync(file, ['Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status', ...rows].join('\n'));
  svc.ok('startImport', { kind: 'members', fileId: svc.service.staged.add(file), mapping: ['membershipNumber', 'firstName', 'lastName', 'postcode', 'branch', 'joinDate', 'status'] });
  const branch = svc.ok<TellerState>('getState').branches.find((b) => b.name === 'Ashbrook West')!;
  const meeting = svc.ok<MeetingView>('scheduleMeeting', { branchId: branch.id, date: '2026-06-10' });
  for (let i = 0; i < 12; i++) {
    const m = svc.ok<DeskMember[]>('searchMembers', { meetingId: meeting.id, query: `L2${String(i).padStart(2, '0')}` })[0]!;
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: m.id, outcome: 'admitted', note: null });
  }
  const overruled = svc.ok<DeskMember[]>('searchMembers', { meetingId: meeting.id, query: 'L299' })[0]!;
  svc.ok('recordCheckin', { meetingId: meeting.id, memberId: overruled.id, outcome: 'override', note: 'Paid the arrears at the door; the chair ruled she may vote' });
  return { svc, meeting };
}

describe("the chair's overrides", () => {
  const deskRecord = (selection: number, reselect: number) => record({ attendanceSource: 'desk', attendance: 13, eligibleAttendance: 12, votes: { selection, reselect, abstain: 0, spoilt: 0 } });

  it('are counted apart from eligible check-ins, and may vote', () => {
    const { svc, meeting } = deskMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: deskRecord(10, 3) });
    const closed = svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id });
    expect(closed.versions[0]?.figures).toMatchObject({ attendance: 13, eligibleAttendance: 12, overrides: 1, voting: 13, result: 'selection' });
    expect(closed.deskFigures).toMatchObject({ attendance: 13, eligibleAttendance: 12, overrides: 1 });
    expect(closed.overrideAdmissions).toEqual([expect.objectContaining({ reasons: ['in arrears'], note: 'Paid the arrears at the door; the chair ruled she may vote' })]);
  });

  it('still refuse more votes than eligible check-ins and overrides together', () => {
    const { svc, meeting } = deskMeeting();
    const before = svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id });
    const r = svc.call('saveMeetingDraft', { meetingId: meeting.id, record: deskRecord(11, 3) });
    expect(r.ok ? null : r.error).toEqual({
      code: 'invalid-input',
      field: 'votes',
      message: "14 votes are recorded (selection, reselect, abstain and spoilt together), but only 12 eligible members were checked in and 1 admitted on the chair's override.",
    });
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id })).toEqual(before);
  });

  it('are typed in when attendance is counted by hand', () => {
    expect(meetingProblems(record({ eligibleAttendance: 26, overrides: 2 }))).toEqual([]);
    expect(meetingProblems(record({ attendance: 27, eligibleAttendance: 26, overrides: 2 }))[0]?.field).toBe('overrides');
  });
});

describe('the life of a meeting', () => {
  const auditCount = (svc: ReturnType<typeof openService>) => svc.ok<TellerState>('getState').audit.entries;

  it('falls within the timetable: not before branch meetings open', () => {
    const { branch, refused } = withMeeting();
    refused('scheduleMeeting', { branchId: branch.id, date: '2026-05-20' }, 'invalid-dates', /cannot be before branch meetings open \(1 June 2026\)/);
  });

  it('can be withdrawn with a reason when opened by mistake: kept, audited, out of the lists', () => {
    const { svc, branch, meeting, refused } = withMeeting();
    refused('withdrawMeeting', { meetingId: meeting.id, reason: ' ' }, 'invalid-input', /Say why/);
    const m = svc.ok<MeetingView>('withdrawMeeting', { meetingId: meeting.id, reason: 'Opened for the wrong date' });
    expect(m.withdrawn).toMatchObject({ reason: 'Opened for the wrong date' });
    expect(m.history[0]?.action).toBe('meeting.withdraw');
    expect(svc.ok<unknown[]>('listMeetings')).toEqual([]);
    expect(svc.call('withdrawMeeting', { meetingId: meeting.id, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'meeting-closed' } });
    expect(svc.ok<MeetingView>('scheduleMeeting', { branchId: branch.id, date: '2026-06-10' }).id).not.toBe(meeting.id);
  });

  it('cannot be withdrawn once people were checked in, or once closed', () => {
    const { svc, meeting } = deskMeeting();
    const before = svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id });
    expect(svc.call('withdrawMeeting', { meetingId: meeting.id, reason: 'Mistake' })).toMatchObject({ ok: false, error: { code: 'meeting-has-checkins' } });
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id })).toEqual(before);
  });

  it('is never created by the door desk', () => {
    const { svc } = deskMeeting();
    const fernley = svc.ok<TellerState>('getState').branches.find((b) => b.name === 'Fernley South')!;
    const before = { meetings: svc.ok('listMeetings'), audit: auditCount(svc) };
    const r = svc.call('openDoorDesk', { branchId: fernley.id, date: '2026-06-12' });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'no-meeting', field: 'date' });
    expect(r.ok ? '' : r.error.message).toMatch(/No Fernley South meeting on 12 June 2026 is recorded/);
    expect({ meetings: svc.ok('listMeetings'), audit: auditCount(svc) }).toEqual(before);
    svc.ok('scheduleMeeting', { branchId: fernley.id, date: '2026-06-12' });
    expect(svc.ok<Desk>('openDoorDesk', { branchId: fernley.id, date: '2026-06-12' }).meeting).toMatchObject({ date: '2026-06-12', state: 'open' });
  });

  it('has a read-only door desk once closed', () => {
    const { svc, meeting } = deskMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record({ attendanceSource: 'desk', votes: { selection: 5, reselect: 2, abstain: 0, spoilt: 0 } }) });
    svc.ok('closeMeeting', { meetingId: meeting.id });
    const late = svc.ok<DeskMember[]>('searchMembers', { meetingId: meeting.id, query: 'L205' })[0]!;
    const before = { meeting: svc.ok('getMeeting', { meetingId: meeting.id }), desk: svc.ok<Desk>('getDesk', { meetingId: meeting.id }) };
    expect(before.desk.meeting.state).toBe('closed');
    expect(svc.call('recordCheckin', { meetingId: meeting.id, memberId: late.id, outcome: 'refused', note: null })).toMatchObject({ ok: false, error: { code: 'meeting-closed' } });
    expect(svc.call('recordWalkIn', { meetingId: meeting.id, name: 'A Person', details: '', outcome: 'refused', note: '' })).toMatchObject({ ok: false, error: { code: 'meeting-closed' } });
    expect({ meeting: svc.ok('getMeeting', { meetingId: meeting.id }), desk: svc.ok<Desk>('getDesk', { meetingId: meeting.id }) }).toEqual(before);
  });

  it('refuses to close while the record on screen has unsaved edits', () => {
    const { svc, meeting, refused } = withMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    refused('closeMeeting', { meetingId: meeting.id, record: record({ venue: 'Edited, not saved' }) }, 'unsaved-edits', /not saved/);
    expect(svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id, record: record() }).state).toBe('closed');
  });

  it('says what closing would freeze, or why it cannot close', () => {
    const { svc, meeting } = withMeeting();
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id }).closing).toEqual({ figures: null, problem: 'Record the meeting (chair, attendance and the vote) before closing it.' });
    const saved = svc.ok<MeetingView>('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    expect(saved.closing).toEqual({ figures: { attendance: 30, eligibleAttendance: 28, overrides: 0, entitled: null, quorumRequired: 0, quorate: true, voting: 28, result: 'selection', noVoteReason: null }, problem: null });
    svc.ok('saveQuorum', { rule: { kind: 'percent', value: 20 } });
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id }).closing.problem).toMatch(/The quorum is a percentage of eligible members, but no membership list gives the number/);
    svc.ok('saveQuorum', { rule: { kind: 'number', value: 5 } });
    expect(svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id, record: record() }).closing).toEqual({ figures: null, problem: null });
  });
});

describe('one source for each result', () => {
  it("refuses a hand-set result for a branch with a meeting: the meeting's record gives it", () => {
    const { svc, branch, meeting, refused } = withMeeting();
    refused('recordResult', { unit: 'branch', id: branch.id, result: 'reselect', reason: 'Reported by the branch secretary.' }, 'result-from-meeting', /comes from its meeting of 10 June 2026/);
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    svc.ok('closeMeeting', { meetingId: meeting.id });
    refused('recordResult', { unit: 'branch', id: branch.id, result: 'reselect', reason: 'Reported by the branch secretary.' }, 'result-from-meeting');
    refused('recordResult', { unit: 'branch', id: branch.id, result: null, reason: 'Reported by the branch secretary.' }, 'result-from-meeting');
    expect(svc.ok<TellerState>('getState').branches.find((b) => b.id === branch.id)).toMatchObject({ result: 'selection', meeting: { id: meeting.id, date: '2026-06-10', state: 'closed' } });
  });

  it('lets a branch without a meeting have its result set by hand', () => {
    const { svc } = withMeeting();
    const other = svc.ok<TellerState>('getState').branches.find((b) => b.meeting === null)!;
    expect(svc.ok<TellerState>('recordResult', { unit: 'branch', id: other.id, result: 'tie', reason: 'Reported by the branch secretary.' }).branches.find((b) => b.id === other.id)?.result).toBe('tie');
  });
});

describe('a closed meeting', () => {
  it('cannot be marked not held or abandoned: refused with a sentence, nothing changes', () => {
    const { svc, branch, meeting, refused } = withMeeting();
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    svc.ok('closeMeeting', { meetingId: meeting.id });
    refused('markMeeting', { meetingId: meeting.id, state: 'not-held', reason: 'Nobody came' }, 'meeting-closed', /^This meeting was closed with its vote recorded, so it cannot now be marked not held\. To change its record, make a correction with a reason\.$/);
    refused('markMeeting', { meetingId: meeting.id, state: 'abandoned', reason: 'Fire alarm' }, 'meeting-closed', /cannot now be marked abandoned\./);
    expect(svc.ok<TellerState>('getState').branches.find((b) => b.id === branch.id)?.result).toBe('selection');
  });
});

describe('saving a meeting draft is checked by the service as the meeting page checks it', () => {
  it('refuses figures that cannot be right, each with its field, changing nothing', () => {
    const { meeting, refused } = withMeeting();
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record({ eligibleAttendance: 20 }) }, 'invalid-input', /^28 votes are recorded .* but only 20 eligible members were checked in\.$/);
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record({ eligibleAttendance: 31 }) }, 'invalid-input', /31 eligible members cannot be more than the 30 people present/);
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record({ chair: '  ' }) }, 'invalid-input', /Record who chaired the meeting/);
  });

  it('checks votes against the door desk when the attendance comes from it', () => {
    const { svc, meeting } = deskMeeting();
    const before = svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id });
    const r = svc.call('saveMeetingDraft', { meetingId: meeting.id, record: record({ attendanceSource: 'desk', attendance: 999, eligibleAttendance: 999, votes: { selection: 14, reselect: 0, abstain: 0, spoilt: 0 } }) });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'invalid-input', field: 'votes', message: expect.stringMatching(/14 votes .* only 12 eligible members were checked in and 1 admitted/) as unknown });
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id })).toEqual(before);
  });

  it('refuses a meeting the timetable no longer covers, and a closed one', () => {
    const { svc, meeting, refused } = withMeeting();
    svc.ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-15', closesOn: '2026-07-17', rules: labour2021 });
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record() }, 'invalid-dates', /^This meeting \(10 June 2026\) is before branch meetings open \(15 June 2026\): withdraw it, or change the timetable with a reason\.$/);
    svc.ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-05-15', closesOn: '2026-06-09', rules: labour2021 });
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record() }, 'invalid-dates', /is after the ballot closes \(9 June 2026\)/);
    svc.ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: labour2021 });
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record() });
    svc.ok('closeMeeting', { meetingId: meeting.id });
    refused('saveMeetingDraft', { meetingId: meeting.id, record: record() }, 'meeting-closed', /This meeting is closed/);
  });
});

describe('the quorum and the chair\'s overrides', () => {
  it('counts overrides toward the quorum, as members entitled to vote who are present; the record keeps both figures', () => {
    const { svc, meeting } = deskMeeting();
    svc.ok('saveQuorum', { rule: { kind: 'number', value: 13 } });
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record({ attendanceSource: 'desk', votes: { selection: 9, reselect: 4, abstain: 0, spoilt: 0 } }) });
    const closed = svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id });
    expect(closed.versions[0]?.figures).toMatchObject({ eligibleAttendance: 12, overrides: 1, quorumRequired: 13, quorate: true, result: 'selection' });
    expect(quorumWords(closed.versions[0]!.figures)).toBe("13 needed (eligible members and the chair's overrides count), 12 eligible and 1 on the chair's override present: quorate");
    expect(svc.ok<TellerState>('getState').branches.find((b) => b.id === closed.branchId)?.result).toBe('selection');
  });

  it('is missed when eligible check-ins and overrides together fall short', () => {
    const { svc, meeting } = deskMeeting();
    svc.ok('saveQuorum', { rule: { kind: 'number', value: 14 } });
    svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: record({ attendanceSource: 'desk', votes: { selection: 9, reselect: 4, abstain: 0, spoilt: 0 } }) });
    expect(svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id }).versions[0]?.figures).toMatchObject({ quorumRequired: 14, quorate: false, result: 'no-vote' });
  });

  it('is the same rule for counts typed by hand (property)', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(10), fc.integer({ min: 1, max: 70 }), (eligible, overrides, required) => {
        expect(isQuorate(eligible, overrides, required)).toBe(eligible + overrides >= required);
        expect(isQuorate(eligible, 0, required)).toBe(eligible >= required);
      }),
    );
  });
});

describe('an affiliate decision once recorded', () => {
  const decision = { result: 'reselect', receivedOn: '2026-06-12', method: 'letter', signedBy: 'R. Ogun' } as const;
  function recorded() {
    const svc = openService();
    setUpClp(svc);
    const a = svc.ok<TellerState>('getState').affiliates.find((x) => x.eligible)!;
    svc.ok('recordAffiliateDecision', { affiliateId: a.id, ...decision });
    const snapshot = () => ({ state: svc.ok<TellerState>('getState'), audit: svc.ok('getAuditLog', { limit: 100 }) });
    return { svc, a, snapshot };
  }

  it('is changed only with a reason, kept in the audit entry with both versions', () => {
    const { svc, a, snapshot } = recorded();
    const before = snapshot();
    expect(svc.call('recordAffiliateDecision', { affiliateId: a.id, ...decision, result: 'selection' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'reason', message: "Health Service Staff Union, Ashbrook's decision is already recorded: say why it is being changed. The reason is kept with both versions." },
    });
    expect(svc.call('recordAffiliateDecision', { affiliateId: a.id, ...decision, result: 'selection', reason: '   ' }).ok).toBe(false);
    expect(snapshot()).toEqual(before);
    const s = svc.ok<TellerState>('recordAffiliateDecision', { affiliateId: a.id, ...decision, result: 'selection', reason: 'The letter was misread: it asks for a selection.' });
    expect(s.affiliates.find((x) => x.id === a.id)?.result).toBe('selection');
    const [entry] = svc.ok<{ action: string; before: unknown; after: unknown }[]>('getAuditLog', { limit: 1 });
    expect(entry).toMatchObject({
      action: 'affiliate.decision',
      // Free text (who signed, the reason) is in the chain only as its SHA-256.
      before: { result: 'reselect', decision: { receivedOn: '2026-06-12', method: 'letter', signedBy: textDigest('R. Ogun') } },
      after: { result: 'selection', reason: textDigest('The letter was misread: it asks for a selection.') },
    });
  });

  it('is not recorded again unchanged, and cannot be cleared by hand', () => {
    const { svc, a, snapshot } = recorded();
    const before = snapshot();
    expect(svc.call('recordAffiliateDecision', { affiliateId: a.id, ...decision, reason: 'Again' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/already recorded as it stands: nothing was changed/) as unknown } });
    expect(svc.call('recordResult', { unit: 'affiliate', id: a.id, result: null, reason: 'Clear it' })).toMatchObject({ ok: false, error: { code: 'result-from-decision' } });
    expect(svc.call('deleteAffiliate', { id: a.id })).toMatchObject({ ok: false, error: { code: 'has-decisions' } });
    expect(snapshot()).toEqual(before);
  });
});
