import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditVerdict } from '../../../shared/api';
import { EMPTY_RECORD } from '../../../shared/meetings';
import { openService, setUpClp } from './fixtures';

/*
 * No false alarms: whatever a secretary does through the Api, in any order, the audit
 * entries rebuild exactly the tables, and a report export is never refused for a difference.
 */

const result = fc.constantFrom('selection', 'reselect', 'tie', 'no-vote');
const date = fc.constantFrom('2026-06-01', '2026-06-10', '2026-06-20', '2026-07-17');
const name = fc.constantFrom('Ashbrook', 'Oakmere', 'Elder Hill', 'Yew Park', 'ashbrook');
const small = fc.integer({ min: 1, max: 4 });
/** A record whose figures add up (eligible present cover the votes), from the desk or typed in. */
const record = fc
  .record({
    source: fc.constantFrom('desk', 'manual', 'manual'),
    selection: fc.integer({ min: 0, max: 4 }),
    reselect: fc.integer({ min: 0, max: 4 }),
    abstain: fc.integer({ min: 0, max: 2 }),
    spoilt: fc.integer({ min: 0, max: 1 }),
    slack: fc.integer({ min: 0, max: 3 }),
    overrides: fc.integer({ min: 0, max: 2 }),
  })
  .map((r) => {
    const votes = { selection: r.selection, reselect: r.reselect, abstain: r.abstain, spoilt: r.spoilt };
    const eligibleAttendance = r.selection + r.reselect + r.abstain + r.spoilt + r.slack;
    return { ...EMPTY_RECORD, chair: 'A. Chair', attendanceSource: r.source, attendance: eligibleAttendance + r.overrides + r.slack, eligibleAttendance, overrides: r.overrides, votes };
  });

/** One legitimate Api call: its method and input (it may still be refused, which changes nothing). */
const operation: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fc.constant('addBranch'), fc.record({ name })),
  fc.tuple(fc.constant('renameBranch'), fc.record({ id: small, name })),
  fc.tuple(fc.constant('deleteBranch'), fc.record({ id: small })),
  fc.tuple(fc.constant('withdrawUnit'), fc.record({ unit: fc.constantFrom('branch', 'affiliate'), id: small, reason: fc.constant('Merged.') })),
  fc.tuple(fc.constant('addAffiliate'), fc.record({ name, kind: fc.constantFrom('trade-union', 'co-operative'), eligible: fc.boolean(), ineligibleReason: fc.constant('Fees unpaid') })),
  fc.tuple(fc.constant('updateAffiliate'), fc.record({ id: small, name, kind: fc.constantFrom('trade-union', 'other'), eligible: fc.boolean(), ineligibleReason: fc.constant('Fees unpaid') })),
  fc.tuple(fc.constant('deleteAffiliate'), fc.record({ id: small })),
  fc.tuple(fc.constant('recordResult'), fc.record({ unit: fc.constantFrom('branch', 'affiliate'), id: small, result: fc.option(result, { nil: null }), reason: fc.constant('By hand.') })),
  fc.tuple(fc.constant('recordAffiliateDecision'), fc.record({ affiliateId: small, result, receivedOn: date, method: fc.constantFrom('form', 'letter', 'email'), signedBy: fc.constant('R. Ogun') })),
  fc.tuple(fc.constant('scheduleMeeting'), fc.record({ branchId: small, date })),
  fc.tuple(fc.constant('saveMeetingDraft'), fc.record({ meetingId: small, record })),
  fc.tuple(fc.constant('closeMeeting'), fc.record({ meetingId: small })),
  fc.tuple(fc.constant('correctMeeting'), fc.record({ meetingId: small, record, reason: fc.constant('Miscounted.') })),
  fc.tuple(fc.constant('markMeeting'), fc.record({ meetingId: small, state: fc.constantFrom('not-held', 'abandoned'), reason: fc.constant('Not quorate.') })),
  fc.tuple(fc.constant('withdrawMeeting'), fc.record({ meetingId: small, reason: fc.constant('Opened by mistake.') })),
  fc.tuple(fc.constant('recordWalkIn'), fc.record({ meetingId: small, name: fc.constant('Pat Doe'), details: fc.constant(''), outcome: fc.constantFrom('refused', 'provisional'), note: fc.constant('Chair allowed') })),
  fc.tuple(fc.constant('saveQuorum'), fc.record({ rule: fc.record({ kind: fc.constant('number'), value: fc.integer({ min: 1, max: 4 }) }) })),
  fc.tuple(
    fc.constant('logComplaint'),
    fc.record({ receivedOn: date, complainant: fc.constant(''), contact: fc.constant(''), about: fc.constant('process'), meetingId: fc.option(small, { nil: null, freq: 2 }), category: fc.constant('other'), summary: fc.constant('Text.') }),
  ),
  fc.tuple(fc.constant('recordWalkIn'), fc.record({ meetingId: small, name: fc.constant('Sam Roe'), details: fc.constant(''), outcome: fc.constant('refused'), note: fc.constant('') })),
  fc.tuple(fc.constant('updateComplaint'), fc.record({ id: small, status: fc.constantFrom('open', 'referred', 'resolved', 'dismissed'), outcome: fc.constant('Done.'), outcomeOn: fc.constant('2026-06-14') })),
  fc.tuple(fc.constant('exportReport'), fc.constant({ status: 'interim' })),
  // A whole meeting: scheduled, recorded and closed, so later calls have closed meetings to work on.
  fc.tuple(fc.constant('holdMeeting'), fc.record({ branchId: small, date, record })),
);

