import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditVerdict, ExportedReportInfo, ReportHeadCheck } from '../../../shared/api';
import { canonicalJson } from '../../../shared/canonical-json';
import { readyToReport } from '../report/fixtures';
import { rawStore } from '../../test-store';
import { openService } from './fixtures';

type Row = { seq: number; at: string; actor: string; action: string; entity: string; entity_id: string | null; before: string | null; after: string | null };

/**
 * What someone with the sqlite3 command line and the published format can do: change the
 * file with `sql`, then give every entry its link and head again, and the head row too.
 */
function tamperAndRehash(file: string, sql: string) {
  const db = rawStore(file);
  db.exec(sql);
  const sha = (b: string | Buffer) => createHash('sha256').update(b).digest();
  let head = Buffer.alloc(32);
  const rows = db.prepare('SELECT * FROM audit_entry ORDER BY seq').all() as Row[];
  const update = db.prepare('UPDATE audit_entry SET link = ?, head = ? WHERE seq = ?');
  for (const r of rows) {
    const json = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));
    const link = sha(canonicalJson({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: json(r.before), after: json(r.after) }));
    head = sha(Buffer.concat([head, link]));
    update.run(link.toString('hex'), head.toString('hex'), r.seq);
  }
  db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(rows.length, head.toString('hex'));
  db.close();
}

/** A store with a report issued (revision 1) and a few changes after it, closed. */
function issued() {
  const svc = readyToReport();
  const report = svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
  svc.ok('addBranch', { name: 'Later Ward' });
  svc.ok('logComplaint', { receivedOn: '2026-06-12', complainant: '', contact: '', about: 'process', meetingId: null, category: 'other', summary: 'Later.' });
  const entries = svc.ok<AuditVerdict>('verifyAudit').entries;
  svc.service.close();
  // A version 2 report gives the chain's head as history.head (version 1 called it auditHead).
  const payload = (JSON.parse(report.json) as { payload: { history: { head: string }; ballotId: string } }).payload;
  const auditHead = { auditHead: payload.history.head, ballotId: payload.ballotId };
  return { svc, report, entries, auditHead };
}

const reopen = (file: string) => openService(path.dirname(file));

describe('issued heads', () => {
  it('are recorded with each export, in the same transaction as its audit entry', () => {
    const { svc, auditHead } = issued();
    const raw = rawStore(svc.storePath, { readonly: true });
    const row = raw.prepare('SELECT * FROM issued_head').get() as { revision: number; entries: number; head: string };
    const exportEntry = raw.prepare("SELECT seq FROM audit_entry WHERE action = 'report.export'").get() as { seq: number };
    raw.close();
    expect(row).toMatchObject({ revision: 1, entries: exportEntry.seq - 1, head: auditHead.auditHead });
    expect(reopen(svc.storePath).ok('verifyAudit')).toMatchObject({ ok: true, problems: [] });
  });

  it('catch an old entry rewritten and the chain re-hashed forward', () => {
    const { svc } = issued();
    tamperAndRehash(svc.storePath, `UPDATE audit_entry SET after = replace(after, 'reselect', 'selection') WHERE action = 'result.record'`);
    const v = reopen(svc.storePath).ok<AuditVerdict>('verifyAudit');
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Report revision 1 no longer matches the record: it was issued from the first \d+ entries/)]);
  });

  it('catch the tail cut off, reaching into a report, with the head row updated to match', () => {
    const { svc } = issued();
    tamperAndRehash(svc.storePath, `DELETE FROM audit_entry WHERE seq >= 5`);
    const v = reopen(svc.storePath).ok<AuditVerdict>('verifyAudit');
    expect(v).toMatchObject({ ok: false, entries: 4 });
    expect(v.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Report revision 1 was issued from the first \d+ entries, but the record no longer has them all/)]);
  });

  it('catch a recorded head that was deleted along with the rewrite', () => {
    const { svc } = issued();
    tamperAndRehash(svc.storePath, `DELETE FROM issued_head`);
    const v = reopen(svc.storePath).ok<AuditVerdict>('verifyAudit');
    expect(v.problems.map((p) => p.message)).toEqual(['Report revision 1 was exported, but the head it was issued from is no longer recorded: that record has been removed.']);
  });
});

describe('a report checked against the store', () => {
  it('matches while the record only grows, naming the entry it was issued after', () => {
    const { svc, auditHead, entries } = issued();
    const check = reopen(svc.storePath).ok<ReportHeadCheck>('checkReportHead', { auditHead: auditHead.auditHead, ballotId: auditHead.ballotId, revision: 1 });
    expect(check.ok).toBe(true);
    expect(check.entries).toBe(entries);
    expect(check.message).toMatch(/^The record still extends what this report was issued from: its audit head is the record's head after entry \d+/);
  });

  it('fails once the record it was issued from is rewritten, even with every table made consistent', () => {
    const { svc, auditHead } = issued();
    // The attacker also fixes the recorded head and the export's own entry to match the rewrite.
    tamperAndRehash(svc.storePath, `UPDATE audit_entry SET after = replace(after, 'reselect', 'selection') WHERE action = 'result.record'; DELETE FROM issued_head; DELETE FROM report_export;`);
    const check = reopen(svc.storePath).ok<ReportHeadCheck>('checkReportHead', { auditHead: auditHead.auditHead, ballotId: auditHead.ballotId, revision: 1 });
    expect(check).toMatchObject({ ok: false, matchedAt: null });
    expect(check.message).toMatch(/^The record no longer extends what this report was issued from/);
  });
});

describe('times in the record', () => {
  function withTimes(sql: string) {
    const svc = openService();
    svc.ok('saveClp', { name: 'Ashbrook and Larkhill', code: null, mpName: 'Imogen Carrow' });
    svc.ok('addBranch', { name: 'Ashbrook West' });
    svc.ok('addBranch', { name: 'Fernley South' });
    svc.service.close();
    tamperAndRehash(svc.storePath, sql);
    return reopen(svc.storePath).ok<AuditVerdict>('verifyAudit');
  }

  it('flag an entry dated earlier than the one before it, naming it and both times', () => {
    const v = withTimes("UPDATE audit_entry SET at = '2026-06-14T19:00:00Z' WHERE seq = 3");
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([{ seq: 3, message: 'Entry 3 is dated 2026-06-14T19:00:00Z, earlier than entry 2 before it (2026-06-14T20:00:02Z): the clock was put back, or entries were moved or altered.' }]);
  });

  it('accept equal times', () => {
    expect(withTimes("UPDATE audit_entry SET at = '2026-06-14T20:00:02Z' WHERE seq = 3")).toMatchObject({ ok: true, problems: [] });
  });
});
