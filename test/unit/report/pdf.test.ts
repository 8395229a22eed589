import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportedReportInfo } from '../../../shared/api';
import { fingerprint } from '../../../shared/report/fingerprint';
import { pdfSafe } from '../../../shared/report/pdf-writer';
import { regionCsv, type RegionRowLike } from '../../../shared/report/region-csv';
import { regionPdf } from '../../../shared/report/region-summary';
import { reportPdf } from '../../../shared/report/report-pdf';
import type { ReportEnvelope } from '../../../shared/report/report-schema';
import { tempDir } from '../db/fixtures';
import { readyToReport } from './fixtures';

/** The text of a PDF as poppler reads it (Debian's poppler-utils). */
function pdfText(bytes: Uint8Array): string {
  const file = path.join(tempDir(), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('the report PDF', () => {
  it('carries the same facts as the JSON, the key fingerprint, the file hash and the audit head', async () => {
    const svc = readyToReport();
    const r = svc.ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' });
    const env = JSON.parse(r.json) as ReportEnvelope;
    const text = pdfText(await reportPdf(env, r.sha256, { open: 1 }));
    for (const fact of [
      'Ashbrook and Larkhill (E14009999): trigger ballot report',
      'Sitting MP: Imogen Carrow',
      'FINAL report, revision 1',
      'A selection is NOT triggered. Combined selection share 25% (1/4).',
      'Ashbrook West',
      '15 / 10 / 2 / 1',
      'Health Service Staff Union, Ashbrook',
      'By status: open 1',
      fingerprint(r.keyId),
      r.sha256,
      env.payload.auditHead,
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(fact);
    }
    expect(text).not.toMatch(/Hana|Garside|Aoife|Dunstable/);
  });

  it('draws names its fonts cannot hold without failing', () => {
    expect(pdfSafe('Zoë O’Dwyer — Łukasz ✓')).toBe('Zoë O’Dwyer — Lukasz ?');
  });
});

describe('the regional summary', () => {
  const rows: RegionRowLike[] = [
    { clp: '=HYPERLINK("http://x","Ashbrook")', revision: 2, status: 'final', issuedAt: '2026-07-18T10:00:00Z', triggered: true, share: '3/5', threshold: '1/2', method: 'college', branchesReporting: 8, branches: 9, affiliatesReporting: 10, affiliates: 12, complaints: 3, openComplaints: 1, standing: 'final', branchesPending: 1, affiliatesPending: 2, revokedKey: true },
    { clp: 'Fernley South', revision: 1, status: 'interim', issuedAt: '2026-07-01T10:00:00Z', triggered: false, share: null, threshold: '1/3', method: 'either', branchesReporting: 2, branches: 7, affiliatesReporting: 0, affiliates: 5, complaints: 0, openComplaints: 0 },
  ];
  it('exports CSV with formula cells defused', () => {
    const csv = regionCsv(rows);
    expect(csv.split('\r\n')[0]).toBe('CLP,Status,Revision,Issued,Triggered,Share,Threshold,Branches reporting,Affiliates reporting,Complaints,Open complaints,Standing,Branches pending,Affiliates pending,Signed by a revoked key');
    expect(csv).toContain('"\'=HYPERLINK(""http://x"",""Ashbrook"")",final,2,18 July 2026,yes,60%,50%,8 of 9,10 of 12,3,1,final,1,2,yes');
    expect(csv).toContain('Fernley South,interim,1,1 July 2026,no,per class,33.33%,2 of 7,0 of 5,0,0,,,,');
  });
  it('exports a PDF with every CLP', async () => {
    const text = pdfText(await regionPdf('North Region', rows));
    expect(text).toContain('North Region: trigger ballots');
    expect(text).toContain('Fernley South');
    expect(text.replace(/\s+/g, ' ')).toContain('2 CLPs with an accepted report; 1 triggered; 1 final.');
  });
});
