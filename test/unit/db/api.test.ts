import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TellerState } from '../../../shared/api';
import { apiMethods } from '../../../shared/api';
import { ballotStatus } from '../../../shared/ballot-status';
import { textDigest } from '../../../db/store/audit';
import { ClpStore } from '../../../db/store/clp-store';
import { TellerError } from '../../../shared/errors';
import { openService, labour2021, setUpClp, tempDir } from './fixtures';

type Svc = ReturnType<typeof openService>;
const state = (svc: Svc) => svc.ok<TellerState>('getState');

/** Calls the Api with bad input and checks it is refused with that code, leaving the store exactly as it was. */
function refused(svc: Svc, method: string, input: unknown, code: string, message?: RegExp, field?: string) {
  const before = state(svc);
  const r = svc.call(method, input);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe(code);
  if (message) expect(r.error.message).toMatch(message);
  if (field) expect(r.error.field).toBe(field);
  expect(state(svc)).toEqual(before);
}

describe('setting up a CLP through the Api', () => {
  it('starts empty, then holds the CLP, its units and its ballot', () => {
    const svc = openService();
    expect(state(svc)).toMatchObject({ clp: null, branches: [], affiliates: [], ballot: null, audit: { entries: 0 } });
    setUpClp(svc);
    const s = state(svc);
    expect(s.clp).toEqual({ name: 'Ashbrook and Larkhill', code: 'E14009999', mpName: 'Imogen Carrow' });
    expect(s.branches.map((b) => b.name)).toEqual(['Ashbrook West', 'Fernley South']);
    expect(s.affiliates.map((a) => [a.name, a.eligible, a.ineligibleReason])).toEqual([
      ['Ashbrook Co-operative Party', false, 'Fees not paid by the cut-off date'],
      ['Health Service Staff Union, Ashbrook', true, null],
    ]);
    expect(s.ballot).toMatchObject({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: labour2021 });
    expect(s.ballot?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns outputs that match the contract’s output schemas', () => {
    const svc = openService();
    setUpClp(svc);
    expect(() => apiMethods.getState.output.parse(state(svc))).not.toThrow();
    expect(() => apiMethods.getAuditLog.output.parse(svc.ok('getAuditLog', { limit: 10 }))).not.toThrow();
    expect(() => apiMethods.verifyAudit.output.parse(svc.ok('verifyAudit'))).not.toThrow();
  });

  it('keeps everything after the store is closed and reopened', () => {
    const first = openService();
    setUpClp(first);
    const branch = state(first).branches[0]!;
    first.ok('recordResult', { unit: 'branch', id: branch.id, result: 'selection', reason: 'Reported by the branch secretary.' });
    const before = state(first);
    first.service.close();
    const again = openService(path.dirname(first.storePath));
    expect(state(again)).toEqual(before);
  });

  it('renames and deletes units, keeping the result with the unit', () => {
    const svc = openService();
    setUpClp(svc);
    const [a, b] = state(svc).branches;
    svc.ok('recordResult', { unit: 'branch', id: a!.id, result: 'selection', reason: 'Reported by the branch secretary.' });
    svc.ok('renameBranch', { id: a!.id, name: 'Ashbrook West & Mill' });
    expect(state(svc).branches.find((x) => x.id === a!.id)).toMatchObject({ name: 'Ashbrook West & Mill', result: 'selection' });
    svc.ok('deleteBranch', { id: b!.id });
    expect(state(svc).branches.map((x) => x.name)).toEqual(['Ashbrook West & Mill']);
    const log = svc.ok<{ action: string; before: unknown }[]>('getAuditLog', { limit: 1 });
    expect(log[0]).toMatchObject({ action: 'branch.delete', before: { name: 'Fernley South', result: null } });
  });

  it('records, changes and clears a unit result, and the outcome follows', () => {
    const svc = openService();
    setUpClp(svc);
    const s0 = state(svc);
    const eligible = s0.affiliates.find((a) => a.eligible)!;
    svc.ok('recordResult', { unit: 'branch', id: s0.branches[0]!.id, result: 'selection', reason: 'Reported by the branch secretary.' });
    svc.ok('recordResult', { unit: 'branch', id: s0.branches[1]!.id, result: 'selection', reason: 'Reported by the branch secretary.' });
    let status = ballotStatus(state(svc))!;
    expect(status.pending.affiliates).toBe(1);
    expect(status.soFar.triggered).toBe(true); // affiliates empty: branches carry the whole weight
    expect(status.ahead.certain).toBeNull();
    svc.ok('recordAffiliateDecision', { affiliateId: eligible.id, result: 'reselect', receivedOn: '2026-06-12', method: 'letter', signedBy: 'R. Ogun' });
    status = ballotStatus(state(svc))!;
    expect(status.soFar.share).toEqual({ n: 1n, d: 2n }); // 1/2·1 + 1/2·0
    expect(status.soFar.triggered).toBe(false);
    expect(status.ahead.certain).toBe('not-triggered');
  });

  it('a result set by hand needs a reason, kept in the audit entry; an affiliate’s comes only from its decision form', () => {
    const svc = openService();
    setUpClp(svc);
    const s0 = state(svc);
    const branch = s0.branches[0]!;
    const union = s0.affiliates.find((a) => a.eligible)!;
    const before = { state: state(svc), audit: svc.ok<unknown[]>('getAuditLog', { limit: 500 }) };
    refused(svc, 'recordResult', { unit: 'branch', id: branch.id, result: 'selection' }, 'invalid-input', /^Say why Ashbrook West's result is set by hand\.$/, 'reason');
    refused(svc, 'recordResult', { unit: 'branch', id: branch.id, result: 'selection', reason: '  ' }, 'invalid-input', /Say why/, 'reason');
    refused(svc, 'recordResult', { unit: 'affiliate', id: union.id, result: 'selection', reason: 'Phoned in.' }, 'result-from-decision', /affiliate decision form/, 'result');
    expect({ state: state(svc), audit: svc.ok<unknown[]>('getAuditLog', { limit: 500 }) }).toEqual(before);
    svc.ok('recordResult', { unit: 'branch', id: branch.id, result: 'selection', reason: 'Minute received by post.' });
    expect(svc.ok<{ after: unknown }[]>('getAuditLog', { limit: 1 })[0]!.after).toEqual({ name: 'Ashbrook West', result: 'selection', reason: textDigest('Minute received by post.') });
    svc.ok('recordResult', { unit: 'branch', id: branch.id, result: null, reason: 'Undone: Minute received by post.' });
    expect(svc.ok<{ after: unknown }[]>('getAuditLog', { limit: 1 })[0]!.after).toEqual({ name: 'Ashbrook West', result: null, reason: textDigest('Undone: Minute received by post.') });
  });

  it('timetable and rules after the first result need a reason, listing meetings left outside; after a final, a corrected revision', () => {
    const svc = openService();
    setUpClp(svc);
    const s0 = state(svc);
    const ballot = { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: labour2021 };
    svc.ok('saveBallot', { ...ballot, closesOn: '2026-07-20' }); // no result yet: no reason needed
    svc.ok('scheduleMeeting', { branchId: s0.branches[0]!.id, date: '2026-06-10' });
    svc.ok('recordResult', { unit: 'branch', id: s0.branches[1]!.id, result: 'selection', reason: 'Minute received by post.' });
    const snap = () => ({ state: state(svc), audit: svc.ok<unknown[]>('getAuditLog', { limit: 500 }) });
    const before = snap();
    const moved = { ...ballot, opensOn: '2026-06-15' };
    expect(svc.ok('previewBallotChange', moved)).toEqual({ resultsRecorded: true, finalRevision: null, meetingsOutside: [{ branch: 'Ashbrook West', date: '2026-06-10' }] });
    refused(svc, 'saveBallot', moved, 'invalid-input', /^Results have been recorded under this timetable and these rules: say why they change\.$/, 'reason');
    refused(svc, 'saveBallot', { ...ballot, rules: { ...labour2021, threshold: '1/3' }, reason: ' ' }, 'invalid-input', /say why/, 'reason');
    expect(snap()).toEqual(before);
    svc.ok('saveBallot', { ...moved, reason: 'The regional office moved the opening date.' });
    expect(svc.ok<{ after: unknown }[]>('getAuditLog', { limit: 1 })[0]!.after).toMatchObject({ opensOn: '2026-06-15', reason: 'The regional office moved the opening date.', meetingsOutside: [{ branch: 'Ashbrook West', date: '2026-06-10' }] });
    svc.ok('saveBallot', { ...moved, reason: '' }); // nothing changed: nothing to explain

    svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
    svc.ok('exportReport', { status: 'final', confirm: 'FINAL' });
    const afterFinal = snap();
    refused(svc, 'saveBallot', { ...ballot, reason: 'Back to the original date.' }, 'report-final', /start a corrected final revision and say why/, 'startsCorrectedFinal');
    refused(svc, 'saveBallot', { ...ballot, startsCorrectedFinal: true }, 'invalid-input', /say why/, 'reason');
    expect(snap()).toEqual(afterFinal);
    svc.ok('saveBallot', { ...ballot, reason: 'Back to the original date.', startsCorrectedFinal: true });
    expect(svc.ok<{ after: unknown }[]>('getAuditLog', { limit: 1 })[0]!.after).toMatchObject({ opensOn: '2026-06-01', startsCorrectedFinal: true, corrects: 1, reason: 'Back to the original date.' });
  });

  it('edits an affiliate, and needs a reason to make it ineligible', () => {
    const svc = openService();
    setUpClp(svc);
    const a = state(svc).affiliates.find((x) => x.eligible)!;
    refused(svc, 'updateAffiliate', { id: a.id, name: a.name, kind: a.kind, eligible: false, ineligibleReason: '  ' }, 'invalid-input', /Say why/, 'ineligibleReason');
    svc.ok('updateAffiliate', { id: a.id, name: a.name, kind: 'other', eligible: false, ineligibleReason: 'Lapsed affiliation' });
    expect(state(svc).affiliates.find((x) => x.id === a.id)).toMatchObject({ kind: 'other', eligible: false, ineligibleReason: 'Lapsed affiliation' });
  });

  it('saves a custom rule set with every field', () => {
    const svc = openService();
    setUpClp(svc);
    const custom = { id: 'custom-2026', method: 'college', threshold: '2/5', strict: false, weights: { branches: '2/3', affiliates: '1/3' }, base: 'all', tie: 'split', emptyClass: 'zero' };
    svc.ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: custom });
    expect(state(svc).ballot?.rules).toEqual(custom);
  });

  it('drops weights from a rule set that is not a college', () => {
    const svc = openService();
    setUpClp(svc);
    svc.ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { ...labour2021, id: 'pooled-1', method: 'pooled' } });
    expect(state(svc).ballot?.rules).toEqual({ id: 'pooled-1', method: 'pooled', threshold: '1/2', strict: true, base: 'voting', tie: 'no-vote' });
  });
});

