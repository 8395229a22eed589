import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ExportedReportInfo, MeetingView, TellerState } from '../../../shared/api';
import { canonicalJson } from '../../../shared/canonical-json';
import { EMPTY_RECORD } from '../../../shared/meetings';
import { iJsonProblems, isExactInteger } from '../../../shared/report/i-json';
import { normaliseClpName } from '../../../shared/report/names';
import { generateSigningKey } from '../../../db/signing/keys';
import { noVoteReasonFor } from '../../../db/signing/report-export';
import { readTrustFile } from '../../../db/signing/trust-file';
import { chainHead, MAX_REPORT_BYTES, PROBLEM_CODES, verifyReport, type ReportCheck } from '../../../db/signing/verify-report';
import { EMPTY_HEAD, entryLink, nextHead, type StoredEntry } from '../../../db/store/audit';
import { rawStore } from '../../test-store';
import { openService, setUpClp, steppingClock } from '../db/fixtures';
import { asVersion1, readyToReport, signAnyPayload } from './fixtures';

type Json = Record<string, unknown>;
type Payload = Json & {
  revision: number;
  status: string;
  clp: { name: string };
  mp: { name: string };
  branches: (Json & { name: string; result: string; noVoteReason: string | null; meeting: (Json & { quorate: boolean; versions: number }) | null })[];
  affiliates: (Json & { name: string; result: string; noVoteReason: string | null; eligible: boolean })[];
  outcome: Json & { triggered: boolean; certain: boolean; branches: Json & { pending: number; noVote: number }; affiliates: Json & { pending: number; noVote: number } };
  complaints: { total: number; open: number; byCategory: Record<string, number> };
  history: { entries: number; head: string; links: string[] };
};

const codes = (v: ReportCheck) => [...new Set(v.problems.map((p) => p.code))];
const messages = (v: ReportCheck) => v.problems.map((p) => p.message);

/** A store part-way through its ballot: one branch reported (a closed meeting), one branch and one affiliate not yet. */
function partlyReported(now = steppingClock()) {
  const svc = openService(undefined, now);
  setUpClp(svc);
  const state = svc.ok<TellerState>('getState');
  const meeting = svc.ok<MeetingView>('scheduleMeeting', { branchId: state.branches[0]!.id, date: '2026-06-10' });
  svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: { ...EMPTY_RECORD, chair: 'Aoife Dunstable', attendanceSource: 'manual', attendance: 30, eligibleAttendance: 28, votes: { selection: 15, reselect: 10, abstain: 2, spoilt: 1 } } });
  svc.ok('closeMeeting', { meetingId: meeting.id });
  svc.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
  return { svc, state, meeting };
}

const exportOf = (svc: ReturnType<typeof openService>, status: 'interim' | 'final' = 'interim', reason?: string) =>
  svc.ok<ExportedReportInfo>('exportReport', status === 'final' ? { status, confirm: 'FINAL', ...(reason ? { reason } : {}) } : { status });
const payloadOf = (r: ExportedReportInfo) => (JSON.parse(r.json) as { payload: Payload }).payload;

