import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AuditVerdict, ExportedReportInfo, RecordDifference, TellerState } from '../../../shared/api';
import { canonicalJson } from '../../../shared/canonical-json';
import { main } from '../../../db/cli/teller';
import { LATEST_VERSION } from '../../../db/store/migrations';
import { readyToReport } from '../report/fixtures';
import { editStoreDirectly } from '../helpers/edit-store-directly';
import { TEST_PASSPHRASE } from '../../test-store';
import { openService } from './fixtures';

/*
 * The log is the record: each reportable fact edited in the SQLite file behind Teller's back
 * is named by `teller audit verify` (the Api and the command) and refuses every export.
 */

type Svc = ReturnType<typeof openService>;

/** A store used as Teller means it to be: every kind of fact recorded through the Api. */
function recorded(): Svc {
  const svc = readyToReport(); // branch 1 met (closed), branch 2 by hand, affiliate 1 decided, complaint 1 open
  svc.ok('addBranch', { name: 'Larkhill North' });
  const larkhill = svc.ok<TellerState>('getState').branches.find((b) => b.name === 'Larkhill North')!;
  const abandoned = svc.ok<{ id: number }>('scheduleMeeting', { branchId: larkhill.id, date: '2026-06-12' });
  svc.ok('recordWalkIn', { meetingId: abandoned.id, name: 'Gethin Mossop', details: '4 Rope Walk', outcome: 'provisional', note: 'Chair: sealed envelope' });
  svc.ok('recordWalkIn', { meetingId: abandoned.id, name: 'Bryn Talbot', details: '', outcome: 'refused', note: '' });
  svc.ok('markMeeting', { meetingId: abandoned.id, state: 'abandoned', reason: 'Fire alarm.' });
  svc.ok('scheduleMeeting', { branchId: larkhill.id, date: '2026-06-15' });
  const coop = svc.ok<TellerState>('getState').affiliates.find((a) => !a.eligible)!;
  svc.ok('withdrawUnit', { unit: 'affiliate', id: coop.id, reason: 'Disaffiliated.' });
  svc.ok('logComplaint', { receivedOn: '2026-06-13', complainant: '', contact: '', about: 'process', meetingId: null, category: 'other', summary: 'Second.' });
  svc.ok('updateComplaint', { id: 2, status: 'resolved', outcome: 'Explained.', outcomeOn: '2026-06-14' });
  // The ids the cases below edit, as the Api reports them.
  const state = svc.ok<TellerState>('getState');
  const ids = [
    state.branches.map((b) => b.id).sort(),
    state.affiliates.map((a) => a.id).sort(),
    svc.ok<{ id: number }[]>('listMeetings').map((m) => m.id).sort(),
    svc.ok<{ id: number }[]>('listComplaints', { status: null, category: null }).map((c) => c.id).sort(),
  ];
  expect(ids).toEqual([[1, 2, 3], [1, 2], [1, 2, 3], [1, 2]]);
  return svc;
}

