import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedReportInfo, Job, ReceivedFile, Region, RegionClp, RegionOffice, ReportImportRow, Signing, TrustedKeyRow, TrustKeyCheck } from '../../../shared/api';
import { sealUpload } from '../../../db/files/staged-files';
import { fingerprint } from '../../../shared/report/fingerprint';
import { nearMissKeys } from '../../../shared/report/fingerprint-near-miss';
import { clpKey } from '../../../db/region/clp-key';
import { MAX_REPORT_BYTES } from '../../../db/signing/verify-report';
import { openService, tempDir } from '../db/fixtures';
import { readyToReport } from '../report/fixtures';
import { newKey, payload, signed } from './hostile-reports';

/** A regional office on a real store, driven through the Api as the app drives it. */
function office() {
  const svc = openService();
  const dir = tempDir();
  let n = 0;
  const stage = (name: string, content: string | Buffer) => {
    const file = path.join(dir, String(n++), name);
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, content);
    return svc.service.staged.add(file);
  };
  const run = (job: Job): ReportImportRow[] => {
    if (job.state !== 'done' || !job.reports) throw new Error(`the job ended ${job.state}: ${job.message ?? ''}`);
    return job.reports;
  };
  const o = {
    svc,
    trust: (clp: string, key: string) => svc.ok<TrustKeyCheck & { keys: TrustedKeyRow[] }>('trustKey', { clp, key }),
    revoke: (keyId: string, clp?: string) => svc.ok<TrustedKeyRow[]>('revokeKey', { keyId, ...(clp === undefined ? {} : { clp }) }),
    importFiles: (...files: { name: string; content: string | Buffer }[]) => run(svc.ok<Job>('importReports', { fileIds: files.map((f) => stage(f.name, f.content)) })),
    import: (name: string, content: string | Buffer) => o.importFiles({ name, content })[0]!,
    recheck: (...ids: number[]) => run(svc.ok<Job>('recheckReports', { ids })),
    region: () => svc.ok<Region>('getRegion'),
    rows: () => svc.ok<Region>('getRegion').rows,
    files: () => svc.ok<ReceivedFile[]>('listReceivedFiles'),
    clp: (ballotId: string) => svc.ok<RegionClp>('getRegionClp', { ballotId }),
    keys: () => svc.ok<TrustedKeyRow[]>('listTrustedKeys'),
  };
  return o;
}

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('the regional office, with reports Teller exported', () => {
  const clp = readyToReport();
  const keyId = clp.ok<Signing>('getSigning').current!.keyId;
  const r1 = clp.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
  const r2 = clp.ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' });

  it('trusts a key by its fingerprint as read out by phone, and accepts that CLP’s report', () => {
    const o = office();
    o.trust('Ashbrook and Larkhill', fingerprint(keyId));
    expect(o.import('a-r1.teller.json', r1.json)).toMatchObject({ verdict: 'accepted', clp: 'Ashbrook and Larkhill', revision: 1, problems: [] });
    expect(o.rows()).toMatchObject([{ clp: 'Ashbrook and Larkhill', revision: 1, status: 'interim', triggered: false, share: '1/4', branchesReporting: 2, branches: 2, revokedKey: false }]);
    expect(o.keys()).toMatchObject([{ keyId, reports: [{ clp: 'Ashbrook and Larkhill', revision: 1, status: 'interim' }], publicKey: expect.any(String) as unknown }]);
  });

  it('accepts a report uploaded the browser host’s way (encrypted at rest), as it accepts the file itself', () => {
    const o = office();
    o.trust('Ashbrook and Larkhill', fingerprint(keyId));
    const target = o.svc.service.staged.uploadTarget('a-r1.teller.json');
    fs.writeFileSync(target.path, sealUpload(target.key, r1.json));
    expect(fs.readFileSync(target.path).includes('Ashbrook and Larkhill')).toBe(false);
    o.svc.service.staged.uploaded(target.id);
    const job = o.svc.ok<Job>('importReports', { fileIds: [target.id] });
    expect(job).toMatchObject({ state: 'done', reports: [{ fileName: 'a-r1.teller.json', verdict: 'accepted', clp: 'Ashbrook and Larkhill', revision: 1 }] });
    expect(o.rows()).toMatchObject([{ clp: 'Ashbrook and Larkhill', revision: 1, status: 'interim' }]);
    expect(fs.existsSync(target.path)).toBe(false);
  });

  it('lets a newer revision supersede an older one, keeps the history, and calls the same report again a duplicate', () => {
    const o = office();
    o.trust('Ashbrook and Larkhill', keyId);
    o.import('r1', r1.json);
    o.import('r2', r2.json);
    expect(o.import('r2 again', r2.json).verdict).toBe('duplicate');
    const [row] = o.rows();
    expect(row).toMatchObject({ revision: 2, status: 'final', standing: 'final' });
    expect(row?.history.map((h) => [h.revision, h.verdict])).toEqual([
      [1, 'accepted'],
      [2, 'accepted'],
      [2, 'duplicate'],
    ]);
  });

  it('never lets an older revision arriving late replace the newer one: version 2 refuses it (continuity), version 1 keeps it as history', () => {
    const o = office();
    o.trust('Ashbrook and Larkhill', keyId);
    o.import('r2', r2.json);
    expect(codes(o.import('r1', r1.json))).toEqual(['continuity']);
    expect(o.rows().map((r) => r.revision)).toEqual([2]);
    const key = newKey();
    o.trust('Northgate and Eastmere', key.keyId);
    const p = payload();
    o.import('v1 r2', signed({ ...p, revision: 2 }, key));
    expect(o.import('v1 r1', signed(p, key)).verdict).toBe('accepted');
    expect(o.rows().map((r) => [r.clp, r.revision])).toEqual([
      ['Ashbrook and Larkhill', 2],
      ['Northgate and Eastmere', 2],
    ]);
  });

  it('refuses a tampered report with its reasons', () => {
    const o = office();
    o.trust('Ashbrook and Larkhill', keyId);
    const tampered = r1.json.replace('"triggered": false', '"triggered": true');
    expect(codes(o.import('tampered', tampered))).toEqual(['signature', 'outcome']);
    expect(o.rows()).toEqual([]);
  });
});

