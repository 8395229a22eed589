import fs from 'node:fs';
import path from 'node:path';
import { rawStore } from '../../test-store';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerdict, Desk, DeskMember, TellerState } from '../../../shared/api';
import { openService, previewOf, setUpClp, tempDir } from '../db/fixtures';

const HEAD = 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status';
const MEMBERS = [
  'L100,Zoë,Ashworth,AB1 2CD,Ashbrook West,01/02/2019,Active',
  "L101,Seán,O'Dwyer,AB1 3EF,Ashbrook West,01/02/2019,Arrears",
  'L102,Priya,Kettering,AB1 4GH,Fernley South,01/02/2019,Active',
  'L103,Owain,Dunmore,AB1 5JK,Ashbrook West,01/04/2026,Active',
  'L104,Zoe,Ellery,AB1 6LM,Ashbrook West,01/02/2019,Active',
];

function desk(extra: string[] = []) {
  const svc = openService();
  setUpClp(svc);
  const file = path.join(tempDir(), 'members.csv');
  fs.writeFileSync(file, [HEAD, ...MEMBERS, ...extra].join('\n'));
  svc.ok('startImport', { kind: 'members', fileId: svc.service.staged.add(file), mapping: ['membershipNumber', 'firstName', 'lastName', 'postcode', 'branch', 'joinDate', 'status'] });
  const state = svc.ok<TellerState>('getState');
  const ashbrook = state.branches.find((b) => b.name === 'Ashbrook West')!;
  const fernley = state.branches.find((b) => b.name === 'Fernley South')!;
  const meeting = svc.ok<{ id: number }>('scheduleMeeting', { branchId: ashbrook.id, date: '2026-06-10' });
  const search = (query: string, meetingId = meeting.id) => svc.ok<DeskMember[]>('searchMembers', { meetingId, query });
  const one = (query: string) => search(query)[0]!;
  return { svc, meeting, fernley, search, one, storePath: svc.storePath };
}

