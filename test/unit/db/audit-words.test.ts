import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../../db/members/synthetic-members';
import type { ApiOutput, Complaint, Job, MeetingView, TellerState } from '../../../shared/api';
import { EMPTY_RECORD } from '../../../shared/meetings';
import { auditTrailCsv } from '../../../shared/report/audit-trail-export';
import { openService, previewOf, setUpClp, steppingClock, tempDir } from './fixtures';

type Trail = ApiOutput<'getAuditTrail'>;
const ALL = { kind: null, meetingId: null, from: null, to: null, search: '', limit: 1000 };

function store(now = steppingClock()) {
  const svc = openService(tempDir(), now);
  setUpClp(svc);
  const dir = tempDir();
  const members = syntheticMembers(40, ['Ashbrook West', 'Fernley South'], 3).map((m, i) =>
    i === 0 ? { ...m, number: 'L0900001', first: 'Renée', last: 'Désirée-Fairbrother', branch: 'Ashbrook West', joined: '01/02/2015', status: 'Active' } : m,
  );
  const file = path.join(dir, 'members.csv');
  fs.writeFileSync(file, syntheticMembershipCsv(members));
  const fileId = svc.service.staged.add(file);
  const preview = previewOf(svc, { kind: 'members', fileId });
  svc.ok<Job>('startImport', { kind: 'members', fileId, mapping: preview.mapping });
  const [west, south] = svc.ok<TellerState>('getState').branches;
  const desk = svc.ok<MeetingView>('scheduleMeeting', { branchId: west!.id, date: '2026-06-10' });
  const closed = svc.ok<MeetingView>('scheduleMeeting', { branchId: south!.id, date: '2026-06-11' });
  const renee = svc.ok<{ id: number }[]>('searchMembers', { meetingId: desk.id, query: 'L0900001' })[0]!;
  svc.ok('recordCheckin', { meetingId: desk.id, memberId: renee.id, outcome: 'admitted', note: null, deskPerson: 'Sam' });
  svc.ok('saveMeetingDraft', { meetingId: closed.id, record: { ...EMPTY_RECORD, chair: 'Aoife Dunstable', attendanceSource: 'manual', attendance: 9, eligibleAttendance: 9, votes: { selection: 2, reselect: 7, abstain: 0, spoilt: 0 } } });
  svc.ok('closeMeeting', { meetingId: closed.id });
  const c = svc.ok<Complaint>('logComplaint', { receivedOn: '2026-06-11', complainant: 'Hana Garside', contact: '', about: 'x', meetingId: desk.id, category: 'procedure', summary: 'Late.' });
  svc.ok('editComplaint', { id: c.id, receivedOn: '2026-06-11', complainant: 'Hana Garside', contact: '', about: 'x', meetingId: closed.id, category: 'procedure', summary: 'Late.', reason: 'Wrong meeting.' });
  return { svc, desk, closed };
}

describe('the audit trail in words', () => {
  it('says each entry as a sentence, names people while the list is kept, and filters by kind, meeting, date and words', () => {
    const { svc, desk, closed } = store();
    const trail = svc.ok<Trail>('getAuditTrail', ALL);
    const words = trail.lines.map((l) => l.words);
    expect(trail.total).toBe(trail.lines.length);
    expect(words).toContain('Renée Désirée-Fairbrother admitted at Ashbrook West by Sam (door desk).');
    expect(words).toContain('The Fernley South meeting of 11 June 2026 closed: to reselect the MP by test-secretary.');
    expect(words).toContain('Complaint C-0001 corrected: meeting the Ashbrook West meeting of 10 June 2026 → the Fernley South meeting of 11 June 2026 (the reason is recorded) by test-secretary.');
    expect(words).toContain('Branch Ashbrook West added by test-secretary.');
    expect(words.join('\n')).not.toMatch(/[{}"]|checkin\.|meeting\.close/);
    // Newest first.
    expect(trail.lines.map((l) => l.seq)).toEqual([...trail.lines.map((l) => l.seq)].sort((a, b) => b - a));

    const byKind = svc.ok<Trail>('getAuditTrail', { ...ALL, kind: 'door-desk' });
    expect(byKind.lines.map((l) => l.words)).toEqual(['Renée Désirée-Fairbrother admitted at Ashbrook West by Sam (door desk).']);
    expect(byKind).toMatchObject({ matched: 1, total: trail.total });
    const history = svc.ok<Trail>('getAuditTrail', { ...ALL, meetingId: closed.id }).lines.map((l) => l.action);
    expect(history).toEqual(['complaint.edit', 'meeting.close', 'meeting.draft', 'meeting.open']); // the complaint now about it too
    expect(svc.ok<Trail>('getAuditTrail', { ...ALL, meetingId: desk.id }).lines.map((l) => l.action)).toEqual(['complaint.log', 'checkin.admitted', 'meeting.open']);
    // The clock of these tests: 14 June 2026.
    expect(svc.ok<Trail>('getAuditTrail', { ...ALL, from: '2026-06-14', to: '2026-06-14' }).matched).toBe(trail.total);
    expect(svc.ok<Trail>('getAuditTrail', { ...ALL, from: '2026-06-15' }).matched).toBe(0);
    expect(svc.ok<Trail>('getAuditTrail', { ...ALL, search: 'RENÉE' }).lines).toHaveLength(1);
    const limited = svc.ok<Trail>('getAuditTrail', { ...ALL, limit: 2 });
    expect(limited.lines).toHaveLength(2);
    expect(limited.matched).toBe(trail.total);
  });

  it('names ids instead of people once the list has been deleted', () => {
    const { svc } = store(steppingClock('2026-07-20T20:00:00Z')); // after the ballot closes
    const purge = svc.call('purgePersonalData', { confirmName: 'Ashbrook and Larkhill' });
    if (!purge.ok) return expect.fail(`the purge was refused: ${purge.error.message}`);
    const words = svc.ok<Trail>('getAuditTrail', ALL).lines.map((l) => l.words);
    expect(words.join('\n')).not.toMatch(/Renée/);
    expect(words.some((w) => /^member \d+ \(no longer on a kept list\) admitted at Ashbrook West by Sam \(door desk\)\.$/.test(w))).toBe(true);
  });

  it('exports as CSV with one sentence an entry, defusing formulas', () => {
    const csv = auditTrailCsv([{ seq: 3, at: '2026-06-14T19:00:00Z', on: '2026-06-14', actor: '=cmd', action: 'branch.add', kind: 'setup', words: 'Branch "North" added by =cmd.', meetingId: null }]);
    expect(csv).toBe('Entry,When,Who,Kind,What happened,Action\r\n3,"14 June 2026, 20:00 BST","\'=cmd",Set-up (CLP, units, ballot),"Branch ""North"" added by =cmd.",branch.add\r\n'.replace('Set-up (CLP, units, ballot)', '"Set-up (CLP, units, ballot)"'));
  });
});
