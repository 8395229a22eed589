import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditVerdict, Desk, DeskMember, Eligibility, TellerState } from '../../../shared/api';
import { DEFAULT_ELIGIBILITY, DOOR_EXCEPTIONS, eligibilityAt, type EligibilitySettings } from '../../../shared/lists/eligibility';
import { openService, setUpClp, tempDir } from '../db/fixtures';

const settings: EligibilitySettings = { ...DEFAULT_ELIGIBILITY, freezeDate: '2021-11-09' };
const member = { joinDate: '1990-01-01', status: 'good-standing', branch: 'Clementswood' };

describe('continuous membership since', () => {
  it('is used instead of the join date when the list gives it: joined in 1990, lapsed, rejoined last month', () => {
    const rejoined = { ...member, continuousSince: '2021-10-01' };
    expect(eligibilityAt(member, settings, 'Clementswood', null).eligible).toBe(true);
    expect(eligibilityAt(rejoined, settings, 'Clementswood', null)).toEqual({
      eligible: false,
      reasons: ['continuous member only since 1 October 2021 (first joined 1 January 1990), less than 6 months before the freeze date (9 November 2021)'],
      remedies: [],
    });
    expect(eligibilityAt({ ...member, continuousSince: '2021-05-09' }, settings, 'Clementswood', null).eligible).toBe(true);
    expect(eligibilityAt({ ...member, continuousSince: null }, settings, 'Clementswood', null).eligible).toBe(true);
  });
});

describe('a blank or unknown status', () => {
  it('follows the eligibility setting: good standing, not, or ask at the door', () => {
    for (const status of ['unknown', '', 'Pending review']) {
      const m = { ...member, status };
      expect(eligibilityAt(m, { ...settings, unknownStatus: 'good-standing' }, 'Clementswood', null)).toEqual({ eligible: true, reasons: [], remedies: [] });
      expect(eligibilityAt(m, settings, 'Clementswood', null)).toEqual({ eligible: false, reasons: ['status unknown on the list'], remedies: [] });
      const ask = { ...settings, unknownStatus: 'ask' as const };
      expect(eligibilityAt(m, ask, 'Clementswood', null)).toEqual({ eligible: false, reasons: ['status unknown on the list: ask whether their membership is paid up'], remedies: ['arrears-settled'] });
      expect(eligibilityAt(m, ask, 'Clementswood', null, ['arrears-settled']).eligible).toBe(true);
    }
  });
});