describe('the door desk', () => {
  it('finds members by name in either order, without accents or case, by number and by postcode', () => {
    const { search } = desk();
    expect(search('zoe').map((m) => m.name)).toEqual(['Zoë Ashworth', 'Zoe Ellery']);
    expect(search('ASHWORTH zo').map((m) => m.name)).toEqual(['Zoë Ashworth']);
    expect(search('odwyer').map((m) => m.name)).toEqual(["Seán O'Dwyer"]);
    expect(search("o'dwyer sean").map((m) => m.name)).toEqual(["Seán O'Dwyer"]);
    expect(search('l102').map((m) => m.name)).toEqual(['Priya Kettering']);
    expect(search('ab1 4g').map((m) => m.name)).toEqual(['Priya Kettering']);
    expect(search('nobody')).toEqual([]);
    expect(search('')).toEqual([]);
  });

  it('gives a verdict with every reason', () => {
    const { one } = desk();
    expect(one('ashworth').verdict).toEqual({ eligible: true, reasons: [], remedies: [] });
    expect(one('odwyer').verdict).toEqual({ eligible: false, reasons: ['in arrears'], remedies: [] });
    expect(one('kettering').verdict).toEqual({ eligible: false, reasons: ['lives in Fernley South branch, this is Ashbrook West'], remedies: [] });
    expect(one('dunmore').verdict).toEqual({ eligible: false, reasons: ['joined less than 6 months before the freeze date (1 May 2026)'], remedies: [] });
  });

  it('checks in an eligible member and keeps live counts', () => {
    const { svc, meeting, one } = desk();
    const d = svc.ok<Desk>('recordCheckin', { meetingId: meeting.id, memberId: one('ashworth').id, outcome: 'admitted', note: null });
    expect(d.counts).toEqual({ checkedIn: 1, eligibleCheckedIn: 1, refused: 0, overrides: 0, provisional: 0 });
    expect(d.entries[0]).toMatchObject({ outcome: 'admitted', name: 'Zoë Ashworth', number: 'L100' });
    expect(one('ashworth').alreadyHere).not.toBeNull();
  });

  it('refuses to count the same member twice at one meeting', () => {
    const { svc, meeting, one } = desk();
    const id = one('ashworth').id;
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: id, outcome: 'admitted', note: null });
    const r = svc.call('recordCheckin', { meetingId: meeting.id, memberId: id, outcome: 'admitted', note: null });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'already-checked-in', message: expect.stringMatching(/Zoë Ashworth was already checked in at this meeting/) as unknown });
    expect(svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts.checkedIn).toBe(1);
  });

  it('catches a member already checked in at another branch’s meeting of this ballot', () => {
    const { svc, meeting, fernley, one } = desk();
    svc.ok('saveEligibility', { minMonths: 6, goodStanding: ['good-standing'], branchMustMatch: false, registerRequired: false });
    const other = svc.ok<{ id: number }>('scheduleMeeting', { branchId: fernley.id, date: '2026-06-11' });
    const zoe = one('ashworth');
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: zoe.id, outcome: 'admitted', note: null });
    const there = svc.ok<DeskMember[]>('searchMembers', { meetingId: other.id, query: 'ashworth' })[0]!;
    expect(there.verdict).toEqual({ eligible: false, reasons: ['already checked in at the Ashbrook West meeting on 10 June 2026'], remedies: [] });
    expect(svc.call('recordCheckin', { meetingId: other.id, memberId: zoe.id, outcome: 'admitted', note: null }).ok).toBe(false);
  });

  it('will not admit an ineligible member without the chair’s override, which needs a reason', () => {
    const { svc, meeting, one } = desk();
    const sean = one('odwyer');
    const r = svc.call('recordCheckin', { meetingId: meeting.id, memberId: sean.id, outcome: 'admitted', note: null });
    expect(r.ok ? null : r.error.code).toBe('not-eligible');
    expect(svc.call('recordCheckin', { meetingId: meeting.id, memberId: sean.id, outcome: 'override', note: '  ' }).ok).toBe(false);
    const d = svc.ok<Desk>('recordCheckin', { meetingId: meeting.id, memberId: sean.id, outcome: 'override', note: 'Paid arrears at the door; receipt seen by the chair' });
    expect(d.counts).toEqual({ checkedIn: 1, eligibleCheckedIn: 0, refused: 0, overrides: 1, provisional: 0 });
    expect(d.entries[0]).toMatchObject({ outcome: 'override', reasons: ['in arrears'], note: 'Paid arrears at the door; receipt seen by the chair' });
  });

  it('records refusals and walk-ins, with their reasons', () => {
    const { svc, meeting, one } = desk();
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: one('kettering').id, outcome: 'refused', note: null });
    expect(svc.call('recordWalkIn', { meetingId: meeting.id, name: 'Gethin Mossop', details: '', outcome: 'provisional', note: '' }).ok).toBe(false);
    svc.ok('recordWalkIn', { meetingId: meeting.id, name: 'Gethin Mossop', details: 'says he joined last week, 4 Rope Walk', outcome: 'provisional', note: 'Chair: vote in a sealed envelope pending region' });
    const d = svc.ok<Desk>('recordWalkIn', { meetingId: meeting.id, name: 'Una Pickles', details: '', outcome: 'refused', note: '' });
    expect(d.counts).toEqual({ checkedIn: 1, eligibleCheckedIn: 0, refused: 2, overrides: 0, provisional: 1 });
    expect(d.entries.map((e) => [e.outcome, e.name])).toEqual([
      ['refused', 'Una Pickles'],
      ['provisional', 'Gethin Mossop'],
      ['refused', 'Priya Kettering'],
    ]);
  });

  it('needs a membership list before the desk opens', () => {
    const svc = openService();
    setUpClp(svc);
    const branch = svc.ok<TellerState>('getState').branches[0]!;
    svc.ok('scheduleMeeting', { branchId: branch.id, date: '2026-06-10' });
    const r = svc.call('openDoorDesk', { branchId: branch.id, date: '2026-06-10' });
    expect(r.ok ? null : r.error.code).toBe('no-snapshot');
  });

  it('opens only for a meeting already recorded, which falls within the timetable', () => {
    const { svc, fernley } = desk();
    expect(svc.call('openDoorDesk', { branchId: fernley.id, date: '2026-06-12' })).toMatchObject({ ok: false, error: { code: 'no-meeting', field: 'date' } });
    const r = svc.call('scheduleMeeting', { branchId: fernley.id, date: '2026-04-01' });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'invalid-dates', field: 'date' });
  });
});