describe('bad input is refused with a clear message and changes nothing', () => {
  const ballot = { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: labour2021 };

  it('an unknown method', () => {
    const svc = openService();
    refused(svc, 'dropAllTables', {}, 'unknown-method');
    refused(svc, '__proto__', {}, 'unknown-method');
  });

  it('units before the CLP exists', () => {
    const svc = openService();
    refused(svc, 'addBranch', { name: 'Ashbrook' }, 'no-clp', /Save the CLP/);
  });

  it('an empty or over-long CLP name, a bad ONS code, unknown fields', () => {
    const svc = openService();
    refused(svc, 'saveClp', { name: '   ', code: null, mpName: 'A' }, 'invalid-input', /CLP name is required/, 'name');
    refused(svc, 'saveClp', { name: 'x'.repeat(121), code: null, mpName: 'A' }, 'invalid-input', /120 characters/, 'name');
    refused(svc, 'saveClp', { name: 'A', code: 'X123', mpName: 'B' }, 'invalid-input', /ONS code/, 'code');
    refused(svc, 'saveClp', { name: 'A', code: null, mpName: 'B', admin: true }, 'invalid-input', /Unexpected field: admin/);
    refused(svc, 'saveClp', { name: 'A\u0000B', code: null, mpName: 'B' }, 'invalid-input', /control characters/);
    refused(svc, 'saveClp', 'not an object', 'invalid-input');
  });

  it('duplicate branch and affiliate names, whatever their case and spacing', () => {
    const svc = openService();
    setUpClp(svc);
    refused(svc, 'addBranch', { name: 'ashbrook  WEST' }, 'duplicate-name', /A branch called "Ashbrook West" already exists/, 'name');
    const [a, b] = state(svc).branches;
    refused(svc, 'renameBranch', { id: b!.id, name: a!.name }, 'duplicate-name');
    refused(svc, 'addAffiliate', { name: 'ashbrook co-operative party', kind: 'other', eligible: true, ineligibleReason: null }, 'duplicate-name');
  });

  it('ids that are negative, fractional, missing or gone', () => {
    const svc = openService();
    setUpClp(svc);
    refused(svc, 'deleteBranch', { id: -1 }, 'invalid-input');
    refused(svc, 'deleteBranch', { id: 1.5 }, 'invalid-input');
    refused(svc, 'deleteBranch', {}, 'invalid-input');
    refused(svc, 'deleteBranch', { id: 999 }, 'not-found', /no longer exists/);
    refused(svc, 'recordResult', { unit: 'branch', id: 999, result: 'selection', reason: 'Reported by the branch secretary.' }, 'not-found');
  });

  it('a result that is not one of the four', () => {
    const svc = openService();
    setUpClp(svc);
    refused(svc, 'recordResult', { unit: 'branch', id: state(svc).branches[0]!.id, result: 'abstain', reason: 'Reported by the branch secretary.' }, 'invalid-input');
  });

  it('a result for an ineligible affiliate', () => {
    const svc = openService();
    setUpClp(svc);
    const ineligible = state(svc).affiliates.find((a) => !a.eligible)!;
    refused(svc, 'recordResult', { unit: 'affiliate', id: ineligible.id, result: 'selection' }, 'unit-not-eligible', /not eligible/);
  });

  it('a result before the ballot is set up', () => {
    const svc = openService();
    svc.ok('saveClp', { name: 'A', code: null, mpName: 'B' });
    svc.ok('addBranch', { name: 'One' });
    refused(svc, 'recordResult', { unit: 'branch', id: state(svc).branches[0]!.id, result: 'selection', reason: 'Reported by the branch secretary.' }, 'no-ballot', /Set up the trigger ballot/);
  });

  it('a freeze date after the meeting dates, impossible dates, dates in the wrong order', () => {
    const svc = openService();
    setUpClp(svc);
    refused(svc, 'saveBallot', { ...ballot, freezeDate: '2026-06-15' }, 'invalid-dates', /freeze date \(15 June 2026\) must not be after/, 'freezeDate');
    refused(svc, 'saveBallot', { ...ballot, closesOn: '2026-05-20' }, 'invalid-dates', /closing date/, 'closesOn');
    refused(svc, 'saveBallot', { ...ballot, freezeDate: '2026-02-31' }, 'invalid-input', /real date/, 'freezeDate');
    refused(svc, 'saveBallot', { ...ballot, freezeDate: '01/05/2026' }, 'invalid-input', /real date/, 'freezeDate');
  });

  it('a threshold of 0 or above 1, weights that do not sum to 1, a bad fraction', () => {
    const svc = openService();
    setUpClp(svc);
    refused(svc, 'saveBallot', { ...ballot, rules: { ...labour2021, threshold: '0/3' } }, 'invalid-rules', /more than 0/, 'rules.threshold');
    refused(svc, 'saveBallot', { ...ballot, rules: { ...labour2021, threshold: '3/2' } }, 'invalid-rules', /no more than 1/, 'rules.threshold');
    refused(svc, 'saveBallot', { ...ballot, rules: { ...labour2021, weights: { branches: '1/2', affiliates: '1/4' } } }, 'invalid-rules', /add up to exactly 1/, 'rules.weights');
    refused(svc, 'saveBallot', { ...ballot, rules: { ...labour2021, threshold: '0.5' } }, 'invalid-input', /fraction such as 1\/3/, 'rules.threshold');
    refused(svc, 'saveBallot', { ...ballot, rules: { ...labour2021, threshold: '1/0' } }, 'invalid-rules', /fraction/, 'rules.threshold');
    refused(svc, 'saveBallot', { ...ballot, rules: { ...labour2021, emptyClass: undefined } }, 'invalid-rules', /no voting units/, 'rules.emptyClass');
    refused(svc, 'saveBallot', { ...ballot, rules: { ...labour2021, method: 'lottery' } }, 'invalid-input', undefined, 'rules.method');
  });

  it('a file that is not a Teller store is refused and left exactly as it was', () => {
    const file = path.join(tempDir(), 'letter.sqlite');
    const text = 'Dear Secretary, this is a letter and not a database. '.repeat(200);
    fs.writeFileSync(file, text);
    expect(() => new ClpStore(file, { actor: 't', now: () => new Date() }, { key: null })).toThrow(TellerError);
    expect(() => new ClpStore(file, { actor: 't', now: () => new Date() }, { key: null })).toThrow(/not a database.*Nothing has been changed/);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('the demo CLP', () => {
  it('opens in its own file from a seeded generator, and leaving it returns to the real store untouched', () => {
    const svc = openService();
    const demo = svc.ok<TellerState>('openDemo');
    expect(demo.store.demo).toBe(true);
    expect(demo.store.path).not.toBe(svc.storePath);
    expect(demo.branches).toHaveLength(9);
    expect(demo.affiliates).toHaveLength(12);
    expect(ballotStatus(demo)?.pending).toEqual({ branches: 3, affiliates: 4 });
    expect(svc.ok<{ ok: boolean }>('verifyAudit').ok).toBe(true);
    const back = svc.ok<TellerState>('leaveDemo');
    expect(back).toMatchObject({ store: { demo: false, path: svc.storePath }, clp: null, branches: [] });
  });

  it('is the same every time (seeded)', () => {
    const a = openService().ok<TellerState>('openDemo');
    const b = openService().ok<TellerState>('openDemo');
    const strip = (s: TellerState) => ({ clp: s.clp, branches: s.branches.map((x) => [x.name, x.result]), affiliates: s.affiliates.map((x) => [x.name, x.result]) });
    expect(strip(a)).toEqual(strip(b));
  });
});