/** `teller audit verify --db FILE [--json]`, in this process: its exit code and what it printed. */
async function auditVerifyCommand(file: string, json: boolean): Promise<{ code: number; out: string }> {
  const passphrase = path.join(path.dirname(file), 'passphrase.txt');
  fs.writeFileSync(passphrase, `${TEST_PASSPHRASE}\n`);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    const code = await main(['audit', 'verify', '--db', file, '--passphrase-file', passphrase, ...(json ? ['--json'] : [])]);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

const NOW = "'2026-06-20T10:00:00.000Z'";

/** One fact each: the edit made behind Teller's back, and the difference it must be named as. */
const CASES: [string, string, Pick<RecordDifference, 'table' | 'row' | 'field'>][] = [
  ['a unit added', `INSERT INTO branch (name, name_key) VALUES ('Ghost Ward', 'ghost ward')`, { table: 'branch', row: 'branch:4', field: null }],
  ['a unit removed', 'DELETE FROM affiliate WHERE id = 2', { table: 'affiliate', row: 'affiliate:2', field: null }],
  ['a unit renamed', `UPDATE branch SET name = 'Ashbrook East' WHERE id = 1`, { table: 'branch', row: 'branch:1', field: 'name' }],
  ['a unit withdrawn', `UPDATE branch SET withdrawn_at = ${NOW}, withdrawn_reason = 'x' WHERE id = 2`, { table: 'branch', row: 'branch:2', field: 'withdrawn' }],
  ['a unit no longer withdrawn', 'UPDATE affiliate SET withdrawn_at = NULL, withdrawn_reason = NULL WHERE id = 2', { table: 'affiliate', row: 'affiliate:2', field: 'withdrawn' }],
  ['a branch result changed', `UPDATE unit_result SET result = 'selection' WHERE branch_id = 2`, { table: 'unit_result', row: 'unit_result:branch:2', field: 'result' }],
  ['an affiliate result removed', 'DELETE FROM unit_result WHERE affiliate_id = 1', { table: 'unit_result', row: 'unit_result:affiliate:1', field: null }],
  ['a result added', `INSERT INTO unit_result (ballot_id, affiliate_id, result, recorded_at) SELECT id, 2, 'reselect', ${NOW} FROM ballot`, { table: 'unit_result', row: 'unit_result:affiliate:2', field: null }],
  ['a meeting version: present', `UPDATE meeting_version SET figures = json_set(figures, '$.attendance', 31) WHERE meeting_id = 1`, { table: 'meeting_version', row: 'meeting_version:1/1', field: 'attendance' }],
  ['a meeting version: eligible present', `UPDATE meeting_version SET figures = json_set(figures, '$.eligibleAttendance', 29) WHERE meeting_id = 1`, { table: 'meeting_version', row: 'meeting_version:1/1', field: 'eligibleAttendance' }],
  ['a meeting version: overrides', `UPDATE meeting_version SET figures = json_set(figures, '$.overrides', 2) WHERE meeting_id = 1`, { table: 'meeting_version', row: 'meeting_version:1/1', field: 'overrides' }],
  ['a meeting version: votes for an option', `UPDATE meeting_version SET record = json_set(record, '$.votes.reselect', 16) WHERE meeting_id = 1`, { table: 'meeting_version', row: 'meeting_version:1/1', field: 'votes.reselect' }],
  ['a meeting version: a retake added', `UPDATE meeting_version SET record = json_set(record, '$.retake', json('{"selection":9,"reselect":0,"abstain":0,"spoilt":0}')) WHERE meeting_id = 1`, { table: 'meeting_version', row: 'meeting_version:1/1', field: 'retake.selection' }],
  ['a meeting version: why no vote', `UPDATE meeting_version SET figures = json_set(figures, '$.noVoteReason', 'tied-after-retake') WHERE meeting_id = 1`, { table: 'meeting_version', row: 'meeting_version:1/1', field: 'noVoteReason' }],
  ['a meeting version: result', `UPDATE meeting_version SET figures = json_set(figures, '$.result', 'reselect') WHERE meeting_id = 1`, { table: 'meeting_version', row: 'meeting_version:1/1', field: 'result' }],
  ['a meeting version: status', `UPDATE meeting_version SET state = 'not-held' WHERE meeting_id = 2`, { table: 'meeting_version', row: 'meeting_version:2/1', field: 'state' }],
  ['an abandoned meeting: desk figures', `UPDATE meeting_version SET figures = json_set(figures, '$.attendance', 40) WHERE meeting_id = 2`, { table: 'meeting_version', row: 'meeting_version:2/1', field: 'attendance' }],
  ['a meeting version removed', 'DELETE FROM meeting_version WHERE meeting_id = 1', { table: 'meeting_version', row: 'meeting_version:1/1', field: null }],
  ['a meeting status: closed made open', `UPDATE meeting SET state = 'open' WHERE id = 1`, { table: 'meeting', row: 'meeting:1', field: 'state' }],
  ['a meeting status: abandoned made not held', `UPDATE meeting SET state = 'not-held' WHERE id = 2`, { table: 'meeting', row: 'meeting:2', field: 'state' }],
  ['a meeting status: withdrawn', `UPDATE meeting SET withdrawn_at = ${NOW}, withdrawn_reason = 'x' WHERE id = 3`, { table: 'meeting', row: 'meeting:3', field: 'withdrawn' }],
  ['a meeting re-dated', `UPDATE meeting SET date = '2026-06-16' WHERE id = 3`, { table: 'meeting', row: 'meeting:3', field: 'date' }],
  ['a meeting moved to another branch', 'UPDATE meeting SET branch_id = 2 WHERE id = 3', { table: 'meeting', row: 'meeting:3', field: 'branch' }],
  ['a meeting removed', 'DELETE FROM meeting WHERE id = 3', { table: 'meeting', row: 'meeting:3', field: null }],
  ['an affiliate decision: date received', `UPDATE affiliate_decision SET received_on = '2026-06-01' WHERE affiliate_id = 1`, { table: 'affiliate_decision', row: 'affiliate_decision:1', field: 'receivedOn' }],
  ['an affiliate decision: how it arrived', `UPDATE affiliate_decision SET method = 'form' WHERE affiliate_id = 1`, { table: 'affiliate_decision', row: 'affiliate_decision:1', field: 'method' }],
  ['an affiliate decision: late', 'UPDATE affiliate_decision SET late = 1 - late WHERE affiliate_id = 1', { table: 'affiliate_decision', row: 'affiliate_decision:1', field: 'late' }],
  ['a check-in: an exception recorded at the door', `UPDATE checkin SET exceptions = '["arrears-settled"]' WHERE outcome = 'refused'`, { table: 'checkin', row: 'checkin:2', field: 'arrears-settled' }],
  ['a check-in added', `INSERT INTO checkin (meeting_id, at, outcome, reasons) VALUES (2, ${NOW}, 'provisional', '[]')`, { table: 'checkin', row: 'checkin:2', field: 'provisional' }],
  ['a check-in removed', `DELETE FROM checkin WHERE outcome = 'refused'`, { table: 'checkin', row: 'checkin:2', field: 'refused' }],
  ['a check-in at a meeting that had none', `INSERT INTO checkin (meeting_id, at, outcome, reasons) VALUES (3, ${NOW}, 'admitted', '[]')`, { table: 'checkin', row: 'checkin:3', field: null }],
  ['a complaint closed', `UPDATE complaint SET status = 'resolved', outcome = 'x', outcome_on = '2026-06-14' WHERE id = 1`, { table: 'complaint', row: 'complaint:1', field: 'status' }],
  ['a complaint removed', 'DELETE FROM complaint WHERE id = 2', { table: 'complaint', row: 'complaint:2', field: null }],
  ['a complaint added', `INSERT INTO complaint (received_on, about, category, summary, status) VALUES ('2026-06-14', 'x', 'other', 'x', 'open')`, { table: 'complaint', row: 'complaint:3', field: null }],
];

describe('the log is the record', () => {
  it('a store used only through Teller rebuilds exactly, and its reports export', async () => {
    const svc = recorded();
    expect(svc.ok<AuditVerdict>('verifyAudit')).toMatchObject({ ok: true, problems: [], differences: [], unverifiable: [] });
    expect(svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' }).revision).toBe(1);
    svc.service.close();
    const cli = await auditVerifyCommand(svc.storePath, false);
    expect(cli).toMatchObject({ code: 0, out: expect.stringMatching(/^The audit trail is intact: \d+ entries, head [0-9a-f]{64}, and the tables match what its entries record\.$/) as unknown });
  });

  it.each(CASES)('edited behind Teller’s back, %s: audit verify names it and every export is refused', async (_title, sql, where) => {
    const svc = recorded();
    const entries = svc.ok<AuditVerdict>('verifyAudit').entries;
    editStoreDirectly(svc.storePath, sql);

    const verdict = svc.ok<AuditVerdict>('verifyAudit');
    expect(verdict.ok).toBe(false);
    const difference = verdict.differences!.find((d) => d.table === where.table && d.row === where.row && d.field === where.field);
    expect(difference, JSON.stringify(verdict.differences)).toBeDefined();
    expect(verdict.problems).toEqual([]); // the chain itself is intact: only the tables were edited
    expect(difference!.message).toMatch(/^[A-Z].*\.$/);

    for (const input of [{ status: 'interim' }, { status: 'final', confirm: 'FINAL' }]) {
      const refused = svc.call('exportReport', input);
      expect(refused).toMatchObject({ ok: false, error: { code: 'record-differs' } });
      if (!refused.ok) expect(refused.error.message).toContain(difference!.message.slice(1).replace(/\.$/, ''));
    }
    expect(svc.ok<AuditVerdict>('verifyAudit').entries).toBe(entries); // nothing was issued or recorded
    svc.service.close();

    const json = await auditVerifyCommand(svc.storePath, true);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out) as AuditVerdict).differences).toContainEqual(difference);
    const text = await auditVerifyCommand(svc.storePath, false);
    expect(text.code).toBe(1);
    expect(text.out).toContain(`The audit trail's ${entries} entries are intact, but the tables no longer match what they record:`);
    expect(text.out).toContain(`  - ${difference!.message}`);
  });

  it('the ballot’s tie and late-decision settings, changed behind Teller’s back, are named', () => {
    const svc = recorded();
    svc.ok('saveBallotSettings', { settings: { tieProcedure: 'rules', lateDecisions: 'exclude' } });
    expect(svc.ok<AuditVerdict>('verifyAudit').differences).toEqual([]);
    editStoreDirectly(svc.storePath, `UPDATE ballot SET settings = json_set(settings, '$.lateDecisions', 'count')`);
    const differences = svc.ok<AuditVerdict>('verifyAudit').differences!;
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ table: 'ballot', field: 'lateDecisions', inLog: 'exclude', inTable: 'count' });
    expect(differences[0]!.message).toMatch(/^The ballot .*: whether late decisions count is "exclude" in the audit trail but "count" in the ballot table\.$/);
  });

  it('names the row and field in a sentence, and the export refuses in one: a branch result, with the branch named', () => {
    const svc = recorded();
    editStoreDirectly(svc.storePath, `UPDATE unit_result SET result = 'selection' WHERE branch_id = 2`);
    expect(svc.ok<AuditVerdict>('verifyAudit').differences).toEqual([
      {
        table: 'unit_result',
        row: 'unit_result:branch:2',
        field: 'result',
        inLog: 'reselect',
        inTable: 'selection',
        message: 'The result of branch 2 (Fernley South): the result is "reselect" in the audit trail but "selection" in the unit_result table.',
      },
    ]);
    expect(svc.call('exportReport', { status: 'interim' })).toEqual({
      ok: false,
      error: {
        code: 'record-differs',
        field: 'status',
        message: `This report cannot be exported, because the store's tables no longer match its audit trail: the result of branch 2 (Fernley South): the result is "reselect" in the audit trail but "selection" in the unit_result table.`,
      },
    });
  });

  it('free text is not compared: a note, a reason and who signed can differ without a difference', () => {
    const svc = recorded();
    editStoreDirectly(
      svc.storePath,
      `UPDATE affiliate_decision SET signed_by = 'Someone Else'; UPDATE complaint SET summary = 'Other words'; UPDATE meeting_version SET reason = 'Other reason' WHERE meeting_id = 2;
       UPDATE affiliate SET withdrawn_reason = 'Other reason' WHERE id = 2; UPDATE checkin SET note = 'Other note'`,
    );
    expect(svc.ok<AuditVerdict>('verifyAudit')).toMatchObject({ ok: true, differences: [] });
  });
});

