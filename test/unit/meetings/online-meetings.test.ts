import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerdict, MeetingView, OnlineMeeting, TellerState } from '../../../shared/api';
import { EMPTY_RECORD } from '../../../shared/meetings';
import { teamsAttendanceReport, zoomParticipantsCsv, type SyntheticParticipant } from '../../../db/meetings/online-synthetic-reports';
import { openService, setUpClp, tempDir } from '../db/fixtures';
import { editStoreDirectly } from '../helpers/edit-store-directly';

const HEAD = 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status,Email';
const MEMBERS = [
  'L100,Zoë,Ashworth,AB1 2CD,Ashbrook West,01/02/2019,Active,zoe.ashworth@example.invalid',
  "L101,Seán,O'Dwyer,AB1 3EF,Ashbrook West,01/02/2019,Arrears,sean@example.invalid",
  'L102,Priya,Kettering,AB1 4GH,Ashbrook West,01/02/2019,Active,',
  'L103,Wyn,Jowett,AB1 5JK,Ashbrook West,01/02/2019,Active,',
  'L104,Wyn,Jowett,AB1 6LM,Ashbrook West,01/03/2019,Active,',
  'L105,Mair,Lightfoot,AB1 7NP,Ashbrook West,01/02/2019,Active,mair@example.invalid',
];

const at = (hm: string) => `2026-06-14T${hm}:00`;
const REPORT: SyntheticParticipant[] = [
  { name: 'Zoe Ashworth', email: 'ZOE.ASHWORTH@example.invalid', join: at('19:00'), leave: at('21:00') }, // by email
  { name: 'Seán O’Dwyer', email: 'sean@example.invalid', join: at('19:01'), leave: at('21:00') }, // by email, in arrears
  { name: 'Kettering, Priya', email: '', join: at('19:02'), leave: at('21:00') }, // by name
  { name: 'Wyn Jowett', email: '', join: at('19:03'), leave: at('21:00') }, // two members of that name
  { name: 'Zoë’s iPad', email: 'zoe.ashworth@example.invalid', join: at('19:04'), leave: at('21:00') }, // Zoë's second device
  { name: 'Guest 4471', email: '', join: at('19:05'), leave: at('20:00') }, // no one
  { name: 'M Lightfoot', email: 'mair@example.invalid', join: at('19:06'), leave: at('21:00') }, // by email
];

function onlineMeeting() {
  const svc = openService();
  setUpClp(svc);
  const dir = tempDir();
  const file = path.join(dir, 'members.csv');
  fs.writeFileSync(file, [HEAD, ...MEMBERS].join('\n'));
  svc.ok('startImport', { kind: 'members', fileId: svc.service.staged.add(file) });
  const branch = svc.ok<TellerState>('getState').branches.find((b) => b.name === 'Ashbrook West')!;
  const meeting = svc.ok<MeetingView>('scheduleMeeting', { branchId: branch.id, date: '2026-06-14' });
  const stage = (name: string, contents: string | Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, contents);
    return svc.service.staged.add(f);
  };
  const importZoom = (people = REPORT) => svc.call('importParticipants', { meetingId: meeting.id, fileId: stage('participants.csv', zoomParticipantsCsv(people)), chairPerson: 'Delyth Garside' });
  const view = () => svc.ok<OnlineMeeting>('getOnlineMeeting', { meetingId: meeting.id });
  const named = (v: OnlineMeeting, name: string) => v.participants.find((p) => p.name === name)!;
  return { svc, meeting, stage, importZoom, view, named };
}