describe('files received, and a refused file checked again', () => {
  it('refuses a report from a key not yet trusted, then, once the key is trusted, re-checking it accepts it and fills the overview', () => {
    const o = office();
    const key = newKey();
    const text = signed(payload(), key);
    const refused = o.import('northgate-r1.teller.json', text);
    expect(refused).toMatchObject({ verdict: 'refused', problems: [{ code: 'trust', message: `Key ${fingerprint(key.keyId)} is not trusted for Northgate and Eastmere.` }] });
    expect(o.rows()).toEqual([]);
    expect(o.files()).toMatchObject([{ id: refused.fileId, fileName: 'northgate-r1.teller.json', verdict: 'refused', codes: ['trust'], canRecheck: true, clp: 'Northgate and Eastmere', revision: 1 }]);
    expect(o.region().refused).toMatchObject([{ fileName: 'northgate-r1.teller.json', problems: [{ code: 'trust' }] }]);

    o.trust('Northgate and Eastmere', fingerprint(key.keyId));
    expect(o.recheck(refused.fileId)).toMatchObject([{ fileId: refused.fileId, verdict: 'accepted', problems: [] }]);
    expect(o.rows()).toMatchObject([{ clp: 'Northgate and Eastmere', revision: 1 }]);
    expect(o.files()).toMatchObject([{ id: refused.fileId, verdict: 'accepted', codes: [], canRecheck: false }]);
    expect(o.region().refused).toEqual([]);
    // Once accepted, there is nothing to check again: said in words, nothing changed.
    const again = o.svc.call('recheckReports', { ids: [refused.fileId] });
    expect(again).toMatchObject({ ok: false, error: { message: 'northgate-r1.teller.json was not refused, so there is nothing to check again. Nothing has been checked.' } });
  });

  it('checks the same refused file chosen again afresh, rather than answering "already imported"', () => {
    const o = office();
    const key = newKey();
    const text = signed(payload(), key);
    const first = o.import('r1.json', text);
    expect(first.verdict).toBe('refused');
    o.trust('Northgate and Eastmere', key.keyId);
    const second = o.import('r1.json', text);
    expect(second).toMatchObject({ fileId: first.fileId, verdict: 'accepted' });
    expect(o.files()).toHaveLength(1);
    expect(o.rows()).toHaveLength(1);
  });

  it('refuses two different files over 5 MB for their size, never hashing either, and neither is a duplicate of the other', () => {
    const o = office();
    const big = (c: string) => Buffer.alloc(MAX_REPORT_BYTES + 1, c);
    const [a, b] = o.importFiles({ name: 'big-a.json', content: big('a') }, { name: 'big-b.json', content: big('b') });
    for (const r of [a, b]) expect(r).toMatchObject({ verdict: 'refused', problems: [{ code: 'format', message: 'The file is larger than 5 MB (it is 5,242,881 bytes): it is not a Teller report.' }] });
    expect(o.files().map((f) => [f.fileName, f.verdict, f.size, f.canRecheck])).toEqual([
      ['big-b.json', 'refused', MAX_REPORT_BYTES + 1, false],
      ['big-a.json', 'refused', MAX_REPORT_BYTES + 1, false],
    ]);
    const raw = o.svc.service.store.db.prepare('SELECT file_sha256, bytes FROM region_file').all() as { file_sha256: string | null; bytes: Buffer | null }[];
    expect(raw).toEqual([
      { file_sha256: null, bytes: null },
      { file_sha256: null, bytes: null },
    ]);
  });
});