type Row = { seq: number; at: string; actor: string; action: string; entity: string; entity_id: string | null; before: string | null; after: string | null };

/** An entry written as an earlier version of Teller wrote it: `after` changed, and the chain made whole again. */
function asOlderVersionWrote(file: string, action: string, edit: (after: Record<string, unknown>) => void): void {
  editStoreDirectly(file, (db) => {
    const row = db.prepare('SELECT seq, after FROM audit_entry WHERE action = ?').get(action) as { seq: number; after: string };
    const after = JSON.parse(row.after) as Record<string, unknown>;
    edit(after);
    db.prepare('UPDATE audit_entry SET after = ? WHERE seq = ?').run(canonicalJson(after), row.seq);
    const sha = (b: string | Buffer) => createHash('sha256').update(b).digest();
    let head = Buffer.alloc(32);
    const rows = db.prepare('SELECT * FROM audit_entry ORDER BY seq').all() as Row[];
    for (const r of rows) {
      const json = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));
      const link = sha(canonicalJson({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: json(r.before), after: json(r.after) }));
      head = sha(Buffer.concat([head, link]));
      db.prepare('UPDATE audit_entry SET link = ?, head = ? WHERE seq = ?').run(link.toString('hex'), head.toString('hex'), r.seq);
    }
    db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(rows.length, head.toString('hex'));
  });
}