describe('version 2 exported from a real store', () => {
  it('an interim report says pending for units not yet reported, and it verifies', () => {
    const { svc } = partlyReported();
    const r = exportOf(svc);
    const p = payloadOf(r);
    expect(p.branches.map((b) => [b.name, b.result, b.noVoteReason])).toEqual([
      ['Ashbrook West', 'selection', null],
      ['Fernley South', 'pending', null],
    ]);
    expect(p.affiliates.map((a) => [a.name, a.result, a.noVoteReason, a.eligible])).toEqual([
      ['Ashbrook Co-operative Party', 'no-vote', 'ineligible', false],
      ['Health Service Staff Union, Ashbrook', 'pending', null, true],
    ]);
    // The ineligible affiliate is in no count; pending is its own count.
    expect(p.outcome).toMatchObject({ branches: { selection: 1, reselect: 0, tie: 0, noVote: 0, pending: 1 }, affiliates: { selection: 0, reselect: 0, tie: 0, noVote: 0, pending: 1 } });
    const v = verifyReport(r.json);
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, version: 2, recomputed: { certain: p.outcome.certain } });
  });

  it('a final report says did-not-report for those units, with no pending, and certain is true', () => {
    const { svc } = partlyReported();
    const p = payloadOf(exportOf(svc, 'final'));
    expect(p.branches[1]).toMatchObject({ name: 'Fernley South', result: 'no-vote', noVoteReason: 'did-not-report', meeting: null });
    expect(p.affiliates[1]).toMatchObject({ result: 'no-vote', noVoteReason: 'did-not-report' });
    expect(p.outcome).toMatchObject({ certain: true, branches: { pending: 0, noVote: 1 }, affiliates: { pending: 0, noVote: 1 } });
  });

  it('says why a meeting gave no vote: not held, abandoned, inquorate; and counts a corrected meeting’s versions', () => {
    const { svc, state, meeting } = partlyReported();
    const other = svc.ok<MeetingView>('scheduleMeeting', { branchId: state.branches[1]!.id, date: '2026-06-12' });
    svc.ok('markMeeting', { meetingId: other.id, state: 'not-held', reason: 'The hall was closed.' });
    svc.ok('correctMeeting', { meetingId: meeting.id, record: { ...EMPTY_RECORD, chair: 'Aoife Dunstable', attendanceSource: 'manual', attendance: 30, eligibleAttendance: 28, votes: { selection: 14, reselect: 11, abstain: 2, spoilt: 1 } }, reason: 'Miscounted.' });
    let p = payloadOf(exportOf(svc));
    expect(p.branches[0]).toMatchObject({ result: 'selection', meeting: { versions: 2, votes: { selection: 14 } } });
    expect(p.branches[1]).toMatchObject({ result: 'no-vote', noVoteReason: 'not-held', meeting: null });
    // An inquorate record: a correction with 3 present, under a quorum of 5 (a new ballot has none).
    svc.ok('saveQuorum', { rule: { kind: 'number', value: 5 } });
    svc.ok('correctMeeting', { meetingId: meeting.id, record: { ...EMPTY_RECORD, chair: 'Aoife Dunstable', attendanceSource: 'manual', attendance: 3, eligibleAttendance: 3, votes: { selection: 2, reselect: 1, abstain: 0, spoilt: 0 } }, reason: 'Only three were there.' });
    const r = exportOf(svc);
    p = payloadOf(r);
    expect(p.branches[0]).toMatchObject({ result: 'no-vote', noVoteReason: 'inquorate', meeting: { quorate: false, versions: 3 } });
    expect(verifyReport(r.json).problems).toEqual([]);
    // A further meeting scheduled but not yet held changes neither the result nor its reason.
    svc.ok('scheduleMeeting', { branchId: state.branches[0]!.id, date: '2026-06-20' });
    expect(payloadOf(exportOf(svc)).branches[0]).toMatchObject({ result: 'no-vote', noVoteReason: 'inquorate' });
  });

  it('gives an affiliate decision’s date, late when received after the ballot closed', () => {
    // Today is after the ballot closed (17 July), so a decision received on 20 July is late, not in the future.
    const { svc, state } = partlyReported(steppingClock('2026-07-25T20:00:00Z'));
    const union = state.affiliates.find((a) => a.eligible)!;
    svc.ok('recordAffiliateDecision', { affiliateId: union.id, result: 'no-vote', receivedOn: '2026-07-20', method: 'letter', signedBy: 'R. Ogun' });
    const r = exportOf(svc);
    expect(payloadOf(r).affiliates[1]).toMatchObject({ result: 'no-vote', noVoteReason: 'declined', decision: { receivedOn: '2026-07-20', late: true } });
    expect(verifyReport(r.json).ok).toBe(true);
  });

  it('carries the audit chain as links: each the link of its entry, chaining to the head the store recorded, and only growing', () => {
    const svc = readyToReport();
    const first = payloadOf(exportOf(svc));
    svc.ok('addBranch', { name: 'Later Ward' });
    const second = payloadOf(exportOf(svc));
    const db = rawStore(svc.storePath, { readonly: true });
    const rows = db.prepare('SELECT * FROM audit_entry ORDER BY seq').all() as (StoredEntry & { link: string; head: string })[];
    const issued = db.prepare('SELECT revision, entries, head FROM issued_head ORDER BY revision').all();
    db.close();
    expect(first.history.links).toEqual(rows.slice(0, first.history.entries).map((r) => entryLink(r)));
    expect(first.history.head).toBe(rows[first.history.entries - 1]!.head);
    expect(second.history.links.slice(0, first.history.links.length)).toEqual(first.history.links);
    expect(second.history.entries).toBeGreaterThan(first.history.entries);
    expect(issued).toEqual([
      { revision: 1, entries: first.history.entries, head: first.history.head },
      { revision: 2, entries: second.history.entries, head: second.history.head },
    ]);
  });

  it('the example of the format document chains as it says', () => {
    const links = ['41038cfb89d8c14f95671f92f77fa016cfd3e24c40b93c8ca31fb4f5483c9b3d', '981ad3d5d296686bada2d8c66fc91be5ec4652a1ec7e471c43768faea1db2e86', '08f1ca2aa3b6dc45bc48986b77f05dde0bcde291f6b319c2f080668860adb3be'];
    expect(chainHead(links)).toBe('80aab343ff5027b2b23de11f158d083ef0d5ff5a8e51420e0352513f5d63aaa4');
    expect(chainHead(links.slice(0, 2))).toBe('34cf2f54e455fbe17e552455eccba199c12e3fe05c931092e162ee18938fc3b3');
    expect(chainHead([])).toBe('0'.repeat(64));
  });
});