describe('online meetings', () => {
  it('records the format with the meeting, in the audit trail, and the log rebuilds it', () => {
    const { svc, meeting } = onlineMeeting();
    expect(meeting.format).toBe('in-person');
    const v = svc.ok<MeetingView>('setMeetingFormat', { meetingId: meeting.id, format: 'online' });
    expect(v.format).toBe('online');
    expect(v.history.some((e) => e.action === 'meeting.format' && (e.after as { format: string }).format === 'online')).toBe(true);
    expect(svc.ok<AuditVerdict>('verifyAudit').differences).toEqual([]);
    editStoreDirectly(svc.storePath, (db) => db.prepare("UPDATE meeting SET format = 'in-person' WHERE id = ?").run(meeting.id));
    const differences = svc.ok<AuditVerdict>('verifyAudit').differences;
    expect(differences).toMatchObject([{ table: 'meeting', field: 'format', inLog: 'online', inTable: 'in-person' }]);
  });

  it('imports only for an online meeting', () => {
    const { importZoom } = onlineMeeting();
    const r = importZoom();
    expect(r.ok ? null : r.error.message).toBe('This meeting is held in person: choose "Held online" before importing a participant report.');
  });

  it('matches by email then name, counts the matched, and leaves the doubtful for the chair', () => {
    const { svc, meeting, importZoom, view, named } = onlineMeeting();
    svc.ok('setMeetingFormat', { meetingId: meeting.id, format: 'online' });
    expect(importZoom().ok).toBe(true);
    const v = view();
    expect(v.report).toMatchObject({ platform: 'zoom', rows: 7 });
    expect(v.participants.map((p) => [p.name, p.match, p.member?.number ?? null, p.counted, p.needsDecision])).toEqual([
      ['Zoe Ashworth', 'email', 'L100', 'admitted', false],
      ['Seán O’Dwyer', 'email', 'L101', 'refused', false],
      ['Kettering, Priya', 'name', 'L102', 'admitted', false],
      ['Wyn Jowett', 'ambiguous', null, null, true],
      ['Zoë’s iPad', 'same-member', 'L100', null, true],
      ['Guest 4471', 'none', null, null, true],
      ['M Lightfoot', 'email', 'L105', 'admitted', false],
    ]);
    expect(named(v, 'Seán O’Dwyer').member).toMatchObject({ eligible: false, reasons: ['in arrears'] });
    expect(named(v, 'Wyn Jowett').candidates.map((c) => c.number)).toEqual(['L103', 'L104']);
    expect(v.counts).toEqual({ participants: 7, admitted: 3, refused: 1, undecided: 3, duplicates: 0 });
    // The attendance is the door desk's: 4 counted, 3 eligible.
    const m = svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id });
    expect(m.deskFigures).toMatchObject({ attendance: 3, eligibleAttendance: 3, refused: 1 });
    // The audit trail names the chair and holds no participant's name or email.
    const log = svc.ok<AuditEntry[]>('getAuditLog', { limit: 100 });
    const imported = log.find((e) => e.action === 'participants.import')!;
    expect(imported.actor).toBe('Delyth Garside (chair)');
    expect(imported.after).toMatchObject({ participants: 7, byEmail: 3, byName: 1, sameMember: 1, ambiguous: 1, none: 1 });
    expect(JSON.stringify(log)).not.toMatch(/Ashworth|Guest 4471|example\.invalid/i);
    expect(svc.ok<AuditVerdict>('verifyAudit').differences).toEqual([]);
  });

  it("records the chair's decisions, which make the attendance, and can be changed while open", () => {
    const { svc, meeting, importZoom, view, named } = onlineMeeting();
    svc.ok('setMeetingFormat', { meetingId: meeting.id, format: 'online' });
    importZoom();
    const v0 = view();
    const wyn = named(v0, 'Wyn Jowett');
    const ipad = named(v0, 'Zoë’s iPad');
    const guest = named(v0, 'Guest 4471');
    const decide = (participantId: number, decision: string, memberId?: number, chairPerson = 'Delyth Garside') =>
      svc.call('decideParticipant', { meetingId: meeting.id, participantId, decision, chairPerson, ...(memberId === undefined ? {} : { memberId }) });
    // Zoë is counted once: admitting her second device is refused.
    const twice = decide(ipad.id, 'admit');
    expect(twice.ok ? null : twice.error.message).toMatch(/^Zoë Ashworth is already counted at this meeting/);
    expect(decide(ipad.id, 'duplicate').ok).toBe(true);
    expect(decide(wyn.id, 'admit', wyn.candidates[1]!.id).ok).toBe(true);
    expect(decide(guest.id, 'not-member').ok).toBe(true);
    let v = view();
    expect(v.counts).toEqual({ participants: 7, admitted: 4, refused: 2, undecided: 0, duplicates: 1 });
    expect(named(v, 'Wyn Jowett').decision).toMatchObject({ kind: 'admit', member: { number: 'L104' }, by: 'Delyth Garside (chair)' });
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id }).deskFigures).toMatchObject({ attendance: 4, eligibleAttendance: 4, refused: 2 });
    // The chair changes a decision: the count follows the latest, the trail keeps both.
    expect(decide(wyn.id, 'not-member', undefined, 'Hana Rushworth').ok).toBe(true);
    v = view();
    expect(v.counts).toMatchObject({ admitted: 3, refused: 3 });
    expect(named(v, 'Wyn Jowett').decision).toMatchObject({ kind: 'not-member', member: null, by: 'Hana Rushworth (chair)' });
    const decisions = svc.ok<AuditEntry[]>('getAuditLog', { limit: 100 }).filter((e) => e.action === 'participant.decide').reverse();
    expect(decisions.map((e) => [e.actor, (e.after as { decision: string }).decision])).toEqual([
      ['Delyth Garside (chair)', 'duplicate'],
      ['Delyth Garside (chair)', 'admit'],
      ['Delyth Garside (chair)', 'not-member'],
      ['Hana Rushworth (chair)', 'not-member'],
    ]);
    // The trail says it in words, in the meeting's history.
    const trail = svc.ok<{ lines: { words: string }[] }>('getAuditTrail', { kind: 'meetings', meetingId: meeting.id, from: null, to: null, search: '', limit: 100 }).lines.map((l) => l.words);
    expect(trail).toContain('The Ashbrook West meeting of 14 June 2026 marked as held online by test-secretary.');
    expect(trail).toContain('Participant report from Zoom imported for the Ashbrook West meeting of 14 June 2026: 7 participants, 4 matched to members, 1 second devices, 2 left for the chair by Delyth Garside (chair).');
    expect(trail).toContain('The chair decided that participant ' + String(wyn.id) + ' at the Ashbrook West meeting of 14 June 2026 is admitted as Wyn Jowett by Delyth Garside (chair).');
    expect(trail).toContain('The chair decided that participant ' + String(wyn.id) + ' at the Ashbrook West meeting of 14 June 2026 is not a member (changing an earlier decision) by Hana Rushworth (chair).');
    expect(svc.ok<AuditVerdict>('verifyAudit').differences).toEqual([]);
    // A decision edited behind Teller's back is named.
    editStoreDirectly(svc.storePath, (db) => db.prepare("UPDATE participant SET decision = 'duplicate' WHERE id = ?").run(guest.id));
    expect(svc.ok<AuditVerdict>('verifyAudit').differences).toMatchObject([{ table: 'participant', field: 'not-member', inLog: 2, inTable: 1 }, { table: 'participant', field: 'duplicate', inLog: 1, inTable: 2 }]);
  });

  it('a bad file or a second report changes nothing', () => {
    const { svc, meeting, stage, importZoom, view } = onlineMeeting();
    svc.ok('setMeetingFormat', { meetingId: meeting.id, format: 'online' });
    const bad = svc.call('importParticipants', { meetingId: meeting.id, fileId: stage('x.csv', 'Name,Address\nAnn,1 Mill Lane\n'), chairPerson: 'Delyth Garside' });
    expect(bad.ok ? null : bad.error.message).toMatch(/^This is not a Zoom or Teams participant report/);
    expect(view().report).toBeNull();
    expect(importZoom().ok).toBe(true);
    const entries = svc.ok<AuditVerdict>('verifyAudit').entries;
    const again = importZoom();
    expect(again.ok ? null : again.error.message).toMatch(/already imported/);
    expect(svc.ok<AuditVerdict>('verifyAudit').entries).toBe(entries);
    const change = svc.call('setMeetingFormat', { meetingId: meeting.id, format: 'in-person' });
    expect(change.ok ? null : change.error.message).toMatch(/cannot be changed to an in-person meeting/);
  });

  it('imports a Teams attendance report the same way', () => {
    const { svc, meeting, stage, view } = onlineMeeting();
    svc.ok('setMeetingFormat', { meetingId: meeting.id, format: 'online' });
    const bytes = teamsAttendanceReport(REPORT.slice(0, 3), { title: 'Ashbrook West', start: at('18:55'), end: at('21:05') });
    svc.ok('importParticipants', { meetingId: meeting.id, fileId: stage('attendance.csv', bytes), chairPerson: 'Delyth Garside' });
    const v = view();
    expect(v.report?.platform).toBe('teams');
    expect(v.participants.map((p) => p.member?.number)).toEqual(['L100', 'L101', 'L102']);
  });

  it('an electronic vote has a window: closing after opening, within the timetable', () => {
    const { svc, meeting } = onlineMeeting();
    const record = { ...EMPTY_RECORD, chair: 'Delyth Garside', voteMethod: 'electronic', attendanceSource: 'manual', attendance: 10, eligibleAttendance: 10, votes: { selection: 6, reselect: 3, abstain: 1, spoilt: 0 } };
    const problem = (voteWindow: unknown) => {
      const r = svc.call('saveMeetingDraft', { meetingId: meeting.id, record: { ...record, voteWindow } });
      return r.ok ? (r.value as MeetingView).closing.problem : r.error.message;
    };
    expect(problem(null)).toBe('Record when the electronic vote opened and when it closed.');
    expect(problem({ opens: '2026-06-14T21:00', closes: '2026-06-14T20:00' })).toBe('The electronic vote must close after it opens.');
    expect(problem({ opens: '2026-06-13T21:00', closes: '2026-06-15T12:00' })).toBe('The electronic vote cannot open before the meeting (14 June 2026).');
    expect(problem({ opens: '2026-06-14T21:00', closes: '2026-07-18T12:00' })).toBe('The electronic vote must close by the end of the day the ballot closes (17 July 2026).');
    expect(problem({ opens: '2026-06-14 21:00', closes: 'noon' })).toMatch(/^Enter when the electronic vote opened as a date and a time/);
    expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id }).record).toBeNull(); // nothing refused was saved
    // Until noon the next day, as in 2022: the counts are entered like any vote, and it closes.
    expect(problem({ opens: '2026-06-14T21:00', closes: '2026-06-15T12:00' })).toBeNull();
    const closed = svc.ok<MeetingView>('closeMeeting', { meetingId: meeting.id });
    expect(closed.state).toBe('closed');
    expect(closed.record).toMatchObject({ voteMethod: 'electronic', voteWindow: { opens: '2026-06-14T21:00', closes: '2026-06-15T12:00' } });
    expect(closed.versions[0]!.figures.result).toBe('selection');
    // A window with a show of hands is refused.
    const other = svc.call('correctMeeting', { meetingId: meeting.id, record: { ...record, voteMethod: 'show-of-hands', voteWindow: { opens: '2026-06-14T21:00', closes: '2026-06-15T12:00' } }, reason: 'Typo.' });
    expect(other.ok ? null : other.error.message).toMatch(/^Only an electronic vote has a window/);
  });

  it("any sequence of the chair's decisions rebuilds from the log to exactly the tables (property)", () => {
    const decision = fc.record({
      participantId: fc.integer({ min: 1, max: 7 }),
      decision: fc.constantFrom('admit', 'admit', 'not-member', 'duplicate'),
      memberId: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      chairPerson: fc.constantFrom('Delyth Garside', 'Hana Rushworth'),
    });
    let decided = 0;
    fc.assert(
      fc.property(fc.array(decision, { minLength: 3, maxLength: 15 }), (ops) => {
        const { svc, meeting, importZoom, view } = onlineMeeting();
        svc.ok('setMeetingFormat', { meetingId: meeting.id, format: 'online' });
        importZoom();
        for (const op of ops) {
          const input = { meetingId: meeting.id, ...op, ...(op.decision === 'admit' ? {} : { memberId: undefined }) };
          if (svc.call('decideParticipant', input).ok) decided++;
        }
        const v = view();
        // Each member is counted at most once, and the counts are the check-ins'.
        const members = v.participants.filter((p) => p.counted !== null && p.decision?.kind !== 'not-member').map((p) => p.decision?.member?.id ?? p.member?.id);
        expect(new Set(members).size).toBe(members.length);
        expect(svc.ok<MeetingView>('getMeeting', { meetingId: meeting.id }).deskFigures).toMatchObject({ eligibleAttendance: v.counts.admitted, refused: v.counts.refused });
        expect(svc.ok<AuditVerdict>('verifyAudit')).toMatchObject({ ok: true, differences: [], unverifiable: [] });
        svc.service.close();
      }),
      { numRuns: 8, seed: 14 },
    );
    expect(decided).toBeGreaterThan(10);
  }, 180_000);
});
