import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../../db/store/migrations';
import { recomputedHeads, verifyAuditChain } from '../../../db/store/audit';
import { findIssuedHead, oldEntryHash } from '../../../db/store/audit-history';
import { canonicalJson } from '../../../shared/canonical-json';
import { migrate, openStore } from '../../../db/store/open';
import { backupDir } from '../../../db/store/backups';
import { rawStore, testKey } from '../../test-store';
import { tempDir } from './fixtures';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('are numbered 1, 2, 3… with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('migration 1 creates the CLP, units, ballot, results and audit tables', () => {
    const db = new Database(path.join(tempDir(), 'm1.sqlite'));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 1));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['affiliate', 'audit_entry', 'audit_head', 'ballot', 'branch', 'clp', 'unit_result']);
    db.close();
  });

  it('migration 2 adds membership and register snapshots, the cross-match, meetings and check-ins', () => {
    const db = new Database(path.join(tempDir(), 'm2.sqlite'));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['member_snapshot', 'member', 'register_snapshot', 'register_entry', 'register_match', 'meeting', 'checkin']));
    const ballotColumns = (db.prepare('PRAGMA table_info(ballot)').all() as { name: string }[]).map((c) => c.name);
    expect(ballotColumns).toEqual(expect.arrayContaining(['snapshot_id', 'eligibility']));
    db.close();
  });

  it('migration 3 adds meeting versions, the quorum, affiliate decisions and complaints, keeping earlier data', () => {
    const db = new Database(path.join(tempDir(), 'm3.sqlite'));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
    db.exec("INSERT INTO clp (id, name, code, mp_name) VALUES (1, 'Kept', NULL, 'MP')");
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(tables(db)).toEqual(expect.arrayContaining(['meeting_version', 'affiliate_decision', 'complaint']));
    expect(db.prepare('SELECT name FROM clp').get()).toEqual({ name: 'Kept' });
    db.close();
  });

  it('migration 6 lets a meeting be withdrawn with its reason, keeping earlier meetings', () => {
    const db = new Database(path.join(tempDir(), 'm6.sqlite'));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 5));
    db.exec("INSERT INTO ballot (id, freeze_date, opens_on, closes_on, rules) VALUES ('b', '2026-05-01', '2026-06-01', '2026-07-17', '{}')");
    db.exec("INSERT INTO branch (id, name, name_key) VALUES (1, 'Kept', 'kept')");
    db.exec("INSERT INTO meeting (id, ballot_id, branch_id, date) VALUES (1, 'b', 1, '2026-06-10')");
    migrate(db, MIGRATIONS.filter((m) => m.version <= 6));
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(db.prepare('SELECT state, withdrawn_at, withdrawn_reason FROM meeting').get()).toEqual({ state: 'open', withdrawn_at: null, withdrawn_reason: null });
    expect(() => db.exec("UPDATE meeting SET withdrawn_at = '2026-06-09T10:00:00Z'")).toThrow(/CHECK/);
    db.close();
  });

  it('migration 9 gives each store its own random id, which its backups carry', () => {
    const ids = ['a.sqlite', 'b.sqlite'].map((name) => {
      const db = new Database(path.join(tempDir(), name));
      migrate(db, MIGRATIONS.filter((m) => m.version <= 9));
      const row = db.prepare('SELECT store_id FROM store_identity').all() as { store_id: string }[];
      expect(() => db.exec("INSERT INTO store_identity (id, store_id) VALUES (2, 'x')")).toThrow(/CHECK/);
      db.close();
      expect(row).toHaveLength(1);
      return row[0]!.store_id;
    });
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('migration 8 lets a branch or affiliate be withdrawn with its reason, keeping earlier units', () => {
    const db = new Database(path.join(tempDir(), 'm8.sqlite'));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 7));
    db.exec("INSERT INTO branch (id, name, name_key) VALUES (1, 'Kept', 'kept')");
    db.exec("INSERT INTO affiliate (id, name, name_key, kind, eligible) VALUES (1, 'Union', 'union', 'trade-union', 1)");
    migrate(db, MIGRATIONS.filter((m) => m.version <= 8));
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    for (const table of ['branch', 'affiliate']) {
      expect(db.prepare(`SELECT withdrawn_at, withdrawn_reason FROM ${table}`).get()).toEqual({ withdrawn_at: null, withdrawn_reason: null });
      expect(() => db.exec(`UPDATE ${table} SET withdrawn_at = '2026-06-09T10:00:00Z'`)).toThrow(/CHECK/);
    }
    db.close();
  });

  it('opens a new store in WAL mode with foreign keys on, at the latest version', () => {
    const db = openStore(path.join(tempDir(), 'new.sqlite'), null);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('is idempotent: reopening a store changes nothing', () => {
    const file = path.join(tempDir(), 'again.sqlite');
    openStore(file, null).close();
    const db = openStore(file, null);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses to open a store written by a newer Teller, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'future.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.pragma('application_id = 0x546c7231'); // Teller's mark, which newer Teller writes too
    raw.close();
    expect(() => openStore(file, null)).toThrow(/newer version of Teller/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 5);
    expect(tables(check)).toEqual(['from_the_future']);
    check.close();
  });

  it('rolls a failing migration back whole, version included', () => {
    const db = new Database(path.join(tempDir(), 'fail.sqlite'));
    const broken = [
      ...MIGRATIONS,
      {
        version: LATEST_VERSION + 1,
        name: 'half-done',
        update(d: Database.Database) {
          d.exec('CREATE TABLE half_done (x)');
          throw new Error('disk on fire');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/disk on fire/);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });
});

describe('a damaged store', () => {
  it('is refused with a clear message and left byte for byte as it was', async () => {
    const { openService, setUpClp } = await import('./fixtures');
    const svc = openService();
    setUpClp(svc);
    for (let i = 0; i < 300; i++) svc.ok('addBranch', { name: `Ward ${i} ${'x'.repeat(80)}` });
    svc.service.close();
    const raw = rawStore(svc.storePath);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const bytes = fs.readFileSync(svc.storePath);
    const pageSize = 4096;
    bytes.fill(0x5a, pageSize * 3, pageSize * 6); // scribble over pages in the middle
    fs.writeFileSync(svc.storePath, bytes);
    expect(() => openStore(svc.storePath, testKey(svc.storePath))).toThrow(/is damaged .* Nothing has been changed\. Restore a backup/);
    expect(fs.readFileSync(svc.storePath).equals(bytes)).toBe(true);
  });
});

describe('migration 7: the audit trail as a chain of links', () => {
  const relink = MIGRATIONS.find((m) => m.name.startsWith('The audit trail as a chain of links'))!;

  /** A store as the Teller before links left it: the old chain over three entries. */
  function oldStore(): string {
    const file = path.join(tempDir(), 'old.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL'); // as Teller always opened them
    migrate(db, MIGRATIONS.filter((m) => m.version < relink.version));
    db.exec("INSERT INTO clp (id, name, code, mp_name) VALUES (1, 'Kept', NULL, 'MP')");
    let prev = '0'.repeat(64);
    const facts = [
      { action: 'clp.save', before: null, after: '{"code":null,"mpName":"MP","name":"Kept"}' },
      { action: 'branch.add', before: null, after: '{"name":"Ashbrook West"}' },
      { action: 'result.record', before: '{"result":null}', after: '{"result":"selection"}' },
    ];
    facts.forEach((f, i) => {
      const row = { seq: i + 1, at: `2026-06-14T20:00:0${i}Z`, actor: 'sec', action: f.action, entity: 'x', entity_id: String(i), before: f.before, after: f.after };
      const hash = oldEntryHash(row, prev);
      db.prepare('INSERT INTO audit_entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, row.before, row.after, prev, hash);
      prev = hash;
    });
    db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, 3, ?)').run(prev);
    db.close();
    return file;
  }

  it('rewrites a verified old chain into links, keeps every entry and records itself as an entry', () => {
    const file = oldStore();
    const oldHead = (new Database(file, { readonly: true }).prepare('SELECT hash FROM audit_head').get() as { hash: string }).hash;
    const db = openStore(file, null);
    const verdict = verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: true, entries: 4, problems: [] });
    const rows = db.prepare('SELECT seq, action, after, before FROM audit_entry ORDER BY seq').all() as { seq: number; action: string; after: string; before: string }[];
    expect(rows.map((r) => r.action)).toEqual(['clp.save', 'branch.add', 'result.record', 'audit.relink']);
    expect(JSON.parse(rows[3]!.before)).toMatchObject({ entries: 3, head: oldHead });
    expect(JSON.parse(rows[3]!.after)).toMatchObject({ entries: 3, head: recomputedHeads(db)[3] });
    expect(rows[2]!.after).toBe('{"result":"selection"}');
    expect(fs.readdirSync(backupDir(file)).some((f) => f.includes('before-migration'))).toBe(true);
    db.close();
  });

  it('keeps the heads of reports issued before it, and still matches their old-form auditHead', () => {
    const file = oldStore();
    const db0 = new Database(file);
    const prev = (db0.prepare('SELECT hash FROM audit_head').get() as { hash: string }).hash;
    db0.exec("INSERT INTO ballot (id, freeze_date, opens_on, closes_on, rules) VALUES ('b1', '2026-05-01', '2026-06-01', '2026-07-01', '{}')");
    db0.exec("INSERT INTO report_export VALUES ('b1', 1, 'interim', '2026-06-14T20:00:05Z', 'k', 's')");
    const row = { seq: 4, at: '2026-06-14T20:00:05Z', actor: 'sec', action: 'report.export', entity: 'report', entity_id: 'b1/1', before: null, after: canonicalJson({ revision: 1, auditHead: prev }) };
    const hash = oldEntryHash(row, prev);
    db0.prepare('INSERT INTO audit_entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, row.before, row.after, prev, hash);
    db0.prepare('UPDATE audit_head SET seq = 4, hash = ?').run(hash);
    db0.close();
    const db = openStore(file, null);
    expect(db.prepare('SELECT ballot_id, revision, entries, head FROM issued_head').all()).toEqual([{ ballot_id: 'b1', revision: 1, entries: 3, head: recomputedHeads(db)[3] }]);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 5 });
    expect(findIssuedHead(db, prev)).toEqual({ entries: 3, form: 'old' });
    expect(findIssuedHead(db, recomputedHeads(db)[3]!)).toEqual({ entries: 3, form: 'links' });
    expect(findIssuedHead(db, 'c'.repeat(64))).toBeNull();
    db.close();
  });

  it('refuses, in plain words and changing nothing, to migrate a store whose old chain is broken', () => {
    const file = oldStore();
    const raw = new Database(file);
    raw.exec("UPDATE audit_entry SET after = '{\"result\":\"reselect\"}' WHERE seq = 3");
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const bytes = fs.readFileSync(file);
    expect(() => openStore(file, null)).toThrow(/audit trail was altered before this version of Teller opened it \(Entry 3 has been altered since it was written\.\).*Nothing has been changed\./);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses before any earlier migration runs, so an older store keeps its version too', () => {
    const file = path.join(tempDir(), 'v4.sqlite');
    const db = new Database(file);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 4));
    db.prepare("INSERT INTO audit_entry VALUES (1, '2026-01-01T00:00:00Z', 'a', 'x', 'x', NULL, NULL, NULL, ?, ?)").run('0'.repeat(64), 'f'.repeat(64));
    db.prepare('INSERT INTO audit_head VALUES (1, 1, ?)').run('f'.repeat(64));
    db.close();
    expect(() => openStore(file, null)).toThrow(/will not rewrite/);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(4);
    check.close();
  });
});