describe('no-vote reasons from what the store records', () => {
  it('maps each case, and has tied-after-retake ready for when the store records a retaken tie', () => {
    const r = (u: Parameters<typeof noVoteReasonFor>[0]) => noVoteReasonFor(u);
    expect(r({ kind: 'branch', result: null, status: 'interim' })).toEqual({ result: 'pending', noVoteReason: null });
    expect(r({ kind: 'branch', result: null, status: 'final' })).toEqual({ result: 'no-vote', noVoteReason: 'did-not-report' });
    expect(r({ kind: 'branch', result: 'tie', status: 'final' })).toEqual({ result: 'tie', noVoteReason: null });
    expect(r({ kind: 'branch', result: 'no-vote', status: 'final', meeting: { state: 'not-held', quorate: null } }).noVoteReason).toBe('not-held');
    expect(r({ kind: 'branch', result: 'no-vote', status: 'final', meeting: { state: 'abandoned', quorate: null } }).noVoteReason).toBe('abandoned');
    expect(r({ kind: 'branch', result: 'no-vote', status: 'final', meeting: { state: 'closed', quorate: false } }).noVoteReason).toBe('inquorate');
    expect(r({ kind: 'branch', result: 'no-vote', status: 'final', meeting: null }).noVoteReason).toBe('declined');
    expect(r({ kind: 'branch', result: 'no-vote', status: 'final', retaken: true }).noVoteReason).toBe('tied-after-retake');
    expect(r({ kind: 'affiliate', result: 'no-vote', status: 'interim', eligible: true }).noVoteReason).toBe('declined');
    expect(r({ kind: 'affiliate', result: null, status: 'interim', eligible: false })).toEqual({ result: 'no-vote', noVoteReason: 'ineligible' });
  });
});

