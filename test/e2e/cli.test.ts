import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ClpStore } from '../../db/store/clp-store';
import { populateDemoClp } from '../../db/setup/demo-clp';
import { TellerService } from '../../db/service';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function teller(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/teller.cjs', ...args], { encoding: 'utf8', env: { ...process.env, TELLER_DB: path.join(dir, 'default.sqlite') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function demoStore(name: string): string {
  const file = path.join(dir, name);
  const store = new ClpStore(file, { actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z') });
  populateDemoClp(store);
  store.close();
  return file;
}

describe('the teller command', () => {
  it('prints its version and help', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(teller('--version')).toMatchObject({ code: 0, out: `${pkg.version}\n` });
    const help = teller('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('teller audit verify');
    expect(help.out).toContain(path.join(dir, 'default.sqlite'));
  });

  it('exits 2 on a usage error', () => {
    expect(teller('frobnicate').code).toBe(2);
    expect(teller('status', '--bogus').code).toBe(2);
    expect(teller().code).toBe(2);
  });

  it('shows the status of a store', () => {
    const db = demoStore('status.sqlite');
    const r = teller('status', '--db', db);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/9 branches, 12 affiliates/);
    expect(r.out).toMatch(/Reported: 6\/9 branches, 7\/11 affiliates/);
    const json = JSON.parse(teller('status', '--db', db, '--json').out) as { outcome: { triggered: boolean; share: string } };
    expect(json.outcome).toMatchObject({ triggered: false, share: '11/30' });
  });

  it('verifies the audit trail, and exits 1 when it has been tampered with', () => {
    const db = demoStore('audit.sqlite');
    const ok = teller('audit', 'verify', '--db', db);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/The audit trail is intact: \d+ entries/);
    const raw = new Database(db);
    raw.exec(`UPDATE audit_entry SET after = replace(after, 'selection', 'reselect') WHERE action = 'result.record'`);
    raw.close();
    const bad = teller('audit', 'verify', '--db', db, '--json');
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.out) as { ok: boolean }).ok).toBe(false);
  });

  it('says plainly when there is no store', () => {
    const r = teller('status', '--db', path.join(dir, 'missing.sqlite'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/There is no Teller store at/);
  });
});

describe('teller register import', () => {
  const csv = (name: string, text: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const HEAD = 'Membership Number,Forename,Surname,Postcode,Ward,Date Joined,Status,Phone';

  it('imports into a new store and prints the report object of the format', () => {
    const file = csv('ok.csv', `${HEAD}\r\nL1,Zoë,Ash,ab1 2cd,W,01/02/2019,Active,0\r\nL2,Bo,Birch,AB1 2CD,W,31/02/2019,Active,0\r\n`);
    const db = path.join(dir, 'register-new.sqlite');
    const r = teller('register', 'import', '--db', db, '--file', file, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['file', 'sha256', 'encoding', 'rows', 'imported', 'rejected', 'ignoredColumns', 'snapshotId']);
    expect(out).toMatchObject({
      file,
      encoding: 'utf-8',
      rows: 2,
      imported: 1,
      rejected: [{ line: 3, reason: 'The join date "31/02/2019" is not a real date' }],
      ignoredColumns: ['Phone'],
      snapshotId: '1',
    });
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM member').get()).toEqual({ n: 1 });
    raw.close();
  });

  it('writes nothing on --dry-run, exiting 1 when it found row errors', () => {
    const db = path.join(dir, 'register-dry.sqlite');
    const bad = csv('dry-bad.csv', `${HEAD}\nL1,A,B,AB1 2CD,W,1/1/19,Active,\n`);
    expect(teller('register', 'import', '--db', db, '--file', bad, '--dry-run', '--json').code).toBe(1);
    const good = csv('dry-good.csv', `${HEAD}\nL1,A,B,AB1 2CD,W,01/01/2019,Active,\n`);
    const r = teller('register', 'import', '--db', db, '--file', good, '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 0, snapshotId: null });
    expect(fs.existsSync(db)).toBe(false);
  });

  it('exits 1 on a whole-file error, with the reason, and 2 on a usage error', () => {
    const db = path.join(dir, 'register-bad.sqlite');
    const r = teller('register', 'import', '--db', db, '--file', csv('binary.csv', Buffer.from([0x00, 0x01, 0x02, 0x03])));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/binary data/);
    expect(teller('register', 'import', '--db', db).code).toBe(2);
  });
});

describe('teller verify', () => {
  function report(): { file: string; keyId: string; publicKey: string } {
    const storePath = path.join(dir, `report-${Math.random().toString(36).slice(2)}.sqlite`);
    const store = new ClpStore(storePath, { actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z') });
    populateDemoClp(store);
    store.close();
    // Sign through the command's sibling: the service with a passphrase.
    const svc = new TellerService({ actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z'), storePath, demoPath: `${storePath}.demo` });
    svc.handlers.unlockSigningKey({ passphrase: 'a passphrase for tests' });
    const r = svc.handlers.exportReport({ status: 'final' });
    const signing = svc.handlers.getSigning({});
    svc.close();
    const file = path.join(dir, r.fileName.replace('.teller', `-${Math.random().toString(36).slice(2)}.teller`));
    fs.writeFileSync(file, r.json);
    return { file, keyId: r.keyId, publicKey: signing.current!.publicKey };
  }

  it('exits 0 when every file passes, printing one JSON object per file', () => {
    const { file } = report();
    const r = teller('verify', '--json', file);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Record<string, unknown>[];
    expect(out).toHaveLength(1);
    expect(Object.keys(out[0]!)).toEqual(['file', 'ok', 'keyId', 'clp', 'revision', 'recomputed', 'problems']);
    expect(out[0]).toMatchObject({ file, ok: true, revision: 1, problems: [] });
  });

  it('exits 1 when any file fails, naming each problem with its code', () => {
    const { file } = report();
    const tampered = path.join(dir, 'tampered.teller.json');
    fs.writeFileSync(tampered, fs.readFileSync(file, 'utf8').replace('"revision": 1', '"revision": 2'));
    const r = teller('verify', '--json', file, tampered);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { ok: boolean; problems: { code: string }[] }[];
    expect(out.map((o) => o.ok)).toEqual([true, false]);
    expect(out[1]?.problems.map((p) => p.code)).toEqual(['signature']);
  });

  it('checks a trust file, and exits 2 on a usage error', () => {
    const { file, keyId, publicKey } = report();
    const clp = (JSON.parse(fs.readFileSync(file, 'utf8')) as { payload: { clp: { name: string } } }).payload.clp.name;
    const trust = path.join(dir, 'trust.json');
    fs.writeFileSync(trust, JSON.stringify({ keys: [{ clp, keyId, publicKey, revoked: false }] }));
    expect(teller('verify', '--trust', trust, file).code).toBe(0);
    fs.writeFileSync(trust, JSON.stringify({ keys: [{ clp, keyId, publicKey, revoked: true }] }));
    const revoked = teller('verify', '--trust', trust, file);
    expect(revoked.code).toBe(1);
    expect(revoked.out).toMatch(/trust: Key .* was revoked/);
    expect(teller('verify').code).toBe(2);
    fs.writeFileSync(trust, '{"keys": "none"}');
    expect(teller('verify', '--trust', trust, file).code).toBe(2);
  });
});