describe('check 9, revision: duplicates by content, conflicts, and interim after final', () => {
  it('calls a re-serialised copy, a copy with -0, and a copy with members reordered duplicates: the overview lists r1 once', () => {
    const o = office();
    const key = newKey();
    o.trust('Northgate and Eastmere', key.keyId);
    const text = signed(payload(), key);
    const compact = JSON.stringify(JSON.parse(text));
    const minusZero = text.replace('"overrides": 0', '"overrides": -0');
    const env = JSON.parse(text) as { payload: Record<string, unknown> };
    const reordered = JSON.stringify({ ...env, payload: Object.fromEntries(Object.entries(env.payload).reverse()) }, null, '\t');
    expect(minusZero).not.toBe(text);
    const verdicts = o.importFiles({ name: 'r1', content: text }, { name: 'r1 compact', content: compact }, { name: 'r1 -0', content: minusZero }, { name: 'r1 reordered', content: reordered });
    expect(verdicts.map((v) => v.verdict)).toEqual(['accepted', 'duplicate', 'duplicate', 'duplicate']);
    expect(o.rows()).toHaveLength(1);
    expect(o.rows()[0]!.history.filter((h) => h.accepted)).toHaveLength(1);
  });

  it('refuses a different report under a revision already held as a conflicting revision', () => {
    const o = office();
    const key = newKey();
    o.trust('Northgate and Eastmere', key.keyId);
    const p = payload();
    o.import('r1', signed(p, key));
    const other = o.import('r1 changed', signed({ ...p, complaints: { total: 2, open: 0, byCategory: { procedure: 2 } } }, key));
    expect(other).toMatchObject({ verdict: 'refused', problems: [{ code: 'revision', message: 'Revision 1 of this ballot is already held with different contents: this is a conflicting revision.' }] });
    expect(o.rows()[0]!.openComplaints).toBe(1);
  });

  it('refuses an interim r4 issued after a final r3: the overview keeps the final, and "final" still finds the CLP', () => {
    const o = office();
    const key = newKey();
    o.trust('Northgate and Eastmere', key.keyId);
    const p = payload();
    expect(o.import('r3', signed({ ...p, revision: 3, status: 'final', issuedAt: '2026-07-18T10:00:00Z' }, key)).verdict).toBe('accepted');
    const r4 = o.import('r4', signed({ ...p, revision: 4, status: 'interim', issuedAt: '2026-07-19T10:00:00Z' }, key));
    expect(r4).toMatchObject({ verdict: 'refused', problems: [{ code: 'revision', message: 'An interim report cannot replace the final report already held (revision 3).' }] });
    expect(o.rows()).toMatchObject([{ revision: 3, status: 'final', standing: 'final' }]);
  });

  it('shows the latest final revision even when an interim with a higher number arrived first', () => {
    const o = office();
    const key = newKey();
    o.trust('Northgate and Eastmere', key.keyId);
    const p = payload();
    o.import('r4', signed({ ...p, revision: 4, status: 'interim' }, key));
    expect(o.import('r3', signed({ ...p, revision: 3, status: 'final' }, key)).verdict).toBe('accepted');
    expect(o.rows()).toMatchObject([{ revision: 3, status: 'final' }]);
  });
});

