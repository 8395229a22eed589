import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { branches } from '../../db/setup/units';
import { ClpStore } from '../../db/store/clp-store';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import { TellerService } from '../../db/service';
import { EMPTY_RECORD } from '../../shared/meetings';
import { rawStore, TEST_PASSPHRASE, testKey } from '../test-store';
import { importMembers } from './harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-kill-serve-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const now = () => new Date('2026-06-10T19:00:00Z');

/** A store with members, an open door desk, a closed meeting, and a signed report to import. */
function prepare(): { db: string; deskMeeting: number; closedMeeting: number; memberIds: number[]; report: string } {
  const db = path.join(dir, 'store.sqlite');
  const svc = new TellerService({ actor: 'prep', now, storePath: db, demoPath: path.join(dir, 'demo.sqlite'), passphrase: TEST_PASSPHRASE });
  const h = svc.handlers;
  h.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
  h.addBranch({ name: 'Larkmere' });
  h.addBranch({ name: 'Copperfield North' });
  h.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
  const file = path.join(dir, 'members.csv');
  fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(2000, ['Larkmere', 'Copperfield North'], 3)));
  importMembers(svc, file); // the ballot's first list: used at once
  const [larkmere, copperfield] = branches(svc.store);
  const deskMeeting = h.scheduleMeeting({ branchId: larkmere!.id, date: '2026-06-10' }).id;
  const closedMeeting = h.scheduleMeeting({ branchId: copperfield!.id, date: '2026-06-11' }).id;
  h.saveMeetingDraft({ meetingId: closedMeeting, record: { ...EMPTY_RECORD, chair: 'Delyth', attendanceSource: 'manual', attendance: 20, eligibleAttendance: 20, votes: { selection: 9, reselect: 8, abstain: 0, spoilt: 0 } } });
  h.closeMeeting({ meetingId: closedMeeting });
  h.unlockSigningKey({ passphrase: 'a passphrase for tests' });
  const report = path.join(dir, 'report.teller.json');
  fs.writeFileSync(report, h.exportReport({ status: 'interim' }).json);
  const memberIds = (svc.store.db.prepare('SELECT id FROM member LIMIT 300').all() as { id: number }[]).map((r) => r.id);
  svc.close();
  return { db, deskMeeting, closedMeeting, memberIds, report };
}

function serve(db: string): Promise<{ child: ChildProcess; origin: string; token: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/teller.cjs', 'serve', '--db', db], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, TELLER_PASSPHRASE: TEST_PASSPHRASE } });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/.exec(out);
      if (m) resolve({ child, origin: m[1]!, token: m[2]! });
    });
    child.on('exit', () => reject(new Error(`teller serve exited: ${out}`)));
  });
}

describe('killing the running app during a check-in burst, a meeting correction and a regional import', () => {
  it('leaves the store sound, the chain verifiable, and every operation whole or absent (8 kills)', async () => {
    const { db, deskMeeting, closedMeeting, memberIds, report } = prepare();
    for (let round = 0; round < 8; round++) {
      const { child, origin, token } = await serve(db);
      const api = (method: string, input: unknown) =>
        fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'X-Teller-Token': token }, body: JSON.stringify(input) }).catch(() => null);
      const exited = new Promise((r) => child.on('exit', r));
      const work = (async () => {
        for (let i = 0; ; i++) {
          const memberId = memberIds[(round * 37 + i) % memberIds.length]!;
          const calls = [
            api('recordCheckin', { meetingId: deskMeeting, memberId, outcome: 'refused', note: `burst ${round}.${i}` }),
            api('correctMeeting', {
              meetingId: closedMeeting,
              record: { ...EMPTY_RECORD, chair: 'Delyth', attendanceSource: 'manual', attendance: 20, eligibleAttendance: 20, votes: { selection: i % 10, reselect: 8, abstain: 0, spoilt: 0 } },
              reason: `recount ${round}.${i}`,
            }),
          ];
          if (i % 5 === 0) {
            const upload = await fetch(`${origin}/upload?name=r.json`, { method: 'POST', headers: { 'X-Teller-Token': token }, body: fs.readFileSync(report) }).catch(() => null);
            const staged = (await upload?.json().catch(() => null)) as { ok: boolean; value?: { fileId: string } } | null;
            if (staged?.value) calls.push(api('importReports', { fileIds: [staged.value.fileId] }));
          }
          if ((await Promise.all(calls)).some((r) => r === null)) return;
        }
      })();
      setTimeout(() => child.kill('SIGKILL'), 200 + Math.floor(Math.random() * 800));
      await Promise.all([work, exited]);

      const store = new ClpStore(db, { actor: 'check', now }, { key: testKey(db) });
      expect(store.verifyAudit().ok).toBe(true);
      const count = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
      // Every row has its audit entry and every entry its row: nothing half-written.
      expect(count('SELECT COUNT(*) AS n FROM checkin')).toBe(count("SELECT COUNT(*) AS n FROM audit_entry WHERE action LIKE 'checkin.%'"));
      expect(count('SELECT COUNT(*) AS n FROM meeting_version')).toBe(count("SELECT COUNT(*) AS n FROM audit_entry WHERE action IN ('meeting.close', 'meeting.correct')"));
      expect(count('SELECT COUNT(*) AS n FROM region_file')).toBe(count("SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'report.receive'"));
      store.close();
      const raw = rawStore(db, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
    }
    // The rounds did real work before each kill.
    const raw = rawStore(db, { readonly: true });
    expect((raw.prepare('SELECT COUNT(*) AS n FROM checkin').get() as { n: number }).n).toBeGreaterThan(8);
    expect((raw.prepare('SELECT COUNT(*) AS n FROM meeting_version').get() as { n: number }).n).toBeGreaterThan(8);
    expect((raw.prepare('SELECT COUNT(*) AS n FROM region_file').get() as { n: number }).n).toBeLessThanOrEqual(1); // the same file, imported again and again
    raw.close();
  }, 180_000);
});

describe('a second running copy', () => {
  it('is refused in plain words while the first runs, and a copy that was killed leaves no lock behind that blocks', async () => {
    const db = path.join(dir, 'locked.sqlite');
    const { child } = await serve(db);
    expect(() => new TellerService({ actor: 'second', now, storePath: db, demoPath: path.join(dir, 'demo2.sqlite'), passphrase: TEST_PASSPHRASE })).toThrow(/Teller is already open on this store \(process \d+\)/);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    const svc = new TellerService({ actor: 'second', now, storePath: db, demoPath: path.join(dir, 'demo2.sqlite'), passphrase: TEST_PASSPHRASE });
    expect(svc.handlers.verifyAudit({}).ok).toBe(true);
    svc.close();
  });
});