describe('hostile version 2 files, one for each check', () => {
  const base = () => payloadOf(exportOf(partlyReported().svc));
  const good = base();
  const edit = (change: (p: Payload) => void) => {
    const p = structuredClone(good);
    change(p);
    return verifyReport(signAnyPayload(p));
  };

  it('knows exactly the ten codes', () => {
    expect(PROBLEM_CODES).toEqual(['format', 'signature', 'trust', 'branch-votes', 'outcome', 'history', 'binding', 'continuity', 'revision', 'revoked']);
  });

  it('the untouched report, re-signed, passes', () => {
    expect(edit(() => undefined).problems).toEqual([]);
  });

  describe('1 format', () => {
    it('a member name twice, at the top, in the payload or deep inside: refused, never last-one-wins', () => {
      const text = signAnyPayload(good);
      const twice = [
        text.replace('"format": "teller-report",', '"format": "teller-report", "format": "teller-report",'),
        text.replace(`"revision": ${good.revision},`, `"revision": 99, "revision": ${good.revision},`),
        text.replace('"quorate": true,', '"quorate": false, "quorate": true,'),
        text.replace('"register": {', '"register": {}, "\\u0072egister": {'),
      ];
      for (const t of twice) {
        expect(t).not.toBe(text);
        const v = verifyReport(t);
        expect(codes(v)).toEqual(['format']);
        expect(messages(v)[0]).toMatch(/appears more than once in the same object/);
        expect(v.envelope).toBeNull();
      }
    });

    it('an unpaired surrogate, escaped or raw', () => {
      for (const bad of ['\\ud800', '\ud800', '\\udc00x']) {
        const v = verifyReport(signAnyPayload(good).replace('"Ashbrook West"', `"Ashbrook West${bad}"`));
        expect(codes(v)).toEqual(['format']);
        expect(messages(v)[0]).toMatch(/unpaired surrogate/);
      }
      // A pair, escaped, is a character like any other.
      expect(iJsonProblems('{"a":"\\ud83d\\ude00"}')).toEqual([]);
    });

    it('a number that is not an exact integer, though JSON.parse would round it to one', () => {
      const v = verifyReport(signAnyPayload(good).replace('"attendance": 30', '"attendance": 30.0000000000000000001'));
      expect(codes(v)).toEqual(['format']);
      expect(messages(v)[0]).toMatch(/attendance: 30\.0000000000000000001 is not an exact whole number/);
      expect(verifyReport(signAnyPayload(good).replace('"attendance": 30', '"attendance": 1e400')).problems[0]?.code).toBe('format');
    });

    it('revision 9007199254740991, 0 or 10000; 9999 is the last allowed', () => {
      for (const revision of [9007199254740991, 0, 10000]) expect(codes(edit((p) => (p.revision = revision)))).toEqual(['format']);
      expect(edit((p) => (p.revision = 9999)).ok).toBe(true);
    });

    it('complaints: open 7 of total 0, and categories that do not add up to the total', () => {
      const v = edit((p) => (p.complaints = { total: 0, open: 7, byCategory: {} }));
      expect(messages(v)).toEqual(['The complaints say 7 open out of 0 in all: more open than there are.']);
      expect(messages(edit((p) => (p.complaints = { total: 3, open: 1, byCategory: { procedure: 1 } })))).toEqual(['The complaints by category add up to 1, not to the total of 3.']);
    });

    it('names: NFD refused where NFC passes; zero-width and bidi characters; empty and over 200 characters', () => {
      expect(edit((p) => (p.clp.name = 'Ynys M\u00f4n')).ok).toBe(true);
      const nfd = edit((p) => (p.clp.name = 'Ynys Mo\u0302n'));
      expect(codes(nfd)).toEqual(['format']);
      expect(messages(nfd)[0]).toMatch(/The CLP name "Ynys Mo\u0302n" is not in Unicode NFC form/);
      for (const sneaky of ['Ashbrook\u200bWest', 'Ashbrook West\u202e', '\ufeffAshbrook West', 'Ashbrook\u2066West', 'Ashbrook\u0000West']) {
        const v = edit((p) => (p.branches[0]!.name = sneaky));
        expect(codes(v)).toEqual(['format']);
        expect(messages(v)[0]).toMatch(/^The name of branch 1 ".*" contains an invisible control or formatting character \(U\+[0-9A-F]{4}\)/);
      }
      expect(codes(edit((p) => (p.mp.name = 'x'.repeat(201))))).toEqual(['format']);
      expect(edit((p) => (p.mp.name = '\u{1F600}'.repeat(200))).ok).toBe(true); // 200 characters, 400 UTF-16 units
      expect(codes(edit((p) => (p.mp.name = '')))).toEqual(['format']);
    });

    it('two branches whose names differ only in case or spacing', () => {
      expect(messages(edit((p) => (p.branches[1]!.name = ' ashbrook  WEST ')))).toContain('The branch name " ashbrook  WEST " is the same as another branch\'s, apart from case or spacing.');
    });

    it('pending in an interim passes; pending in a final is refused', () => {
      expect(good.status).toBe('interim');
      expect(good.branches[1]?.result).toBe('pending');
      expect(edit(() => undefined).ok).toBe(true);
      const v = edit((p) => (p.status = 'final'));
      expect(codes(v)).toContain('format');
      expect(messages(v)).toContain('The branch "Fernley South" is pending, but a final report has no pending unit: a unit that never reported is no-vote, did-not-report.');
    });

    it('a no-vote without its reason, a reason on a vote, an ineligible affiliate with a vote', () => {
      expect(codes(edit((p) => (p.affiliates[0]!.noVoteReason = null)))).toEqual(['format']);
      expect(codes(edit((p) => (p.branches[0]!.noVoteReason = 'declined')))).toEqual(['format']);
      expect(codes(edit((p) => (p.affiliates[0]!.result = 'selection')))).toContain('format');
      expect(codes(edit((p) => delete (p.branches[0] as Json).noVoteReason))).toEqual(['format']);
      expect(codes(edit((p) => ((p.branches[0] as Json).noVoteReason = 'bored')))).toEqual(['format']);
    });

    it('version 2 with version 1’s auditHead, or version 1’s message prefix', () => {
      expect(codes(edit((p) => ((p as Json).auditHead = p.history.head)))).toEqual(['format']);
      const asV1 = JSON.parse(signAnyPayload(good, 1)) as Json;
      expect(codes(verifyReport(JSON.stringify({ ...asV1, version: 2 })))).toEqual(['signature']);
    });
  });

  describe('2 signature', () => {
    it('a changed payload, and a keyId of another key', () => {
      const e = JSON.parse(signAnyPayload(good)) as { payload: Payload; signature: Json };
      e.payload.outcome.triggered = !e.payload.outcome.triggered;
      expect(codes(verifyReport(JSON.stringify(e)))).toEqual(['signature', 'outcome']);
      const f = JSON.parse(signAnyPayload(good)) as { signature: Json };
      f.signature.keyId = generateSigningKey().keyId;
      expect(messages(verifyReport(JSON.stringify(f)))).toEqual(['The keyId does not belong to the public key in the report.']);
    });
  });

  describe('3 trust', () => {
    it('a key trusted for another CLP, or revoked', () => {
      const key = generateSigningKey();
      const text = signAnyPayload(good, 2, key);
      const entry = { clp: good.clp.name, keyId: key.keyId, publicKey: key.publicKeyRaw.toString('base64'), revoked: false };
      expect(verifyReport(text, [entry]).ok).toBe(true);
      expect(codes(verifyReport(text, [{ ...entry, clp: 'Another CLP' }]))).toEqual(['trust']);
      expect(codes(verifyReport(text, [{ ...entry, revoked: true }]))).toEqual(['trust']);
    });
  });

  describe('4 branch-votes', () => {
    it('a result the votes do not give, and inquorate claimed of a quorate meeting', () => {
      expect(codes(edit((p) => (p.branches[0]!.meeting!.votes = { selection: 1, reselect: 9, abstain: 0, spoilt: 0 })))).toEqual(['branch-votes']);
      const v = edit((p) => {
        p.branches[0]!.result = 'no-vote';
        p.branches[0]!.noVoteReason = 'inquorate';
        p.outcome.branches = { ...p.outcome.branches, selection: 0, noVote: 1 };
        p.outcome.triggered = false;
      });
      expect(messages(v)).toContain('Ashbrook West: the reason for no vote is "inquorate", but the report gives a quorate meeting.');
      expect(v.problems.filter((x) => x.code === 'branch-votes')).toHaveLength(2); // the votes give selection, too
    });
  });

  describe('5 outcome', () => {
    it('pending counts, certain and an ineligible affiliate counted', () => {
      expect(codes(edit((p) => (p.outcome.branches.pending = 0)))).toEqual(['outcome']);
      const flipped = edit((p) => (p.outcome.certain = !p.outcome.certain));
      expect(codes(flipped)).toEqual(['outcome']);
      expect(messages(flipped)[0]).toMatch(/^The report says the outcome is (not )?certain/);
      expect(codes(edit((p) => (p.outcome.affiliates.noVote += 1)))).toEqual(['outcome']);
    });
  });

  describe('6 history', () => {
    it('links that do not chain to the head, and an entry count that is not the number of links', () => {
      const v = edit((p) => (p.history.links[0] = 'f'.repeat(64)));
      expect(codes(v)).toEqual(['history']);
      expect(messages(v)[0]).toMatch(/^The history's links do not chain to its head/);
      expect(messages(edit((p) => (p.history.entries += 1)))).toEqual([`The history says ${good.history.entries + 1} entries but gives ${good.history.links.length} links.`]);
      expect(codes(edit((p) => (p.history.links = p.history.links.slice(1))))).toEqual(['history']);
      expect(codes(edit((p) => (p.history.links[0] = p.history.links[0]!.toUpperCase())))).toEqual(['format']);
    });
  });
});

describe('the same report however it is written', () => {
  const svc = readyToReport();
  const original = exportOf(svc).json;

  it('re-encoded, re-ordered, or with -0 and 2.0 for numbers: the same canonical payload and hash, and still valid', () => {
    const e = JSON.parse(original) as { payload: Payload };
    const compact = JSON.stringify(e);
    const reordered = JSON.stringify({ signature: (e as Json).signature, payload: Object.fromEntries(Object.entries(e.payload).reverse()), version: 2, format: 'teller-report' });
    const minusZero = original.replace('"tie": 0', '"tie": -0').replace('"revision": 1', '"revision": 1.0');
    expect(minusZero).not.toBe(original);
    const a = verifyReport(original);
    for (const copy of [compact, reordered, minusZero]) {
      const b = verifyReport(copy);
      expect(b.problems).toEqual([]);
      expect(b.canonicalPayload).toBe(a.canonicalPayload);
      expect(b.payloadSha256).toBe(a.payloadSha256);
    }
    expect(a.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.canonicalPayload).toBe(canonicalJson(e.payload));
  });

  it('gives the CLP name normalised for comparison', () => {
    expect(verifyReport(original).clpKey).toBe('ashbrook and larkhill');
    expect(normaliseClpName('  Ynys Mo\u0302n ')).toBe(normaliseClpName('YNYS  M\u00d4N'));
    expect(normaliseClpName('Straße')).toBe(normaliseClpName('STRASSE'));
  });

  it('a file over 5 MB is refused by its size, with no payload and nothing hashed', () => {
    const v = verifyReport(original + ' '.repeat(MAX_REPORT_BYTES));
    expect(v).toMatchObject({ ok: false, envelope: null, canonicalPayload: null, payloadSha256: null, clpKey: null });
    expect(messages(v)).toEqual([expect.stringMatching(/^The file is larger than 5 MB \(it is [\d,]+ bytes\): it is not a Teller report\.$/)]);
  });
});

describe('version 1 files are checked exactly as before', () => {
  const svc = readyToReport();
  const v2 = payloadOf(exportOf(svc));
  const v1 = asVersion1(v2);

  it('a version 1 report verifies as version 1, with no certain', () => {
    const v = verifyReport(signAnyPayload(v1, 1));
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, version: 1, recomputed: { triggered: v2.outcome.triggered, share: v2.outcome.share } });
    expect(v.recomputed).not.toHaveProperty('certain');
  });

  it('keeps version 1’s leniency: a repeated member name (last wins) and a huge revision pass, as they always did', () => {
    const text = signAnyPayload({ ...v1, revision: 9007199254740991 }, 1);
    expect(verifyReport(text).ok).toBe(true);
    expect(verifyReport(text.replace('"format": "teller-report",', '"format": "other", "format": "teller-report",')).ok).toBe(true);
  });

  it('a version 1 envelope holding a version 2 payload is refused as format', () => {
    expect(codes(verifyReport(signAnyPayload(v2, 1)))).toEqual(['format']);
  });
});

