import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ExportedReportInfo, ReportChecklist, Signing, TellerState } from '../../../shared/api';
import { fingerprint } from '../../../shared/report/fingerprint';
import { generateSigningKey } from '../../../db/signing/keys';
import { verifyReportText } from '../../../db/signing/verify-report';
import { openService, setUpClp } from '../db/fixtures';
import { readyToReport, signAnyPayload } from './fixtures';

type Json = Record<string, unknown>;
const exported = (svc: ReturnType<typeof readyToReport>, status: 'interim' | 'final' = 'interim') =>
  svc.ok<ExportedReportInfo>('exportReport', status === 'final' ? { status, confirm: 'FINAL' } : { status });

/** Signs any payload with a fresh key, so checks beyond the signature can be reached. */
const resign = (payload: unknown) => signAnyPayload(payload);

describe('keys', () => {
  it('are created on first unlock, shown as a fingerprint, and refused with a wrong passphrase', () => {
    const svc = openService();
    setUpClp(svc);
    expect(svc.ok<Signing>('getSigning')).toMatchObject({ current: null, unlocked: false, sealer: 'passphrase' });
    expect(svc.call('exportReport', { status: 'interim' })).toMatchObject({ ok: false, error: { code: 'key-locked' } });
    const s = svc.ok<Signing>('unlockSigningKey', { passphrase: 'correct horse battery staple' });
    expect(s.current?.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint(s.current!.keyId)).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    svc.service.close();
    const again = openService(path.dirname(svc.storePath));
    expect(again.call('unlockSigningKey', { passphrase: 'wrong passphrase here' })).toMatchObject({ ok: false, error: { code: 'key-locked', message: 'That passphrase does not unlock the signing key.' } });
    expect(again.ok<Signing>('unlockSigningKey', { passphrase: 'correct horse battery staple' }).current?.keyId).toBe(s.current?.keyId);
  });

  it('rotate: a new key signs new reports; reports signed with the old one still verify', () => {
    const svc = readyToReport();
    const old = exported(svc);
    const before = svc.ok<Signing>('getSigning').current!.keyId;
    const after = svc.ok<Signing>('rotateSigningKey');
    expect(after.current!.keyId).not.toBe(before);
    expect(after.retired.map((k) => k.keyId)).toEqual([before]);
    const fresh = exported(svc);
    expect(fresh.keyId).toBe(after.current!.keyId);
    expect(verifyReportText(old.json).ok).toBe(true);
    expect(verifyReportText(fresh.json).ok).toBe(true);
  });
});

describe('exporting a report', () => {
  it('writes the envelope of report-v2, signed, that verifies with every check', () => {
    const svc = readyToReport();
    const r = exported(svc);
    expect(r.fileName).toBe('ashbrook-and-larkhill-r1.teller.json');
    const env = JSON.parse(r.json) as Json;
    expect(Object.keys(env)).toEqual(['format', 'version', 'payload', 'signature']);
    const p = env.payload as Json;
    expect(p).toMatchObject({
      revision: 1,
      status: 'interim',
      clp: { name: 'Ashbrook and Larkhill', code: 'E14009999' },
      mp: { name: 'Imogen Carrow' },
      freezeDate: '2026-05-01',
      branches: [
        { name: 'Ashbrook West', result: 'selection', noVoteReason: null, meeting: { date: '2026-06-10', quorate: true, attendance: 30, eligibleAttendance: 28, versions: 1, votes: { selection: 15, reselect: 10, abstain: 2, spoilt: 1 } } },
        { name: 'Fernley South', result: 'reselect', noVoteReason: null, meeting: null },
      ],
      affiliates: [
        { name: 'Ashbrook Co-operative Party', kind: 'co-operative', result: 'no-vote', noVoteReason: 'ineligible', eligible: false, ineligibleReason: 'Fees not paid by the cut-off date', decision: null },
        { name: 'Health Service Staff Union, Ashbrook', kind: 'trade-union', result: 'reselect', noVoteReason: null, eligible: true, ineligibleReason: null, decision: { receivedOn: '2026-06-12', late: false } },
      ],
      outcome: { triggered: false, certain: true, share: '1/4', branches: { selection: 1, reselect: 1, tie: 0, noVote: 0, pending: 0 }, affiliates: { selection: 0, reselect: 1, tie: 0, noVote: 0, pending: 0 } },
      complaints: { total: 1, open: 1, byCategory: { procedure: 1 } },
      history: { entries: expect.any(Number) as unknown, head: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown },
    });
    expect(env.version).toBe(2);
    const v = verifyReportText(r.json);
    expect(v).toMatchObject({ ok: true, version: 2, clp: 'Ashbrook and Larkhill', revision: 1, recomputed: { triggered: false, share: '1/4', certain: true }, problems: [] });
  });

  it('counts revisions up per ballot, a final after interims included', () => {
    const svc = readyToReport();
    expect([exported(svc).revision, exported(svc).revision, exported(svc, 'final').revision]).toEqual([1, 2, 3]);
  });

  it('holds no member identity and no complainant', () => {
    const svc = readyToReport();
    const json = exported(svc).json;
    for (const needle of ['Hana', 'Garside', 'Aoife', 'Dunstable']) expect(json.includes(needle)).toBe(false);
  });
});

