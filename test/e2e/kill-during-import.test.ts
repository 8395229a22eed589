import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import { backupDir } from '../../db/store/backups';
import { rawStore, TEST_PASSPHRASE, testKey } from '../test-store';
import { ClpStore } from '../../db/store/clp-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Starts `teller register import` (the app's own path: the service, its lock, a backup, the
 * import worker) and kills it with SIGKILL after `ms` milliseconds, or lets it finish.
 * Resolves with how long it ran.
 */
function importAndKill(db: string, file: string, ms: number): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['bin/teller.cjs', 'register', 'import', '--db', db, '--file', file], { stdio: 'ignore', env: { ...process.env, TELLER_PASSPHRASE: TEST_PASSPHRASE } });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('killing the process in the middle of a large import', () => {
  it('leaves a sound store, a verifiable audit chain, and the snapshot either whole or absent (20 kills)', async () => {
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(60_000, ['Larkmere', 'Copperfield North'], 9)));
    // How long a whole import takes on this machine now: the kills are spread over the later
    // part of that (the preview, the backup, the writing, the commit), whatever its speed.
    const whole60k = await importAndKill(path.join(dir, 'timing', 'store.sqlite'), file, 120_000);
    const db = path.join(dir, 'store.sqlite');
    const backups = () => (fs.existsSync(backupDir(db)) ? fs.readdirSync(backupDir(db)).length : 0);
    let whole = 0;
    let killedWriting = 0; // kills after the import's backup began and before its commit
    for (let i = 0; i < 20; i++) {
      const backupsBefore = backups();
      // The last run is left to finish, so the store ends with at least one whole snapshot.
      await importAndKill(db, file, i === 19 ? 120_000 : Math.floor(whole60k * (0.3 + Math.random() * 0.8)));
      if (!fs.existsSync(db)) continue; // killed before the store was even created
      // Open it as the app would next time (a migration interrupted by the kill runs again whole).
      const store = new ClpStore(db, { actor: 'test', now: () => new Date() }, { key: testKey(db) });
      expect(store.verifyAudit().ok).toBe(true);
      store.close();
      const raw = rawStore(db, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const snapshots = raw.prepare('SELECT id, imported FROM member_snapshot').all() as { id: number; imported: number }[];
      for (const s of snapshots) {
        const rows = (raw.prepare('SELECT COUNT(*) AS n FROM member WHERE snapshot_id = ?').get(s.id) as { n: number }).n;
        expect(rows).toBe(s.imported); // all or nothing
        expect(rows).toBe(60_000);
      }
      if (i < 19 && backups() > backupsBefore && snapshots.length === whole) killedWriting += 1;
      whole = snapshots.length;
      expect((raw.prepare("SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'members.import'").get() as { n: number }).n).toBe(snapshots.length);
      raw.close();
    }
    expect(whole).toBeGreaterThan(0);
    expect(killedWriting).toBeGreaterThan(0);
    expect(fs.existsSync(`${db}.lock`)).toBe(false); // the run that finished released the lock it took over
  }, 240_000);
});
