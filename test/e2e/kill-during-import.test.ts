import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import { ClpStore } from '../../db/store/clp-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts `teller register import` and kills it with SIGKILL after `ms` milliseconds (or lets it finish). */
function importAndKill(db: string, file: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/teller.cjs', 'register', 'import', '--db', db, '--file', file], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('killing the process in the middle of a large import', () => {
  it('leaves a sound store, a verifiable audit chain, and the snapshot either whole or absent (20 kills)', async () => {
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(60_000, ['Larkmere', 'Copperfield North'], 9)));
    const db = path.join(dir, 'store.sqlite');
    let whole = 0;
    for (let i = 0; i < 20; i++) {
      // The last run is left to finish, so the store ends with at least one whole snapshot.
      await importAndKill(db, file, i === 19 ? 120_000 : 150 + Math.floor(Math.random() * 900));
      if (!fs.existsSync(db)) continue; // killed before the store was even created
      // Open it as the app would next time (a migration interrupted by the kill runs again whole).
      const store = new ClpStore(db, { actor: 'test', now: () => new Date() });
      expect(store.verifyAudit().ok).toBe(true);
      store.close();
      const raw = new Database(db, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const snapshots = raw.prepare('SELECT id, imported FROM member_snapshot').all() as { id: number; imported: number }[];
      for (const s of snapshots) {
        const rows = (raw.prepare('SELECT COUNT(*) AS n FROM member WHERE snapshot_id = ?').get(s.id) as { n: number }).n;
        expect(rows).toBe(s.imported); // all or nothing
        expect(rows).toBe(60_000);
      }
      whole = snapshots.length;
      expect((raw.prepare("SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'members.import'").get() as { n: number }).n).toBe(snapshots.length);
      raw.close();
    }
    expect(whole).toBeGreaterThan(0);
  }, 180_000);
});