describe('final means final', () => {
  /** Everything a refused export could have changed. */
  const snapshot = (svc: ReturnType<typeof readyToReport>) => ({
    exports: svc.ok<AuditEntry[]>('getAuditLog', { limit: 500 }),
    checklist: svc.ok<ReportChecklist>('getReportChecklist'),
  });

  it('lists what is unfinished before a final report: pending units, open meetings, open complaints, ballot not closed', () => {
    const svc = openService();
    setUpClp(svc);
    const state = svc.ok<TellerState>('getState');
    svc.ok('scheduleMeeting', { branchId: state.branches[0]!.id, date: '2026-06-10' });
    svc.ok('logComplaint', { receivedOn: '2026-06-11', complainant: 'Hana Garside', contact: '', about: 'process', meetingId: null, category: 'procedure', summary: 'Late notice.' });
    const c = svc.ok<ReportChecklist>('getReportChecklist');
    expect(c).toMatchObject({
      pendingUnits: [
        { unit: 'branch', name: 'Ashbrook West' },
        { unit: 'branch', name: 'Fernley South' },
        { unit: 'affiliate', name: 'Health Service Staff Union, Ashbrook' },
      ],
      openMeetings: [{ branch: 'Ashbrook West', date: '2026-06-10' }],
      openComplaints: 1,
      closesOn: '2026-07-17',
      ballotClosed: false, // the test clock is 14 June 2026
      finalRevision: null,
    });
  });

  it('is refused without FINAL typed, with a sentence for the confirm field, and nothing changes', () => {
    const svc = readyToReport();
    const before = snapshot(svc);
    for (const confirm of [undefined, '', 'final?', 'yes']) {
      const r = svc.call('exportReport', confirm === undefined ? { status: 'final' } : { status: 'final', confirm });
      expect(r).toMatchObject({ ok: false, error: { code: 'confirmation-mismatch', field: 'confirm', message: 'Type FINAL to confirm that this report is final.' } });
    }
    expect(snapshot(svc)).toEqual(before);
    expect(exported(svc, 'final').revision).toBe(1);
    expect(svc.ok<ReportChecklist>('getReportChecklist').finalRevision).toBe(1);
  });

  it('records what was confirmed in the audit entry', () => {
    const svc = readyToReport();
    exported(svc, 'final');
    const entry = svc.ok<AuditEntry[]>('getAuditLog', { limit: 1 })[0]!;
    expect(entry.action).toBe('report.export');
    expect(entry.after).toMatchObject({ status: 'final', confirmed: 'FINAL', checklist: { openComplaints: 1, ballotClosed: false, openMeetings: [], pendingUnits: [] } });
  });

  it('no interim after a final, and a second final needs its reason', () => {
    const svc = readyToReport();
    exported(svc, 'final');
    const before = snapshot(svc);
    expect(svc.call('exportReport', { status: 'interim' })).toMatchObject({ ok: false, error: { code: 'report-final', field: 'status', message: expect.stringMatching(/^The final report \(revision 1\) has been issued, so an interim report can no longer follow it\./) as unknown } });
    // A stray Enter: the same final again, confirmed but with no reason.
    expect(svc.call('exportReport', { status: 'final', confirm: 'FINAL' })).toMatchObject({ ok: false, error: { code: 'report-final', field: 'reason' } });
    expect(svc.call('exportReport', { status: 'final', confirm: 'FINAL', reason: '   ' })).toMatchObject({ ok: false, error: { code: 'report-final', field: 'reason' } });
    expect(svc.call('exportReport', { status: 'final', reason: 'A result was wrong.' })).toMatchObject({ ok: false, error: { code: 'confirmation-mismatch' } });
    expect(snapshot(svc)).toEqual(before);
    const r = svc.ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL', reason: 'Fernley South’s result was entered wrongly.' });
    expect(r.revision).toBe(2);
    expect((JSON.parse(r.json) as { payload: Json }).payload).toMatchObject({ revision: 2, status: 'final' });
    const entry = svc.ok<AuditEntry[]>('getAuditLog', { limit: 1 })[0]!;
    expect(entry.after).toMatchObject({ revision: 2, status: 'final', corrects: 1, reason: 'Fernley South’s result was entered wrongly.' });
  });
});

