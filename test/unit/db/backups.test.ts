import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { buildSync, type BuildOptions } from 'esbuild';
import { rawStore, TEST_PASSPHRASE } from '../../test-store';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerdict, Backup, ExportedReportInfo, Job, TellerState } from '../../../shared/api';
import { readyToReport } from '../report/fixtures';
import { TellerService } from '../../../db/service';
import { backupDir, listBackups } from '../../../db/store/backups';
import { demoStorePath } from '../../../db/store/location';
import { MIGRATIONS } from '../../../db/store/migrations';
import { migrate, openStore } from '../../../db/store/open';
import { openService, previewOf, setUpClp, steppingClock, tempDir } from './fixtures';

describe('backups', () => {
  it('are taken before a migration changes a store that holds data', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 3));
    old.exec("INSERT INTO clp (id, name, code, mp_name) VALUES (1, 'Kept', NULL, 'MP')");
    old.close();
    openStore(file, null).close();
    const backups = fs.readdirSync(backupDir(file));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/before-migration/);
    const copy = new Database(path.join(backupDir(file), backups[0]!), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(3);
    expect(copy.prepare('SELECT name FROM clp').get()).toEqual({ name: 'Kept' });
    copy.close();
    openStore(path.join(dir, 'new.sqlite'), null).close(); // a new, empty store needs no backup
    expect(fs.readdirSync(backupDir(file))).toHaveLength(1);
  });

  it('are taken before an import writes', () => {
    const svc = openService();
    setUpClp(svc);
    const csv = path.join(tempDir(), 'm.csv');
    fs.writeFileSync(csv, 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status\nL1,Ann,Ash,AB1 2CD,W,01/01/2019,Active\n');
    const fileId = svc.service.staged.add(csv);
    svc.ok('startImport', { kind: 'members', fileId, mapping: previewOf(svc, { kind: 'members', fileId }).mapping });
    expect(svc.ok<Backup[]>('listBackups').map((b) => b.name)).toEqual([expect.stringMatching(/before-import\.sqlite$/) as unknown]);
  });

  // The app runs the job in a worker; the command reads on its own thread (jobsHere). Both write in the writer thread.
  it.each([false, true])('are taken before an import writes in the import threads too (job on the calling thread: %s)', async (jobsHere) => {
    // The import worker and its writer as the build makes them, bundled from the source under test.
    const cache = path.resolve('node_modules/.cache');
    fs.mkdirSync(cache, { recursive: true });
    const built = fs.mkdtempSync(path.join(cache, 'teller-import-worker-'));
    const importWorker = path.join(built, 'import-worker.cjs');
    const options: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3-multiple-ciphers'], logLevel: 'warning' };
    buildSync({ ...options, entryPoints: ['db/job-thread.ts'], outfile: importWorker });
    buildSync({ ...options, entryPoints: ['db/writer-thread.ts'], outfile: path.join(built, 'import-writer.cjs') });
    const storePath = path.join(tempDir(), 'teller.sqlite');
    const service = new TellerService({ actor: 'test-secretary', now: steppingClock(), storePath, demoPath: demoStorePath(storePath), importWorker, jobsHere, passphrase: TEST_PASSPHRASE });
    try {
      const h = service.handlers;
      h.saveClp({ name: 'Ashbrook and Larkhill', code: null, mpName: 'Imogen Carrow' });
      h.addBranch({ name: 'W' });
      h.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
      const ended = new Map<string, Job>();
      service.onEvent((e) => e.kind === 'job' && e.job.state !== 'running' && ended.set(e.job.id, e.job));
      const end = async (job: Job): Promise<Job> => {
        for (let i = 0; job.state === 'running' && !ended.has(job.id) && i < 1000; i++) await new Promise((r) => setTimeout(r, 10));
        return ended.get(job.id) ?? job;
      };
      const csv = path.join(tempDir(), 'm.csv');
      fs.writeFileSync(csv, 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status\nL1,Ann,Ash,AB1 2CD,W,01/01/2019,Active\n');
      const fileId = service.staged.add(csv);
      const preview = (await end(h.previewImport({ kind: 'members', fileId }))).preview;
      const job = await end(h.startImport({ kind: 'members', fileId, mapping: preview!.mapping }));
      expect(job).toMatchObject({ state: 'done', snapshotId: 1 });
      expect(h.getState({}).ballot?.snapshotId).toBe(1); // the ballot's first list, used at once
      const backups = listBackups(storePath);
      expect(backups.map((b) => b.name)).toEqual([expect.stringMatching(/before-import\.sqlite$/) as unknown]);
      // The copy is the store as it was just before the import: the CLP, no members.
      const copy = rawStore(path.join(backupDir(storePath), backups[0]!.name), { readonly: true }, storePath);
      expect(copy.prepare('SELECT name FROM clp').get()).toEqual({ name: 'Ashbrook and Larkhill' });
      expect(copy.prepare('SELECT COUNT(*) AS n FROM member').get()).toEqual({ n: 0 });
      copy.close();
    } finally {
      service.close();
      fs.rmSync(built, { recursive: true, force: true });
    }
  });

  it('restore checks the backup, puts it back, and keeps what it replaced as a backup', () => {
    const svc = openService();
    setUpClp(svc);
    const [backup] = svc.ok<Backup[]>('backupNow');
    svc.ok('addBranch', { name: 'Added after the backup' });
    const restored = svc.ok<TellerState>('restoreBackup', { name: backup!.name });
    expect(restored.branches.map((b) => b.name)).not.toContain('Added after the backup');
    expect(svc.ok<{ ok: boolean }>('verifyAudit').ok).toBe(true);
    const names = svc.ok<Backup[]>('listBackups').map((b) => b.name);
    expect(names.some((n) => n.includes('before-restore'))).toBe(true);
    const replaced = names.find((n) => n.includes('before-restore'))!;
    const copy = rawStore(path.join(backupDir(svc.storePath), replaced), { readonly: true }, svc.storePath);
    expect(copy.prepare("SELECT COUNT(*) AS n FROM branch WHERE name = 'Added after the backup'").get()).toEqual({ n: 1 });
    copy.close();
  });

  it('restore is on the record: one more entry naming the backup, and the entries it undid', () => {
    const svc = openService();
    setUpClp(svc);
    const [backup] = svc.ok<Backup[]>('backupNow');
    svc.ok('addBranch', { name: 'Added after the backup' });
    const before = svc.ok<AuditVerdict>('verifyAudit');
    svc.ok('restoreBackup', { name: backup!.name });
    const after = svc.ok<AuditVerdict>('verifyAudit');
    expect(after).toMatchObject({ ok: true, entries: before.entries }); // the backup's 6, and the restore's own
    const [entry] = svc.ok<AuditEntry[]>('getAuditLog', { limit: 1 });
    expect(entry).toMatchObject({ seq: 7, action: 'backup.restore', entityId: backup!.name, after: { backup: backup!.name, entries: 6 } });
    expect(entry!.before).toMatchObject({ entries: 7, head: before.head, lostEntries: 1, lost: [{ seq: 7, action: 'branch.add' }] });
  });

  it('needs RESTORE typed to go back to before a report was issued, and says the region will see it', () => {
    const svc = readyToReport();
    const [backup] = svc.ok<Backup[]>('backupNow');
    svc.ok('exportReport', { status: 'interim' });
    const state = svc.ok<TellerState>('getState');
    // The screen asks first, and says what the refusal would say, changing nothing.
    const check = svc.ok<{ reportsNotReached: number[]; lostEntries: number; warning: string | null }>('checkRestore', { name: backup!.name });
    expect(check).toEqual({ reportsNotReached: [1], lostEntries: 1, warning: expect.stringMatching(/^This backup is from before report revision 1 was issued\. .*the regional office will see the break: the next report will not carry on from revision 1\.$/) as unknown });
    expect(svc.ok<{ warning: string | null }>('checkRestore', { name: svc.ok<Backup[]>('backupNow').find((b) => b.name !== backup!.name)!.name })).toEqual({ reportsNotReached: [], lostEntries: 0, warning: null });
    expect(svc.ok<TellerState>('getState')).toEqual(state);
    const refused = svc.call('restoreBackup', { name: backup!.name });
    expect(refused).toMatchObject({ ok: false, error: { code: 'confirmation-mismatch', field: 'confirm' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/^This backup is from before report revision 1 was issued\. .*the regional office will see the break.*Nothing was replaced\. To restore it anyway, type RESTORE\.$/);
    expect(svc.ok<TellerState>('getState')).toEqual(state);
    expect(svc.call('restoreBackup', { name: backup!.name, confirm: 'restore please' }).ok).toBe(false);
    svc.ok('restoreBackup', { name: backup!.name, confirm: 'RESTORE' });
    const [entry] = svc.ok<AuditEntry[]>('getAuditLog', { limit: 1 });
    expect(entry).toMatchObject({ action: 'backup.restore', before: { reportsNotReached: [{ revision: 1 }] } });
  });

  it('carries the heads of reports already issued into the restored store: verification names the break', () => {
    const svc = readyToReport();
    const [backup] = svc.ok<Backup[]>('backupNow');
    const first = svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
    const second = svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
    const heads = (r: ExportedReportInfo) => (JSON.parse(r.json) as { payload: { history: { head: string } } }).payload.history.head;
    const db = rawStore(svc.storePath, { readonly: true });
    const issuedBefore = db.prepare('SELECT ballot_id, revision, entries, head FROM issued_head ORDER BY revision').all();
    db.close();
    expect(issuedBefore).toMatchObject([{ revision: 1, head: heads(first) }, { revision: 2, head: heads(second) }]);
    expect(svc.ok<AuditVerdict>('verifyAudit').ok).toBe(true);

    svc.ok('restoreBackup', { name: backup!.name, confirm: 'RESTORE' });
    const after = rawStore(svc.storePath, { readonly: true });
    expect(after.prepare('SELECT ballot_id, revision, entries, head FROM issued_head ORDER BY revision').all()).toEqual(issuedBefore);
    after.close();
    const [entry] = svc.ok<AuditEntry[]>('getAuditLog', { limit: 1 });
    expect(entry).toMatchObject({ action: 'backup.restore', after: { issuedHeadsCarried: [{ revision: 1, head: heads(first) }, { revision: 2, head: heads(second) }] } });
    const verdict = svc.ok<AuditVerdict>('verifyAudit');
    expect(verdict.ok).toBe(false);
    // Revision 1 was issued from the backup's own entries, which the restored record still extends;
    // revision 2 was issued from entries the restore took away.
    expect(verdict.problems.map((p) => p.message)).toEqual([2].map((revision) => expect.stringMatching(new RegExp(`^Report revision ${revision} was issued from the first \\d+ entries \\(head [0-9a-f]{64}\\), but entry ${entry!.seq} restored the backup ${backup!.name.replace(/\./g, '\\.')} from before it: .*the regional office will see the break\\.$`)) as unknown));
    expect(verdict.problems.every((p) => p.seq === entry!.seq)).toBe(true);

    // The next report follows the last one issued: no second revision 1 or 2.
    expect(svc.ok<ExportedReportInfo>('exportReport', { status: 'interim' }).revision).toBe(3);
  });

  it('keeps a final report final after a restore from before it: no interim can follow', () => {
    const svc = readyToReport();
    const [backup] = svc.ok<Backup[]>('backupNow');
    const final = svc.ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' });
    svc.ok('restoreBackup', { name: backup!.name, confirm: 'RESTORE' });
    const interim = svc.call('exportReport', { status: 'interim' });
    expect(interim.ok ? null : interim.error).toMatchObject({ code: 'report-final', message: expect.stringContaining(`The final report (revision ${final.revision}) has been issued`) as unknown });
  });

  it('refuses a damaged backup or one whose audit trail was altered, replacing nothing', () => {
    const svc = openService();
    setUpClp(svc);
    const [backup] = svc.ok<Backup[]>('backupNow');
    // Whole pages of something that is not a database (as an encrypted backup's would be): listed, then refused.
    fs.writeFileSync(path.join(backupDir(svc.storePath), 'damaged.sqlite'), Buffer.alloc(8192, 'not a database '));
    const tampered = path.join(backupDir(svc.storePath), 'tampered.sqlite');
    fs.copyFileSync(path.join(backupDir(svc.storePath), backup!.name), tampered);
    const raw = rawStore(tampered, {}, svc.storePath);
    raw.exec("UPDATE audit_entry SET actor = 'someone else' WHERE seq = 1");
    raw.close();
    const before = svc.ok<TellerState>('getState');
    for (const name of ['damaged.sqlite', 'tampered.sqlite']) {
      const r = svc.call('restoreBackup', { name });
      expect(r.ok ? null : r.error.code).toBe('backup-unusable');
    }
    expect(svc.call('restoreBackup', { name: '../teller.sqlite' }).ok).toBe(false);
    expect(svc.ok<TellerState>('getState')).toEqual(before);
  });
});

describe('a backup saved to a file of the user’s choosing', () => {
  it('is the backup’s exact bytes, ready to be saved anywhere', () => {
    const svc = openService();
    setUpClp(svc);
    const [backup] = svc.ok<Backup[]>('backupNow');
    const copy = svc.ok<{ name: string; base64: string }>('readBackup', { name: backup!.name });
    expect(Buffer.from(copy.base64, 'base64').equals(fs.readFileSync(path.join(backupDir(svc.storePath), backup!.name)))).toBe(true);
    const saved = path.join(tempDir(), 'my-copy.sqlite');
    fs.writeFileSync(saved, Buffer.from(copy.base64, 'base64'));
    const db = rawStore(saved, { readonly: true }, svc.storePath);
    expect(db.prepare('SELECT name FROM clp').get()).toEqual({ name: 'Ashbrook and Larkhill' });
    db.close();
  });
});