describe('what the door desk can establish', () => {
  it('admits a member whose arrears are settled at the door only when the ballot allows it', () => {
    const m = { ...member, status: 'arrears' };
    expect(eligibilityAt(m, settings, 'Clementswood', null).remedies).toEqual([]);
    expect(eligibilityAt(m, settings, 'Clementswood', null, ['arrears-settled']).eligible).toBe(false);
    const allows = { ...settings, arrearsSettledAtDoor: true };
    expect(eligibilityAt(m, allows, 'Clementswood', null)).toEqual({ eligible: false, reasons: ['in arrears'], remedies: ['arrears-settled'] });
    expect(eligibilityAt(m, allows, 'Clementswood', null, ['arrears-settled'])).toEqual({ eligible: true, reasons: [], remedies: [] });
    // Settling arrears does nothing for a lapsed member.
    expect(eligibilityAt({ ...m, status: 'lapsed' }, allows, 'Clementswood', null, ['arrears-settled']).eligible).toBe(false);
  });

  it('admits a resident who cannot be registered only when the ballot allows it, and never someone registered elsewhere', () => {
    const strict = { ...settings, registerRequired: true };
    const allows = { ...strict, residentNotRegistrable: true };
    expect(eligibilityAt(member, strict, 'Clementswood', 'not-found', ['resident-not-registrable']).eligible).toBe(false);
    expect(eligibilityAt(member, allows, 'Clementswood', 'not-found')).toEqual({ eligible: false, reasons: ['not found on the electoral register'], remedies: ['resident-not-registrable'] });
    expect(eligibilityAt(member, allows, 'Clementswood', 'not-found', ['resident-not-registrable']).eligible).toBe(true);
    expect(eligibilityAt(member, allows, 'Clementswood', 'matched-elsewhere', ['resident-not-registrable']).eligible).toBe(false);
  });

  it('offers remedies exactly when recording all of them makes the member eligible (property)', () => {
    const statuses = ['good-standing', 'arrears', 'lapsed', 'unknown'];
    fc.assert(
      fc.property(
        fc.record({
          status: fc.constantFrom(...statuses),
          joinDate: fc.constantFrom('2000-01-01', '2021-10-01'),
          branch: fc.constantFrom('Clementswood', 'Loxford'),
          register: fc.constantFrom('matched' as const, 'matched-elsewhere' as const, 'not-found' as const, null),
          unknownStatus: fc.constantFrom('good-standing' as const, 'not-good-standing' as const, 'ask' as const),
          arrearsSettledAtDoor: fc.boolean(),
          residentNotRegistrable: fc.boolean(),
          registerRequired: fc.boolean(),
          given: fc.subarray([...DOOR_EXCEPTIONS]),
        }),
        (c) => {
          const s = { ...settings, unknownStatus: c.unknownStatus, arrearsSettledAtDoor: c.arrearsSettledAtDoor, residentNotRegistrable: c.residentNotRegistrable, registerRequired: c.registerRequired };
          const m = { joinDate: c.joinDate, status: c.status, branch: c.branch };
          const bare = eligibilityAt(m, s, 'Clementswood', c.register);
          const all = eligibilityAt(m, s, 'Clementswood', c.register, DOOR_EXCEPTIONS);
          // Eligible on the list: nothing to remedy, and exceptions change nothing.
          if (bare.eligible) expect(bare.remedies).toEqual([]);
          if (bare.eligible) expect(eligibilityAt(m, s, 'Clementswood', c.register, c.given).eligible).toBe(true);
          // Remedies offered iff recording every allowed exception makes the member eligible.
          if (!bare.eligible) expect(bare.remedies.length > 0).toBe(all.eligible);
          if (bare.remedies.length > 0) expect(eligibilityAt(m, s, 'Clementswood', c.register, bare.remedies).eligible).toBe(true);
          // Exceptions never add a reason.
          expect(all.reasons.every((r) => bare.reasons.includes(r))).toBe(true);
        },
      ),
    );
  });
});

const HEAD = 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status';
const MEMBERS = ['L100,Zoë,Ashworth,AB1 2CD,Ashbrook West,01/02/2019,Active', "L101,Seán,O'Dwyer,AB1 3EF,Ashbrook West,01/02/2019,Arrears", 'L102,Priya,Kettering,AB1 4GH,Ashbrook West,01/02/2019,Lapsed'];

function desk() {
  const svc = openService();
  setUpClp(svc);
  const file = path.join(tempDir(), 'members.csv');
  fs.writeFileSync(file, [HEAD, ...MEMBERS].join('\n'));
  svc.ok('startImport', { kind: 'members', fileId: svc.service.staged.add(file), mapping: ['membershipNumber', 'firstName', 'lastName', 'postcode', 'branch', 'joinDate', 'status'] });
  const state = svc.ok<TellerState>('getState');
  const ashbrook = state.branches.find((b) => b.name === 'Ashbrook West')!;
  const meeting = svc.ok<{ id: number }>('scheduleMeeting', { branchId: ashbrook.id, date: '2026-06-10' });
  const one = (query: string) => svc.ok<DeskMember[]>('searchMembers', { meetingId: meeting.id, query })[0]!;
  const eligibility = (e: Partial<Eligibility>) => svc.ok('saveEligibility', { minMonths: 6, goodStanding: ['good-standing'], branchMustMatch: true, registerRequired: false, ...e });
  return { svc, meeting, one, eligibility };
}

