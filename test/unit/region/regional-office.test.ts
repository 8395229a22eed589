import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { ExportedReportInfo, Job, Signing } from '../../../shared/api';
import { sealUpload } from '../../../db/files/staged-files';
import { fingerprint } from '../../../shared/report/fingerprint';
import { importReport, refusedReports, regionOverview, revokeKey, trustedKeys, trustKey } from '../../../db/region/regional-office';
import { openService } from '../db/fixtures';
import { readyToReport } from '../report/fixtures';

function office() {
  const svc = openService();
  const store = svc.service.store;
  return {
    svc,
    office: {
      trust: (clp: string, key: string) => trustKey(store, clp, key),
      revoke: (clp: string, keyId: string) => revokeKey(store, clp, keyId),
      importReport: (fileName: string, text: string) => importReport(store, fileName, text),
      overview: () => regionOverview(store),
      refused: () => refusedReports(store),
      keys: () => trustedKeys(store),
    },
  };
}

describe('the regional office', () => {
  const clp = readyToReport();
  const keyId = clp.ok<Signing>('getSigning').current!.keyId;
  const r1 = clp.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
  const r2 = clp.ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' });

  it('trusts a key by its fingerprint as read out by phone, and accepts that CLP’s report', () => {
    const { office: o } = office();
    o.trust('Ashbrook and Larkhill', fingerprint(keyId));
    expect(o.importReport('a-r1.teller.json', r1.json)).toMatchObject({ verdict: 'accepted', clp: 'Ashbrook and Larkhill', revision: 1, problems: [] });
    expect(o.overview()).toMatchObject([{ clp: 'Ashbrook and Larkhill', revision: 1, status: 'interim', triggered: false, share: '1/4', branchesReporting: 2, branches: 2 }]);
    expect(o.keys()).toMatchObject([{ keyId, reports: [{ clp: 'Ashbrook and Larkhill', revision: 1, status: 'interim' }], publicKey: expect.any(String) as unknown }]);
  });

  it('accepts a report uploaded the browser host’s way (encrypted at rest), as it accepts the file itself', () => {
    const { svc, office: o } = office();
    o.trust('Ashbrook and Larkhill', fingerprint(keyId));
    const target = svc.service.staged.uploadTarget('a-r1.teller.json');
    fs.writeFileSync(target.path, sealUpload(target.key, r1.json));
    expect(fs.readFileSync(target.path).includes('Ashbrook and Larkhill')).toBe(false);
    svc.service.staged.uploaded(target.id);
    const job = svc.ok<Job>('importReports', { fileIds: [target.id] });
    expect(job).toMatchObject({ state: 'done', reports: [{ fileName: 'a-r1.teller.json', verdict: 'accepted', clp: 'Ashbrook and Larkhill', revision: 1 }] });
    expect(o.overview()).toMatchObject([{ clp: 'Ashbrook and Larkhill', revision: 1, status: 'interim' }]);
    expect(fs.existsSync(target.path)).toBe(false);
  });

  it('refuses a report whose key is not trusted, keeping it out of the totals with its reason', () => {
    const { office: o } = office();
    const r = o.importReport('a-r1.teller.json', r1.json);
    expect(r.verdict).toBe('refused');
    expect(r.problems.map((p) => p.code)).toEqual(['trust']);
    expect(o.overview()).toEqual([]);
    expect(o.refused()).toMatchObject([{ fileName: 'a-r1.teller.json', problems: [{ code: 'trust' }] }]);
  });

  it('lets a newer revision supersede an older one, keeps the history, and ignores the same file twice', () => {
    const { office: o } = office();
    o.trust('Ashbrook and Larkhill', keyId);
    o.importReport('r1', r1.json);
    o.importReport('r2', r2.json);
    expect(o.importReport('r2 again', r2.json).verdict).toBe('duplicate');
    const [row] = o.overview();
    expect(row).toMatchObject({ revision: 2, status: 'final' });
    expect(row?.history.map((h) => [h.revision, h.accepted])).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('does not let an older revision arriving late replace a newer one', () => {
    const { office: o } = office();
    o.trust('Ashbrook and Larkhill', keyId);
    o.importReport('r2', r2.json);
    expect(o.importReport('r1', r1.json).verdict).toBe('superseded-already');
    expect(o.overview()[0]?.revision).toBe(2);
  });

  it('refuses a tampered report with its reason, and a revoked key', () => {
    const { office: o } = office();
    o.trust('Ashbrook and Larkhill', keyId);
    const tampered = r1.json.replace('"triggered": false', '"triggered": true');
    expect(o.importReport('tampered', tampered).problems.map((p) => p.code)).toEqual(['signature', 'outcome']);
    o.revoke('Ashbrook and Larkhill', keyId);
    expect(o.importReport('r2', r2.json).problems[0]?.message).toMatch(/was revoked/);
    expect(o.overview()).toEqual([]);
  });

  it('refuses a key that is neither a fingerprint nor a public key', () => {
    const { office: o } = office();
    expect(() => o.trust('Ashbrook and Larkhill', 'abc')).toThrow(/neither a fingerprint/);
    expect(() => o.trust('  ', keyId)).toThrow(/CLP's name/);
  });
});