describe('check 7, binding: a ballot belongs to the CLP that first reported it', () => {
  it('refuses CLP B reusing A’s ballotId with revision 99; A stays, and A’s final report is accepted afterwards', () => {
    const o = office();
    const a = newKey();
    const b = newKey();
    o.trust('Northgate and Eastmere', a.keyId);
    o.trust('Westhaven', b.keyId);
    const pa = payload();
    expect(o.import('a-r1', signed(pa, a)).verdict).toBe('accepted');
    const hijack = o.import('b-r99', signed({ ...pa, clp: { name: 'Westhaven', code: null }, revision: 99 }, b));
    expect(hijack).toMatchObject({
      verdict: 'refused',
      problems: [{ code: 'binding', message: `Ballot ${pa.ballotId} belongs to Northgate and Eastmere, which reported it first: a report naming Westhaven cannot be added to it.` }],
    });
    expect(o.rows()).toMatchObject([{ clp: 'Northgate and Eastmere', revision: 1 }]);
    expect(o.import('a-r2', signed({ ...pa, revision: 2, status: 'final' }, a)).verdict).toBe('accepted');
    expect(o.rows()).toMatchObject([{ clp: 'Northgate and Eastmere', revision: 2, status: 'final' }]);
  });

  it('refuses B’s key signing a report in A’s name (not trusted for A), and A’s name with a zero-width space cannot dodge it', () => {
    const o = office();
    const a = newKey();
    const b = newKey();
    o.trust('Northgate and Eastmere', a.keyId);
    o.trust('Westhaven', b.keyId);
    const pa = payload();
    o.import('a-r1', signed(pa, a));
    const forged = o.import('forged', signed({ ...pa, revision: 2, clp: { name: 'Northgate\u200b and Eastmere', code: null } }, b));
    expect(forged.verdict).toBe('refused');
    expect(codes(forged)).toEqual(['trust']);
    expect(o.rows()).toMatchObject([{ revision: 1 }]);
  });

  it('lets a new key trusted for the same CLP carry on its ballot (a key replaced)', () => {
    const o = office();
    const old = newKey();
    const next = newKey();
    o.trust('Northgate and Eastmere', old.keyId);
    const p = payload();
    o.import('r1', signed(p, old));
    o.trust('Northgate and Eastmere', next.keyId);
    expect(o.import('r2', signed({ ...p, revision: 2 }, next)).verdict).toBe('accepted');
  });
});