describe('the door desk records what it established', () => {
  it('admits a member who settles arrears at the door as eligible, with the reason kept, when the ballot allows it', () => {
    const { svc, meeting, one, eligibility } = desk();
    const refused = svc.call('admitOnException', { meetingId: meeting.id, memberId: one('odwyer').id, exceptions: ['arrears-settled'], note: null });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-eligible' } });
    expect(svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts.checkedIn).toBe(0);
    eligibility({ arrearsSettledAtDoor: true });
    expect(one('odwyer').verdict).toEqual({ eligible: false, reasons: ['in arrears'], remedies: ['arrears-settled'] });
    const d = svc.ok<Desk>('admitOnException', { meetingId: meeting.id, memberId: one('odwyer').id, exceptions: ['arrears-settled'], note: 'Paid £12 by card, receipt 4471' });
    expect(d.counts).toEqual({ checkedIn: 1, eligibleCheckedIn: 1, refused: 0, overrides: 0, provisional: 0 });
    expect(d.entries[0]).toMatchObject({ outcome: 'admitted', reasons: ['in arrears'], exceptions: ['arrears-settled'], note: 'Paid £12 by card, receipt 4471' });
    const entry = svc.ok<{ action: string; after: { exceptions: string[]; note: string } }[]>('getAuditLog', { limit: 1 })[0]!;
    expect(entry.action).toBe('checkin.admitted');
    expect(entry.after.exceptions).toEqual(['arrears-settled']);
    expect(entry.after.note).toMatch(/^sha256:/);
    const verdict = svc.ok<AuditVerdict>('verifyAudit', {});
    expect(verdict.differences).toEqual([]);
    // Counted once: a second time is refused.
    expect(svc.call('admitOnException', { meetingId: meeting.id, memberId: one('odwyer').id, exceptions: ['arrears-settled'], note: null })).toMatchObject({ ok: false, error: { code: 'already-checked-in' } });
  });

  it('records the person at the desk as the one who admitted the member, not the computer user', () => {
    const { svc, meeting, one, eligibility } = desk();
    eligibility({ arrearsSettledAtDoor: true, registerRequired: true, residentNotRegistrable: true });
    svc.ok('admitOnException', { meetingId: meeting.id, memberId: one('odwyer').id, exceptions: ['arrears-settled', 'resident-not-registrable'], note: null, deskPerson: '  Sam Okafor ' });
    svc.ok('admitOnException', { meetingId: meeting.id, memberId: one('ashworth').id, exceptions: ['resident-not-registrable'], note: null });
    const log = svc.ok<{ action: string; actor: string }[]>('getAuditLog', { limit: 2 });
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['checkin.admitted', 'test-secretary'],
      ['checkin.admitted', 'Sam Okafor (door desk)'],
    ]);
    // A blank name is refused and admits nobody.
    const blank = svc.call('admitOnException', { meetingId: meeting.id, memberId: one('kettering').id, exceptions: ['arrears-settled'], note: null, deskPerson: '  ' });
    expect(blank.ok ? null : blank.error.message).toBe('The name of who is at the desk is required.');
    expect(svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts.checkedIn).toBe(2);
    expect(svc.ok<AuditVerdict>('verifyAudit', {}).differences).toEqual([]);
  });

  it('refuses an exception that does not cure the member (lapsed, not in arrears)', () => {
    const { svc, meeting, one, eligibility } = desk();
    eligibility({ arrearsSettledAtDoor: true });
    expect(svc.call('admitOnException', { meetingId: meeting.id, memberId: one('kettering').id, exceptions: ['arrears-settled'], note: null })).toMatchObject({ ok: false, error: { code: 'not-eligible' } });
    expect(svc.call('admitOnException', { meetingId: meeting.id, memberId: one('ashworth').id, exceptions: ['arrears-settled'], note: null })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(svc.ok<Desk>('getDesk', { meetingId: meeting.id }).counts.checkedIn).toBe(0);
  });

  it('admits a resident who cannot be registered when the ballot requires a register match and allows the exception', () => {
    const { svc, meeting, one, eligibility } = desk();
    eligibility({ registerRequired: true });
    expect(one('ashworth').verdict).toEqual({ eligible: false, reasons: ['not found on the electoral register'], remedies: [] });
    eligibility({ registerRequired: true, residentNotRegistrable: true });
    expect(one('ashworth').verdict.remedies).toEqual(['resident-not-registrable']);
    const d = svc.ok<Desk>('admitOnException', { meetingId: meeting.id, memberId: one('ashworth').id, exceptions: ['resident-not-registrable'], note: null });
    expect(d.entries[0]).toMatchObject({ outcome: 'admitted', exceptions: ['resident-not-registrable'] });
    expect(svc.ok<AuditVerdict>('verifyAudit', {}).differences).toEqual([]);
  });
});