describe('entries from earlier versions', () => {
  it('a meeting marked abandoned before its figures were recorded in the entry: rebuilt from the check-ins before it', () => {
    const svc = recorded();
    svc.service.close();
    asOlderVersionWrote(svc.storePath, 'meeting.abandoned', (after) => delete after.figures);
    const again = openService(path.dirname(svc.storePath));
    expect(again.ok<AuditVerdict>('verifyAudit')).toMatchObject({ ok: true, differences: [], unverifiable: [] });
    editStoreDirectly(again.storePath, `UPDATE meeting_version SET figures = json_set(figures, '$.attendance', 40) WHERE meeting_id = 2`);
    expect(again.ok<AuditVerdict>('verifyAudit').differences).toMatchObject([{ row: 'meeting_version:2/1', field: 'attendance', inLog: 1, inTable: 40 }]);
  });

  it('an entry that does not record a fact says so plainly, and what it does record is still checked', async () => {
    const svc = recorded();
    svc.service.close();
    asOlderVersionWrote(svc.storePath, 'meeting.close', (after) => delete after.figures);
    const cli = await auditVerifyCommand(svc.storePath, false);
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/\nNot checked: Entry \d+ \(meeting\.close\) was written by an earlier version of Teller and does not record the figures of meeting 1, so that cannot be checked against the tables\.$/);
    const again = openService(path.dirname(svc.storePath));
    const verdict = again.ok<AuditVerdict>('verifyAudit');
    expect(verdict).toMatchObject({ ok: true, differences: [] });
    expect(verdict.unverifiable).toEqual([
      expect.stringMatching(/^Entry \d+ \(meeting\.close\) was written by an earlier version of Teller and does not record the figures of meeting 1, so that cannot be checked against the tables\.$/),
    ]);
    editStoreDirectly(again.storePath, `UPDATE meeting_version SET record = json_set(record, '$.votes.reselect', 16) WHERE meeting_id = 1`);
    expect(again.ok<AuditVerdict>('verifyAudit').differences).toMatchObject([{ row: 'meeting_version:1/1', field: 'votes.reselect' }]);
  });

  it('tables marked as from an earlier version are not compared, and say so; an export from them is refused', () => {
    const svc = recorded();
    editStoreDirectly(svc.storePath, `PRAGMA user_version = ${LATEST_VERSION - 1}; UPDATE unit_result SET result = 'selection' WHERE branch_id = 2`);
    const verdict = svc.ok<AuditVerdict>('verifyAudit');
    expect(verdict).toMatchObject({ differences: [], unverifiable: [expect.stringMatching(/^This store's tables are from an earlier version of Teller, so they were not checked against the audit trail/)] });
    expect(svc.call('exportReport', { status: 'interim' })).toMatchObject({ ok: false, error: { code: 'record-differs', message: expect.stringMatching(/could not be checked against its audit trail/) as unknown } });
  });
});