describe('names compared normalised, and check 10, revoked', () => {
  const nfd = 'Ynys Mo\u0302n';
  const nfc = 'Ynys Môn';

  it('accepts the NFC report from a key trusted under the NFD spelling, and keeps the name in NFC', () => {
    const o = office();
    const key = newKey();
    expect(o.trust(nfd, key.keyId).clp).toBe(nfc);
    expect(o.import('r1', signed(payload({ clp: { name: nfc, code: null } }), key)).verdict).toBe('accepted');
    // Trusting it again in the other spelling is the same entry.
    o.trust(nfc, fingerprint(key.keyId));
    expect(o.keys()).toHaveLength(1);
    expect(clpKey(nfd)).toBe(clpKey(nfc));
  });

  it('revoked under one spelling is revoked under every spelling: r5 after the revocation is refused, a report from before is kept, flagged', () => {
    const o = office();
    const key = newKey();
    o.trust(nfc, key.keyId);
    const p = payload({ clp: { name: nfc, code: null }, issuedAt: '2026-06-01T09:00:00Z' });
    expect(o.import('r1', signed(p, key)).verdict).toBe('accepted');
    o.revoke(fingerprint(key.keyId));
    // Already accepted: still counted, now marked.
    expect(o.rows()).toMatchObject([{ revision: 1, revokedKey: true }]);
    expect(o.files()[0]).toMatchObject({ verdict: 'flagged', codes: ['revoked'] });
    // Issued after the revocation, naming the NFD form: refused.
    const r5 = o.import('r5', signed({ ...p, clp: { name: nfd, code: null }, revision: 5, issuedAt: '2026-07-01T09:00:00Z' }, key));
    expect(r5.verdict).toBe('refused');
    expect(codes(r5)).toEqual(['revoked']);
    expect(r5.problems[0]!.message).toMatch(/^Key .* was revoked for Ynys Mo\u0302n at 2026-06-14 20:00:\d\d UTC, and this report was issued after that \(2026-07-01 09:00:00 UTC\)\.$/);
    // Issued before the revocation: kept, listed, marked.
    const r2 = o.import('r2', signed({ ...p, revision: 2, issuedAt: '2026-06-02T09:00:00Z' }, key));
    expect(r2.verdict).toBe('flagged');
    expect(codes(r2)).toEqual(['revoked']);
    expect(o.rows()).toMatchObject([{ revision: 2, revokedKey: true }]);
    // A revoked key cannot be trusted again.
    expect(o.svc.call('trustKey', { clp: nfd, key: key.keyId })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/a revoked key cannot be trusted again/) as unknown } });
  });

  it('refuses a CLP name with invisible characters when trusting, changing nothing', () => {
    const o = office();
    expect(o.svc.call('trustKey', { clp: 'Ynys\u200b Môn', key: newKey().keyId })).toMatchObject({ ok: false, error: { field: 'clp' } });
    expect(o.svc.call('trustKey', { clp: 'Ynys Môn', key: 'abc' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/neither a fingerprint/) as unknown } });
    expect(o.keys()).toEqual([]);
  });
});

describe('near-miss fingerprints', () => {
  const flip = (keyId: string, at: number) => keyId.slice(0, at) + (keyId[at] === '0' ? '1' : '0') + keyId.slice(at + 1);

  it('warns when a fingerprint differs in exactly one group from a trusted or revoked key, and not otherwise', () => {
    const o = office();
    const a = newKey();
    o.trust('Northgate and Eastmere', a.keyId);
    const oneGroup = flip(a.keyId, 9); // group 3
    const check = o.svc.ok<TrustKeyCheck>('checkTrustKey', { clp: 'Westhaven', key: fingerprint(oneGroup) });
    expect(check.warnings).toMatchObject([{ keyId: a.keyId, clp: 'Northgate and Eastmere', group: 3, revoked: false }]);
    expect(check.warnings[0]!.message).toMatch(/^This fingerprint differs in only one group \(group 3: .{4} here, .{4} there\) from the key trusted for Northgate and Eastmere/);
    expect(o.keys()).toHaveLength(1); // checking changes nothing
    const trusted = o.trust('Westhaven', oneGroup);
    expect(trusted.warnings).toHaveLength(1);
    o.revoke(a.keyId);
    expect(o.svc.ok<TrustKeyCheck>('checkTrustKey', { clp: 'Eastport', key: flip(a.keyId, 30) }).warnings.map((w) => [w.keyId, w.revoked])).toEqual([[a.keyId, true]]);
    // Two groups off, or the very same key: no near miss.
    expect(nearMissKeys(flip(flip(a.keyId, 0), 31), [{ keyId: a.keyId, clp: 'x', revoked: false }])).toEqual([]);
    expect(nearMissKeys(a.keyId, [{ keyId: a.keyId, clp: 'x', revoked: false }])).toEqual([]);
  });
});