describe('the door desk at a busy meeting', () => {
  it('ranks the meeting’s own branch first, and says how many more matched than it shows', () => {
    const { search } = desk(['L105,Olivia,Abbott,AB2 1AA,Fernley South,01/02/2019,Active', 'L106,Olivia,Acton,AB2 1AB,Fernley South,01/02/2019,Active', 'L107,Olivia,Tarrant,AB1 7NP,Ashbrook West,01/02/2019,Active']);
    // Two Fernley South Olivias sort before Ashbrook West's by name; the meeting is Ashbrook West's.
    expect(search('olivia').map((m) => m.name)).toEqual(['Olivia Tarrant', 'Olivia Abbott', 'Olivia Acton']);
    expect(search('olivia t').map((m) => m.name)).toEqual(['Olivia Tarrant']);
    // A whole membership number typed still comes first, whatever its branch.
    expect(search('l105').map((m) => m.name)).toEqual(['Olivia Abbott']);
    expect(search('l10').map((m) => m.number)).toEqual(['L107', 'L103', 'L101', 'L100', 'L104', 'L105', 'L106', 'L102']);
  });

  it('counts the matches past the twelve it shows', () => {
    const svc = openService();
    setUpClp(svc);
    const file = path.join(tempDir(), 'members.csv');
    const rows = Array.from({ length: 30 }, (_, i) => `L${300 + i},Olivia,Name${String.fromCharCode(97 + (i % 26))}${i},AB1 ${i}XX,Ashbrook West,01/02/2019,Active`);
    fs.writeFileSync(file, [HEAD, ...rows].join('\n'));
    svc.ok('startImport', { kind: 'members', fileId: svc.service.staged.add(file), mapping: ['membershipNumber', 'firstName', 'lastName', 'postcode', 'branch', 'joinDate', 'status'] });
    const ashbrook = svc.ok<TellerState>('getState').branches.find((b) => b.name === 'Ashbrook West')!;
    const meeting = svc.ok<{ id: number }>('scheduleMeeting', { branchId: ashbrook.id, date: '2026-06-10' });
    const found = svc.ok<{ members: DeskMember[]; more: number }>('searchDesk', { meetingId: meeting.id, query: 'olivia' });
    expect([found.members.length, found.more]).toEqual([12, 18]);
    expect(svc.ok<{ members: DeskMember[]; more: number }>('searchDesk', { meetingId: meeting.id, query: 'olivia name' }).more).toBe(18);
    expect(svc.ok<{ members: DeskMember[]; more: number }>('searchDesk', { meetingId: meeting.id, query: 'ab1' }).more).toBe(18);
    expect(svc.ok<{ members: DeskMember[]; more: number }>('searchDesk', { meetingId: meeting.id, query: 'L301' })).toMatchObject({ more: 0, members: [{ number: 'L301' }] });
  });

  it('records the person at the desk as the one who did each desk action', () => {
    const { svc, meeting, one } = desk();
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: one('ashworth').id, outcome: 'admitted', note: null, deskPerson: '  Sam Okafor ' });
    svc.ok('recordWalkIn', { meetingId: meeting.id, name: 'Una Pickles', details: '', outcome: 'refused', note: '', deskPerson: 'Dee' });
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: one('kettering').id, outcome: 'refused', note: null });
    const log = svc.ok<AuditEntry[]>('getAuditLog', { limit: 3 });
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['checkin.refused', 'test-secretary'],
      ['checkin.walk-in-refused', 'Dee (door desk)'],
      ['checkin.admitted', 'Sam Okafor (door desk)'],
    ]);
    const blank = svc.call('recordCheckin', { meetingId: meeting.id, memberId: one('ellery').id, outcome: 'admitted', note: null, deskPerson: '   ' });
    expect(blank.ok ? null : blank.error.message).toBe('The name of who is at the desk is required.');
    expect(svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts.checkedIn).toBe(1);
  });

  it('undoes a wrong check-in with a reason: counts corrected, audited, and the log still rebuilds the tables', () => {
    const { svc, meeting, one } = desk();
    const zoe = one('ashworth');
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: one('ellery').id, outcome: 'admitted', note: null });
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: zoe.id, outcome: 'admitted', note: null, deskPerson: 'Sam' });
    svc.ok('recordCheckin', { meetingId: meeting.id, memberId: one('odwyer').id, outcome: 'override', note: 'Paid at the door' });
    const here = one('ashworth');
    expect(here.checkinId).not.toBeNull();
    expect(here.alreadyHere).not.toBeNull();

    // A reason is needed, and a refusal changes nothing.
    const entries = svc.ok<TellerState>('getState').audit.entries;
    const blank = svc.call('undoCheckin', { meetingId: meeting.id, checkinId: here.checkinId, reason: '  ', deskPerson: 'Sam' });
    expect(blank.ok ? null : blank.error).toMatchObject({ code: 'invalid-input', field: 'reason', message: 'Write why this is being undone: it is recorded in the audit trail.' });
    expect(svc.ok<TellerState>('getState').audit.entries).toBe(entries);

    const d = svc.ok<Desk>('undoCheckin', { meetingId: meeting.id, checkinId: here.checkinId, reason: 'Wrong Zoë: it was Zoe Ellery’s sister', deskPerson: 'Sam' });
    expect(d.counts).toEqual({ checkedIn: 2, eligibleCheckedIn: 1, refused: 0, overrides: 1, provisional: 0 });
    expect(d.entries.map((e) => e.name)).toEqual(["Seán O'Dwyer", 'Zoe Ellery']);
    expect(d.undone).toMatchObject([{ by: 'Sam (door desk)', outcome: 'admitted', name: 'Zoë Ashworth' }]);
    const [entry] = svc.ok<AuditEntry[]>('getAuditLog', { limit: 1 });
    expect(entry).toMatchObject({ action: 'checkin.undo', actor: 'Sam (door desk)', entity: 'checkin', entityId: String(here.checkinId) });
    expect(JSON.stringify(entry)).not.toContain('Wrong Zoë'); // the reason only as its hash
    expect((entry!.after as { reason: string }).reason).toMatch(/^sha256:[0-9a-f]{64}$/);
    // No longer here: she may be checked in again, and the same check-in cannot be undone twice.
    expect(one('ashworth')).toMatchObject({ alreadyHere: null, checkinId: null });
    expect(svc.call('undoCheckin', { meetingId: meeting.id, checkinId: here.checkinId, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(svc.ok<AuditVerdict>('verifyAudit')).toMatchObject({ ok: true, differences: [], unverifiable: [] });

    // Every check-in at the meeting undone, walk-ins too: the log still rebuilds exactly the tables.
    const walkIn = svc.ok<Desk>('recordWalkIn', { meetingId: meeting.id, name: 'Una Pickles', details: '', outcome: 'refused', note: '' }).entries[0]!;
    for (const e of [walkIn, ...d.entries]) svc.ok('undoCheckin', { meetingId: meeting.id, checkinId: e.id, reason: 'Test evening' });
    expect(svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts).toEqual({ checkedIn: 0, eligibleCheckedIn: 0, refused: 0, overrides: 0, provisional: 0 });
    expect(svc.ok<AuditVerdict>('verifyAudit')).toMatchObject({ ok: true, differences: [], unverifiable: [] });
  });

  it('undoes nothing once the meeting is closed, nor a check-in of another meeting', () => {
    const { svc, meeting, fernley, one } = desk();
    const other = svc.ok<{ id: number }>('scheduleMeeting', { branchId: fernley.id, date: '2026-06-11' });
    const d = svc.ok<Desk>('recordCheckin', { meetingId: meeting.id, memberId: one('ashworth').id, outcome: 'admitted', note: null });
    const checkinId = d.entries[0]!.id;
    expect(svc.call('undoCheckin', { meetingId: other.id, checkinId, reason: 'Wrong one' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    svc.ok('markMeeting', { meetingId: meeting.id, state: 'abandoned', reason: 'Fire alarm.' });
    expect(svc.call('undoCheckin', { meetingId: meeting.id, checkinId, reason: 'Wrong one' })).toMatchObject({ ok: false, error: { code: 'meeting-closed' } });
    expect(svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts.checkedIn).toBe(1);
  });
});

describe('purging personal data', () => {
  function closedBallot() {
    const d = desk();
    const ballot = d.svc.ok<TellerState>('getState').ballot!;
    d.svc.ok('saveBallot', { freezeDate: ballot.freezeDate, opensOn: ballot.opensOn, closesOn: '2026-07-17', rules: ballot.rules });
    d.svc.ok('recordCheckin', { meetingId: d.meeting.id, memberId: d.one('ashworth').id, outcome: 'admitted', note: null });
    d.svc.ok('recordCheckin', { meetingId: d.meeting.id, memberId: d.one('odwyer').id, outcome: 'override', note: 'Arrears paid at the door' });
    d.svc.ok('recordWalkIn', { meetingId: d.meeting.id, name: 'Gethin Mossop', details: '4 Rope Walk', outcome: 'refused', note: '' });
    // An electoral register and its cross-match, which name people too.
    const register = path.join(tempDir(), 'register.csv');
    fs.writeFileSync(register, 'PD,ENO,Suffix,Surname,Forenames,Address 1,Postcode\nZZ,777,1,Quenby,Tamsin,9 Tanner Row,AB1 2CD\nZZ,778,0,Ashworth,Zoë,1 Mill Lane,AB1 2CD\n');
    const fileId = d.svc.service.staged.add(register);
    d.svc.ok('startImport', { kind: 'register', fileId, mapping: previewOf(d.svc, { kind: 'register', fileId }).mapping });
    d.svc.ok('crossMatchRegister');
    d.svc.ok('logComplaint', { receivedOn: '2026-06-11', complainant: 'Orla Blamires', contact: 'orla@example.invalid', about: 'The meeting', meetingId: d.meeting.id, category: 'conduct', summary: 'Shouting at the door.' });
    return d;
  }

  it('needs the CLP name typed exactly, and the ballot closed', () => {
    const { svc } = closedBallot();
    const wrong = svc.call('purgePersonalData', { confirmName: 'Ashbrook' });
    expect(wrong.ok ? null : wrong.error).toMatchObject({ code: 'confirmation-mismatch', field: 'confirmName' });
    // The test clock reads 14 June 2026, before the ballot closes.
    const early = svc.call('purgePersonalData', { confirmName: 'Ashbrook and Larkhill' });
    expect(early.ok ? null : early.error.message).toMatch(/The ballot closes on 17 July 2026/);
  });

  it('leaves no imported name or membership number anywhere in the file, and keeps counts and the audit chain', () => {
    const { svc, meeting, storePath } = closedBallot();
    const ballot = svc.ok<TellerState>('getState').ballot!;
    svc.ok('saveBallot', { freezeDate: ballot.freezeDate, opensOn: ballot.opensOn, closesOn: '2026-06-12', rules: ballot.rules });
    const before = svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts;
    svc.ok('purgePersonalData', { confirmName: '  ashbrook and larkhill ' });
    expect(svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts).toEqual(before);
    expect(svc.ok<{ ok: boolean }>('verifyAudit').ok).toBe(true);
    svc.service.close();
    const bytes = Buffer.concat([storePath, `${storePath}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    for (const needle of ['Blamires', 'orla@example', 'Quenby', 'Tamsin', 'ZZ-777', 'Tanner Row', 'Zoë', 'Zo\u00eb', 'Ashworth', "O'Dwyer", 'Seán', 'Priya', 'Kettering', 'Dunmore', 'Ellery', 'Mossop', 'Rope Walk', 'L100', 'L101', 'L102', 'L103', 'L104', 'AB1 2CD']) {
      expect(bytes.includes(Buffer.from(needle, 'utf8')), `"${needle}" is still in the database file`).toBe(false);
      expect(bytes.includes(Buffer.from(needle, 'utf16le')), `"${needle}" (UTF-16) is still in the database file`).toBe(false);
    }
    const db = rawStore(storePath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM member').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT imported FROM member_snapshot').get()).toEqual({ imported: 5 });
    db.close();
  });
});