describe('verification refuses tampered and hostile files, with the right code', () => {
  const svc = readyToReport();
  const good = exported(svc).json;
  const codes = (text: string) => [...new Set(verifyReportText(text).problems.map((p) => p.code))];

  it('any single field changed breaks the signature', () => {
    const changes: ((e: Json) => void)[] = [
      (e) => ((e.payload as Json).revision = 7),
      (e) => ((e.payload as Json).status = 'final'),
      (e) => (((e.payload as Json).clp as Json).name = 'Another CLP'),
      (e) => (((e.payload as Json).mp as Json).name = 'Someone Else'),
      (e) => ((e.payload as Json).freezeDate = '2026-04-01'),
      (e) => (((e.payload as Json).complaints as Json).open = 0),
      (e) => (((e.payload as Json).register as Json).checkedIn = 99),
    ];
    for (const change of changes) {
      const e = JSON.parse(good) as Json;
      change(e);
      expect(codes(JSON.stringify(e))).toEqual(['signature']);
    }
  });

  it('a changed history head breaks the signature and no longer chains from the links', () => {
    const e = JSON.parse(good) as Json;
    ((e.payload as Json).history as Json).head = '0'.repeat(64);
    expect(codes(JSON.stringify(e))).toEqual(['signature', 'history']);
  });

  it('re-ordering keys changes nothing that matters', () => {
    const e = JSON.parse(good) as Json;
    const reordered = { signature: e.signature, payload: Object.fromEntries(Object.entries(e.payload as Json).reverse()), version: e.version, format: e.format };
    expect(verifyReportText(JSON.stringify(reordered)).ok).toBe(true);
  });

  it('a swapped public key, a wrong keyId', () => {
    const e = JSON.parse(good) as Json;
    const other = generateSigningKey();
    (e.signature as Json).publicKey = other.publicKeyRaw.toString('base64');
    expect(codes(JSON.stringify(e))).toEqual(['signature']);
    (e.signature as Json).keyId = other.keyId;
    expect(verifyReportText(JSON.stringify(e)).problems.map((p) => p.message)).toEqual([
      'The signature does not match: the report was changed after it was signed, or signed with another key.',
    ]);
  });

  it('truncated, an added field, a bad format or version', () => {
    expect(codes(good.slice(0, good.length / 2))).toEqual(['format']);
    const e = JSON.parse(good) as Json;
    expect(codes(JSON.stringify({ ...e, extra: 1 }))).toEqual(['format']);
    expect(codes(JSON.stringify({ ...e, payload: { ...(e.payload as Json), note: 'hi' } }))).toEqual(['format']);
    expect(codes(JSON.stringify({ ...e, version: 1 }))).toEqual(['format']);
    expect(codes(JSON.stringify({ ...e, version: 3 }))).toEqual(['format']);
    expect(codes(JSON.stringify({ ...e, format: 'other' }))).toEqual(['format']);
  });

  it('a 50 MB file, deeply nested JSON, a __proto__ key: refused, no crash', () => {
    expect(codes('x'.repeat(50 * 1024 * 1024))).toEqual(['format']);
    expect(codes('['.repeat(200_000) + ']'.repeat(200_000))).toEqual(['format']);
    const proto = good.replace('"format": "teller-report",', '"__proto__": {"polluted": true}, "format": "teller-report",');
    expect(codes(proto)).toEqual(['format']);
    expect(({} as Json).polluted).toBeUndefined();
  });

  it('branch results that the votes do not give, and an outcome the rules do not give', () => {
    const p = (JSON.parse(good) as Json).payload as Json;
    const branches = p.branches as Json[];
    (branches[0] as Json).result = 'reselect';
    expect(codes(resign(p))).toEqual(['branch-votes', 'outcome']);
    const q = (JSON.parse(good) as Json).payload as Json;
    (q.outcome as Json).triggered = true;
    expect(codes(resign(q))).toEqual(['outcome']);
    const r = (JSON.parse(good) as Json).payload as Json;
    (r.outcome as Json).share = '1/3';
    expect(verifyReportText(resign(r)).problems[0]?.message).toBe('The share is 1/3 but the units and rules give 1/4.');
  });

  it('checks the trust list: unknown key, key for another CLP, revoked key', () => {
    const e = JSON.parse(good) as { signature: { keyId: string; publicKey: string } };
    const entry = { clp: 'Ashbrook and Larkhill', keyId: e.signature.keyId, publicKey: e.signature.publicKey, revoked: false };
    expect(verifyReportText(good, [entry]).ok).toBe(true);
    expect(verifyReportText(good, []).problems.map((p) => p.code)).toEqual(['trust']);
    expect(verifyReportText(good, [{ ...entry, clp: 'Elsewhere' }]).problems.map((p) => p.code)).toEqual(['trust']);
    expect(verifyReportText(good, [{ ...entry, revoked: true }]).problems[0]?.message).toMatch(/was revoked for Ashbrook and Larkhill/);
  });
});

describe('a rule-set id the app would not choose', () => {
  it('is the CLP’s own name and does not stop verification (found by fuzzing)', () => {
    const svc = readyToReport();
    const p = (JSON.parse(svc.ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' }).json) as { payload: { rules: { id: string } } }).payload;
    p.rules.id = 'Zabour 2021 (as amended)';
    expect(verifyReportText(resign(p))).toMatchObject({ ok: true, problems: [] });
  });
});

describe('base64 with stray padding bits', () => {
  it('is refused, though it decodes to the same key (found by fuzzing)', () => {
    const svc = readyToReport();
    const e = JSON.parse(svc.ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' }).json) as { signature: { publicKey: string } };
    const key = e.signature.publicKey;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = alphabet.indexOf(key[42]!);
    e.signature.publicKey = `${key.slice(0, 42)}${alphabet[last ^ 1]}=`; // flip an unused low bit
    expect(Buffer.from(e.signature.publicKey, 'base64').equals(Buffer.from(key, 'base64'))).toBe(true);
    expect(verifyReportText(JSON.stringify(e)).problems).toEqual([{ code: 'format', message: 'signature.publicKey is not in canonical base64.' }]);
  });
});