describe('the store as a regional office', () => {
  it('starts at trusting a key, then importing, then the overview; a CLP’s own store cannot become one', () => {
    const o = office();
    expect(o.svc.ok<RegionOffice>('getRegionOffice')).toMatchObject({ regional: false, start: 'trust-key' });
    expect(o.svc.ok<RegionOffice>('setRegionOffice', { name: 'North of Somewhere' })).toMatchObject({ regional: true, name: 'North of Somewhere', start: 'trust-key' });
    const key = newKey();
    o.trust('Northgate and Eastmere', key.keyId);
    expect(o.svc.ok<RegionOffice>('getRegionOffice')).toMatchObject({ start: 'import-reports', trustedKeys: 1 });
    o.import('r1', signed(payload(), key));
    expect(o.svc.ok<RegionOffice>('getRegionOffice')).toMatchObject({ start: 'overview', reportsAccepted: 1 });

    const secretary = readyToReport();
    expect(secretary.call('setRegionOffice', { name: null })).toMatchObject({ ok: false, error: { message: "This store holds a CLP's own records: a regional office needs a store of its own. Nothing has been changed." } });
    expect(secretary.ok<RegionOffice>('getRegionOffice').regional).toBe(false);
  });
});

describe('the drill-down', () => {
  it('opens one CLP to its branches, meetings, affiliates and every revision received with its verdict', () => {
    const o = office();
    const key = newKey();
    o.trust('Northgate and Eastmere', key.keyId);
    const p = payload();
    o.import('r1.json', signed(p, key));
    o.import('r2.json', signed({ ...p, revision: 2, complaints: { total: 1, open: 0, byCategory: { procedure: 1 } } }, key));
    o.import('r2 copy.json', JSON.stringify(JSON.parse(signed({ ...p, revision: 2, complaints: { total: 1, open: 0, byCategory: { procedure: 1 } } }, key))));
    const d = o.clp(p.ballotId);
    expect(d).toMatchObject({ clp: 'Northgate and Eastmere', revision: 2, status: 'interim', version: 1, complaints: { open: 0 }, revokedKey: false });
    expect(d.branches.map((b) => [b.name, b.result, b.meeting?.votes.selection, b.meeting?.corrected])).toEqual([
      ['North Ward', 'selection', 12, null],
      ['South Ward', 'reselect', 4, null],
    ]);
    expect(d.affiliates).toMatchObject([{ name: 'Invented Workers Union', result: 'no-vote', eligible: null, decision: null }]);
    expect(d.revisions.map((r) => [r.fileName, r.revision, r.verdict, r.continuity?.state ?? null])).toEqual([
      ['r1.json', 1, 'accepted', 'not-available'],
      ['r2.json', 2, 'accepted', 'not-available'],
      ['r2 copy.json', 2, 'duplicate', null],
    ]);
    expect(o.svc.call('getRegionClp', { ballotId: 'no-such-ballot' })).toMatchObject({ ok: false, error: { message: 'No report of that ballot has been accepted.' } });
  });
});