describe('the log is the record, for any legitimate use', () => {
  it('random sequences of Api calls always rebuild to exactly the tables', () => {
    const done = new Map<string, number>(); // calls that changed something, by method
    fc.assert(
      fc.property(fc.array(operation, { minLength: 15, maxLength: 40, size: 'max' }), (ops) => {
        const svc = openService();
        setUpClp(svc);
        svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
        const call = (method: string, input: unknown) => {
          const r = svc.call(method, input);
          if (r.ok) done.set(method, (done.get(method) ?? 0) + 1);
          else expect(r.error.code).not.toBe('record-differs');
          return r;
        };
        for (const [method, input] of ops) {
          if (method !== 'holdMeeting') {
            call(method, input);
            continue;
          }
          const { branchId, date: on, record: minute } = input as { branchId: number; date: string; record: unknown };
          const meeting = call('scheduleMeeting', { branchId, date: on });
          if (!meeting.ok) continue;
          const meetingId = (meeting.value as { id: number }).id;
          if (call('saveMeetingDraft', { meetingId, record: minute }).ok) call('closeMeeting', { meetingId });
        }
        const verdict = svc.ok<AuditVerdict>('verifyAudit');
        svc.service.close();
        expect({ differences: verdict.differences, unverifiable: verdict.unverifiable, ok: verdict.ok }).toEqual({ differences: [], unverifiable: [], ok: true });
      }),
      { numRuns: 15, seed: 11 } // a fixed seed, so the check below that every kind of change was reached holds every run,
    );
    // The sequences reached every kind of change, not only refusals.
    for (const method of ['deleteBranch', 'withdrawUnit', 'updateAffiliate', 'recordResult', 'recordAffiliateDecision', 'closeMeeting', 'correctMeeting', 'markMeeting', 'withdrawMeeting', 'recordWalkIn', 'updateComplaint', 'exportReport']) {
      expect(done.get(method) ?? 0, method).toBeGreaterThan(0);
    }
  }, 180_000);
});

/** The door desk's own calls: walk-ins recorded and undone, at meetings scheduled, closed or marked meanwhile. */
const meetingId = fc.integer({ min: 1, max: 3 });
const deskOperation: fc.Arbitrary<[string, unknown]> = fc.oneof(
  { weight: 1, arbitrary: fc.tuple(fc.constant('scheduleMeeting'), fc.record({ branchId: fc.constantFrom(1, 2), date })) },
  { weight: 5, arbitrary: fc.tuple(fc.constant('recordWalkIn'), fc.record({ meetingId, name: fc.constant('Pat Doe'), details: fc.constant(''), outcome: fc.constantFrom('refused', 'provisional'), note: fc.constant('Chair allowed') })) },
  { weight: 3, arbitrary: fc.tuple(fc.constant('recordWalkIn'), fc.record({ meetingId, name: fc.constant('Sam Roe'), details: fc.constant(''), outcome: fc.constant('refused'), note: fc.constant(''), deskPerson: fc.constant('Dee') })) },
  { weight: 5, arbitrary: fc.tuple(fc.constant('undoCheckin'), fc.record({ meetingId, checkinId: fc.integer({ min: 1, max: 10 }), reason: fc.constant('Wrong person.'), deskPerson: fc.constant('Dee') })) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('markMeeting'), fc.record({ meetingId, state: fc.constantFrom('not-held', 'abandoned'), reason: fc.constant('Not quorate.') })) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('withdrawMeeting'), fc.record({ meetingId, reason: fc.constant('Opened by mistake.') })) },
);

describe('the log is the record, with check-ins undone at the door', () => {
  it('random check-ins and undos always rebuild to exactly the tables', () => {
    const done = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(deskOperation, { minLength: 10, maxLength: 40, size: 'max' }), (ops) => {
        const svc = openService();
        setUpClp(svc);
        svc.ok('scheduleMeeting', { branchId: 1, date: '2026-06-10' });
        svc.ok('scheduleMeeting', { branchId: 2, date: '2026-06-10' });
        for (const [method, input] of ops) {
          if (svc.call(method, input).ok) done.set(method, (done.get(method) ?? 0) + 1);
        }
        const verdict = svc.ok<AuditVerdict>('verifyAudit');
        svc.service.close();
        expect({ differences: verdict.differences, unverifiable: verdict.unverifiable, ok: verdict.ok }).toEqual({ differences: [], unverifiable: [], ok: true });
      }),
      { numRuns: 10, seed: 15 },
    );
    for (const method of ['recordWalkIn', 'undoCheckin', 'markMeeting', 'withdrawMeeting']) expect(done.get(method) ?? 0, method).toBeGreaterThan(2);
  }, 120_000);
});