describe('the I-JSON check on its own', () => {
  it('accepts exact integers however spelt, and nothing beyond 2^53 − 1', () => {
    for (const s of ['0', '-0', '2.0', '2e0', '0.2e1', '20e-1', '9007199254740991', '-9007199254740991', '0e999999999']) expect([s, isExactInteger(s)]).toEqual([s, true]);
    for (const s of ['1.5', '9007199254740992', '1e16', '1e400', '0.1', '1.0000000000000000001', '1e-1', '1e9999999999']) expect([s, isExactInteger(s)]).toEqual([s, false]);
  });

  it('lists at most ten problems, and copes with any depth', () => {
    const many = `{${Array.from({ length: 50 }, () => '"a":1').join(',')}}`;
    expect(iJsonProblems(many)).toHaveLength(10);
    expect(iJsonProblems('['.repeat(100_000) + ']'.repeat(100_000))).toEqual([]);
    expect(iJsonProblems('{"a":{"b":1},"c":{"b":1}}')).toEqual([]);
    expect(iJsonProblems('[{"b":1},{"b":1,"b":2}]')).toEqual(['[1].b appears more than once in the same object; I-JSON does not allow a repeated member name.']);
  });
});

describe('trust files', () => {
  it('refuse an entry whose publicKey is not the key its keyId names', () => {
    const a = generateSigningKey();
    const b = generateSigningKey();
    const entry = { clp: 'Ashbrook and Larkhill', keyId: a.keyId, publicKey: a.publicKeyRaw.toString('base64'), revoked: false };
    expect(readTrustFile(JSON.stringify({ keys: [entry] }))).toEqual([entry]);
    expect(() => readTrustFile(JSON.stringify({ keys: [{ ...entry, publicKey: b.publicKeyRaw.toString('base64') }] }))).toThrow(/^entry 1 \(Ashbrook and Larkhill\) gives the keyId [0-9a-f ]+, but its publicKey is a different key/);
  });
});

describe('the worked example of docs/formats/report-v2.md', () => {
  it('has the shape, rules, outcome and history of version 2 (signed here with a fresh key)', () => {
    const doc = fs.readFileSync('docs/formats/report-v2.md', 'utf8');
    const block = /## 4\. Worked example[\s\S]*?```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const env = JSON.parse(block!.replace('"<64 hex>"', `"${'5'.repeat(64)}"`)) as { payload: Payload };
    const v = verifyReport(signAnyPayload(env.payload));
    expect(v.problems).toEqual([]);
    expect(v.recomputed).toEqual({ triggered: true, share: null, certain: true });
  });
});

describe('the head of a history', () => {
  it('is the links chained one by one with nextHead, whatever they are', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 40 }), (raw) => {
        const links = raw.map((b) => Buffer.from(b).toString('hex'));
        expect(chainHead(links)).toBe(links.reduce(nextHead, EMPTY_HEAD));
      }),
    );
  });
});
