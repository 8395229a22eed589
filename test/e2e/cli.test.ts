import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import { afterAll, describe, expect, it } from 'vitest';
import { ClpStore } from '../../db/store/clp-store';
import { populateDemoClp } from '../../db/setup/demo-clp';
import { TellerService } from '../../db/service';
import { backupDir } from '../../db/store/backups';
import { rawStore, TEST_PASSPHRASE } from '../test-store';
import { generateSigningKey } from '../../db/signing/keys';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The tests' passphrase, given the way a script would give it (the other ways are tested below).
const env = { ...process.env, TELLER_DB: path.join(dir, 'default.sqlite'), TELLER_PASSPHRASE: TEST_PASSPHRASE };

function teller(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/teller.cjs', ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs the command with its output going through a pipe to a slow reader, as `teller … | slow-program` does. */
function throughPipe(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/teller.cjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      child.stdout.pause(); // the pipe fills while the reader dawdles
      setTimeout(() => child.stdout.resume(), 3);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8'), err }));
  });
}

/** Gives every audit entry its link and head again, as someone with the format and a script could. */
function rehash(file: string) {
  const db = rawStore(file);
  const sha = (b: string | Buffer) => createHash('sha256').update(b).digest();
  const json = (t: string | null): unknown => (t === null ? null : (JSON.parse(t) as unknown));
  let head = Buffer.alloc(32);
  let n = 0;
  for (const r of db.prepare('SELECT * FROM audit_entry ORDER BY seq').all() as Record<string, string | null>[]) {
    const link = sha(canonicalJson({ seq: Number(r.seq), at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: json(r.before ?? null), after: json(r.after ?? null) }));
    head = sha(Buffer.concat([head, link]));
    db.prepare('UPDATE audit_entry SET link = ?, head = ? WHERE seq = ?').run(link.toString('hex'), head.toString('hex'), r.seq);
    n = Number(r.seq);
  }
  db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(n, head.toString('hex'));
  db.close();
}

function demoStore(name: string): string {
  const file = path.join(dir, name);
  const store = new ClpStore(file, { actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z') }, { key: null });
  populateDemoClp(store);
  store.close();
  return file;
}

/** A signed report exported by the service, in a file of its own. */
function report(): { file: string; keyId: string; publicKey: string; storePath: string } {
  const storePath = path.join(dir, `report-${Math.random().toString(36).slice(2)}.sqlite`);
  const store = new ClpStore(storePath, { actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z') }, { key: null });
  populateDemoClp(store);
  store.close();
  // Sign through the command's sibling: the service with a passphrase.
  const svc = new TellerService({ actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z'), storePath, demoPath: `${storePath}.demo`, passphrase: TEST_PASSPHRASE });
  svc.handlers.unlockSigningKey({ passphrase: 'a passphrase for tests' });
  const r = svc.handlers.exportReport({ status: 'final', confirm: 'FINAL' });
  const signing = svc.handlers.getSigning({});
  svc.close();
  const file = path.join(dir, r.fileName.replace('.teller', `-${Math.random().toString(36).slice(2)}.teller`));
  fs.writeFileSync(file, r.json);
  return { file, keyId: r.keyId, publicKey: signing.current!.publicKey, storePath };
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
    const raw = rawStore(db);
    raw.exec(`UPDATE audit_entry SET after = replace(after, 'selection', 'reselect') WHERE action = 'result.record'`);
    raw.close();
    const bad = teller('audit', 'verify', '--db', db, '--json');
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.out) as { ok: boolean }).ok).toBe(false);
  });

  it('still checks the heads of reports issued before a restore, naming the break', () => {
    const storePath = path.join(dir, 'restored', 'store.sqlite');
    fs.mkdirSync(path.dirname(storePath), { recursive: true });
    // A plain store, encrypted when the service first opens it with a passphrase.
    const store = new ClpStore(storePath, { actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z') }, { key: null });
    populateDemoClp(store);
    store.close();
    const svc = new TellerService({ actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z'), storePath, demoPath: `${storePath}.demo`, passphrase: TEST_PASSPHRASE });
    svc.handlers.unlockSigningKey({ passphrase: 'a passphrase for tests' });
    const backup = svc.handlers.backupNow({}).find((b) => b.name.includes('on-request'));
    svc.handlers.addBranch({ name: 'Added after the backup' });
    svc.handlers.exportReport({ status: 'interim' });
    svc.handlers.restoreBackup({ name: backup!.name, confirm: 'RESTORE' });
    svc.close();
    const r = teller('audit', 'verify', '--db', storePath);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^The audit trail fails its checks \(altered, or taken back by a restore\):\n {2}- Report revision 1 was issued from the first \d+ entries \(head [0-9a-f]{64}\), but entry \d+ restored the backup .*on-request\.sqlite from before it: the record no longer carries on from that report, and the regional office will see the break\.\n$/);
  });

  it('checks one report against the store: 0 while the record extends it, 1 once rewritten, 2 on usage', () => {
    const { file, storePath } = report();
    const ok = teller('audit', 'verify', '--report', file, '--db', storePath);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^OK .*revision 1: The record still extends what this report was issued from: its audit head is the record's head after entry \d+/);
    expect(JSON.parse(teller('audit', 'verify', '--report', file, '--db', storePath, '--json').out)).toMatchObject({ ok: true, revision: 1 });
    expect(teller('audit', 'verify', '--report', path.join(dir, 'no-such-report.json'), '--db', storePath).code).toBe(2);
    // Rewrite an early entry and re-hash everything after it, head row and recorded heads included.
    const raw = rawStore(storePath);
    raw.exec("UPDATE audit_entry SET actor = 'someone else' WHERE seq = 2; DELETE FROM issued_head;");
    raw.close();
    rehash(storePath);
    const bad = teller('audit', 'verify', '--report', file, '--db', storePath);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^FAIL .*revision 1: The record no longer extends what this report was issued from/);
    expect(teller('audit', 'verify', '--db', storePath).code).toBe(1); // the recorded head is gone, and says so
  });

  it('only reads: status and audit verify leave the store and the -wal beside it byte for byte', () => {
    const source = path.join(dir, `wal-source-${Math.random().toString(36).slice(2)}.sqlite`);
    const store = new ClpStore(source, { actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z') }, { key: null });
    store.db.pragma('wal_autocheckpoint = 0');
    populateDemoClp(store);
    const db = path.join(dir, `wal-${Math.random().toString(36).slice(2)}.sqlite`);
    fs.copyFileSync(source, db); // as a crash leaves it: the latest changes only in the log
    fs.copyFileSync(`${source}-wal`, `${db}-wal`);
    store.close();
    const bytes = fs.readFileSync(db);
    const log = fs.readFileSync(`${db}-wal`);
    expect(log.length).toBeGreaterThan(0);
    expect(teller('status', '--db', db)).toMatchObject({ code: 0, out: expect.stringMatching(/9 branches, 12 affiliates/) as unknown });
    expect(teller('audit', 'verify', '--db', db).code).toBe(0);
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
    expect(fs.readFileSync(`${db}-wal`).equals(log)).toBe(true);
    expect(fs.existsSync(`${db}.lock`)).toBe(false);
  });

  it('says plainly when there is no store', () => {
    const r = teller('status', '--db', path.join(dir, 'missing.sqlite'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/There is no Teller store at/);
    const audit = teller('audit', 'verify', '--db', path.join(dir, 'missing.sqlite'));
    expect(audit.code).toBe(1);
    expect(audit.err).toMatch(/There is no Teller store at/);
    expect(fs.existsSync(path.join(dir, 'missing.sqlite'))).toBe(false);
  });

  it('refuses a store the app has open, in the service’s own words, and changes nothing', () => {
    const db = demoStore('locked.sqlite');
    const file = path.join(dir, 'locked.csv');
    fs.writeFileSync(file, 'Membership Number,Forename,Surname,Postcode,Ward,Date Joined,Status\nL1,A,B,AB1 2CD,W,01/01/2019,Active\n');
    new TellerService({ actor: 'app', now: () => new Date(), storePath: db, demoPath: `${db}.demo`, passphrase: TEST_PASSPHRASE }).close(); // encrypted on its first open
    const before = fs.readFileSync(db);
    // The app holds the store: a service in another process (this one), with its lock.
    const app = new TellerService({ actor: 'app', now: () => new Date(), storePath: db, demoPath: `${db}.demo`, passphrase: TEST_PASSPHRASE });
    try {
      for (const args of [['status'], ['status', '--json'], ['audit', 'verify'], ['register', 'import', '--file', file], ['register', 'import', '--file', file, '--json']]) {
        const r = teller(...args, '--db', db);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.err, args.join(' ')).toBe(`Teller is already open on this store (process ${process.pid}). Close the other copy first; two copies writing at once could confuse the record.\n`);
      }
    } finally {
      app.close();
    }
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(teller('status', '--db', db).code).toBe(0); // once the app has closed it
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
    const raw = rawStore(db, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM member').get()).toEqual({ n: 1 });
    raw.close();
  });

  it('backs the store up first and gives the ballot its first list, as the app does', () => {
    const db = path.join(dir, 'ballot', 'store.sqlite');
    const svc = new TellerService({ actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z'), storePath: db, demoPath: `${db}.demo`, passphrase: TEST_PASSPHRASE });
    svc.handlers.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
    svc.handlers.addBranch({ name: 'W' });
    svc.handlers.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
    svc.close();
    const file = csv('ballot.csv', `${HEAD}\nL1,A,B,AB1 2CD,W,01/01/2019,Active,\nL2,C,D,AB1 2CD,W,01/01/2019,Active,\n`);
    const ballotList = () => {
      const raw = rawStore(db, { readonly: true });
      const row = raw.prepare('SELECT snapshot_id AS id FROM ballot').get() as { id: number | null };
      raw.close();
      return row.id;
    };
    const backups = () => fs.readdirSync(backupDir(db)).filter((f) => /-before-import(-\d+)?\.sqlite$/.test(f));
    expect(teller('register', 'import', '--db', db, '--file', file)).toMatchObject({ code: 0, out: '2 rows read (utf-8); imported 2 as snapshot 1.\nColumns not imported: Phone\n', err: '' });
    expect(ballotList()).toBe(1);
    expect(backups()).toHaveLength(1);
    // A later list never silently replaces the ballot's.
    expect(JSON.parse(teller('register', 'import', '--db', db, '--file', file, '--json').out)).toMatchObject({ imported: 2, snapshotId: '2' });
    expect(ballotList()).toBe(1);
    expect(backups()).toHaveLength(2);
    expect(teller('audit', 'verify', '--db', db).code).toBe(0);
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
    // A trust entry whose publicKey is not the key its keyId names is an error, not trust.
    const other = generateSigningKey().publicKeyRaw.toString('base64');
    fs.writeFileSync(trust, JSON.stringify({ keys: [{ clp, keyId, publicKey: other, revoked: false }] }));
    const mismatch = teller('verify', '--trust', trust, file);
    expect(mismatch.code).toBe(2);
    expect(mismatch.err).toMatch(/^The trust file .* cannot be used: entry 1 \(.*\) gives the keyId [0-9a-f ]+, but its publicKey is a different key/);
  });

  it('says that only the signature was checked when no trust list is given, and how a file could not be read', () => {
    const { file } = report();
    const plain = teller('verify', file);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/^OK {3}.* — .*, revision 1, key [0-9a-f ]+: signature valid; no trust list given\n$/);
    const missing = path.join(dir, 'no-such-report.teller.json');
    const r = teller('verify', file, missing);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[1]).toBe(`FAIL ${missing}: cannot read ${missing}: there is no such file`);
    expect(r.out).not.toMatch(/format:/);
    const json = JSON.parse(teller('verify', '--json', missing).out) as { ok: boolean; problems: { code: string; message: string }[] }[];
    expect(json).toMatchObject([{ ok: false, problems: [{ code: 'format', message: `cannot read ${missing}: there is no such file` }] }]);
  });
});

describe('output through a pipe', () => {
  const MB = 1024 * 1024;

  it('arrives whole from teller verify --json over many reports, and stops quietly when the reader goes', async () => {
    const { file } = report();
    const files = Array.from({ length: 4000 }, (_, i) => {
      const copy = path.join(dir, 'many', `report-${i}.teller.json`);
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.copyFileSync(file, copy);
      return copy;
    });
    const r = await throughPipe('verify', '--json', ...files);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.length).toBeGreaterThan(MB);
    const out = JSON.parse(r.out) as { file: string; ok: boolean }[];
    expect(out.map((o) => o.file)).toEqual(files);
    expect(out.every((o) => o.ok)).toBe(true);
    // `| head -c 100`: the reader leaves after 100 bytes; no error message, no failure.
    const head = spawnSync('bash', ['-c', 'set -o pipefail; node bin/teller.cjs verify --json "$@" | head -c 100', 'bash', ...files], { encoding: 'utf8', env });
    expect(head.stderr).toBe('');
    expect(head.status).toBe(0);
    expect(head.stdout).toHaveLength(100);
  });

  it('arrives whole from teller register import --json, with and without --dry-run', async () => {
    // 600 rows whose long join dates are each quoted back in the reason, and one good row.
    const bad = Array.from({ length: 600 }, (_, i) => `L${i + 10},A,B,AB1 2CD,W,${'9'.repeat(2500)},Active,`);
    const file = path.join(dir, 'long-reasons.csv');
    fs.writeFileSync(file, ['Membership Number,Forename,Surname,Postcode,Ward,Date Joined,Status,Phone', 'L1,A,B,AB1 2CD,W,01/01/2019,Active,', ...bad, ''].join('\n'));
    const db = path.join(dir, 'pipe', 'store.sqlite');
    const dry = await throughPipe('register', 'import', '--db', db, '--file', file, '--json', '--dry-run');
    expect(dry.err).toBe('');
    expect(dry.code).toBe(1);
    expect(dry.out.length).toBeGreaterThan(MB);
    const preview = JSON.parse(dry.out) as { rows: number; rejected: { line: number; reason: string }[]; snapshotId: null };
    expect(preview).toMatchObject({ rows: 601, imported: 0, snapshotId: null });
    expect(preview.rejected[0]?.line).toBe(3);
    expect(preview.rejected[0]?.reason).toContain('9'.repeat(2500));
    expect(fs.existsSync(db)).toBe(false);
    const real = await throughPipe('register', 'import', '--db', db, '--file', file, '--json');
    expect(real.err).toBe('');
    expect(real.code).toBe(0);
    expect(real.out.length).toBeGreaterThan(MB);
    const imported = JSON.parse(real.out) as { rejected: { line: number }[] };
    expect(imported).toMatchObject({ rows: 601, imported: 1, snapshotId: '1' });
    // The import's report lists every rejected row, from the snapshot.
    expect(imported.rejected.map((r) => r.line)).toEqual(bad.map((_, i) => i + 3));
  });

  it('arrives whole from teller status --json and teller audit verify --json', async () => {
    const db = demoStore('pipe-status.sqlite');
    const status = await throughPipe('status', '--db', db, '--json');
    expect(status).toMatchObject({ code: 0, err: '' });
    expect((JSON.parse(status.out) as { outcome: { share: string } }).outcome.share).toBe('11/30');
    const audit = await throughPipe('audit', 'verify', '--db', db, '--json');
    expect(audit).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(audit.out)).toMatchObject({ ok: true, problems: [] });
  });
});

describe('the passphrase of an encrypted store', () => {
  const HEADER = 'Membership Number,Forename,Surname,Postcode,Ward,Date Joined,Status';
  /** An encrypted store made by the command itself, with one member in it. */
  function encryptedStore(name: string): string {
    const db = path.join(dir, name, 'store.sqlite');
    const file = path.join(dir, `${name}.csv`);
    fs.writeFileSync(file, `${HEADER}\nL1,Hebblethwaite,Zoë,TV1 2AB,W,01/01/2019,Active\n`);
    expect(teller('register', 'import', '--db', db, '--file', file).code).toBe(0);
    expect(fs.readFileSync(db).includes('Hebblethwaite')).toBe(false);
    return db;
  }
  const bare = { ...env, TELLER_PASSPHRASE: '' };
  const run = (e: NodeJS.ProcessEnv, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/teller.cjs', ...args], { encoding: 'utf8', env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('comes from TELLER_PASSPHRASE', () => {
    const db = encryptedStore('from-env');
    expect(teller('status', '--db', db, '--json').code).toBe(0);
    const wrong = run({ ...env, TELLER_PASSPHRASE: 'not the right one' }, 'status', '--db', db);
    expect(wrong).toMatchObject({ code: 1, err: 'That passphrase does not open this store. Nothing has been changed; try again.\n' });
  });

  it('comes from --passphrase-file (its first line), before TELLER_PASSPHRASE', () => {
    const db = encryptedStore('from-file');
    const file = path.join(dir, 'passphrase.txt');
    fs.writeFileSync(file, `${TEST_PASSPHRASE}\n`);
    expect(run(bare, 'audit', 'verify', '--db', db, '--passphrase-file', file)).toMatchObject({ code: 0, out: expect.stringMatching(/^The audit trail is intact/) as unknown });
    const wrongFile = path.join(dir, 'wrong-passphrase.txt');
    fs.writeFileSync(wrongFile, 'not the right one\n');
    const before = fs.readFileSync(db);
    expect(teller('status', '--db', db, '--passphrase-file', wrongFile)).toMatchObject({ code: 1, err: expect.stringMatching(/^That passphrase does not open this store\. Nothing has been changed/) as unknown });
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(run(bare, 'status', '--db', db, '--passphrase-file', path.join(dir, 'no-such-file'))).toMatchObject({ code: 2, err: expect.stringMatching(/^The passphrase file .* cannot be read/) as unknown });
  });

  it('is asked for on a terminal, echoing nothing; without one, the command says how to give it', () => {
    const db = encryptedStore('from-prompt');
    // `script` gives the command a terminal of its own; the passphrase is typed into it.
    const typed = spawnSync('bash', ['-c', `(sleep 1.5; printf '%s\\r' "$1"; sleep 4) | script -qec "$2" /dev/null`, 'bash', TEST_PASSPHRASE, `${process.execPath} bin/teller.cjs status --db ${db}`], { encoding: 'utf8', env: bare, timeout: 60_000 });
    expect(typed.status).toBe(0);
    expect(typed.stdout).toMatch(/Passphrase for .*store\.sqlite: /);
    expect(typed.stdout).not.toContain(TEST_PASSPHRASE);
    expect(typed.stdout).toMatch(/No CLP has been set up in this store yet\./);
    const none = run(bare, 'status', '--db', db);
    expect(none).toMatchObject({ code: 1, err: expect.stringMatching(/^The store at .* is encrypted: give its passphrase with --passphrase-file FILE or TELLER_PASSPHRASE, or run the command in a terminal to be asked for it\. Nothing has been changed\.\n$/) as unknown });
  });
});

describe('teller store check', () => {
  it('checks an encrypted store read-only: SQLite’s check, the format, the audit chain, the records of each kind', () => {
    const db = path.join(dir, 'check', 'store.sqlite');
    const file = path.join(dir, 'check.csv');
    fs.writeFileSync(file, `Membership Number,Forename,Surname,Postcode,Ward,Date Joined,Status\nL1,A,B,AB1 2CD,W,01/01/2019,Active\nL2,C,D,AB1 2CD,W,01/01/2019,Active\n`);
    expect(teller('register', 'import', '--db', db, '--file', file).code).toBe(0);
    const before = fs.readFileSync(db);
    const r = teller('store', 'check', '--db', db, '--json');
    expect(r.code).toBe(0);
    const check = JSON.parse(r.out) as Record<string, unknown>;
    expect(check).toMatchObject({ ok: true, encrypted: true, integrity: ['ok'], audit: { ok: true, entries: 1 } });
    expect(check.counts).toEqual({ listSnapshots: 1, members: 2, registerEntries: 0, meetings: 0, checkIns: 0, complaints: 0, reports: 0, regionReports: 0 });
    const text = teller('store', 'check', '--db', db);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/\(encrypted\)\nSQLite's integrity check: ok\nFormat version: \d+ \(this Teller writes \d+\)\nAudit trail: intact, 1 entries, head [0-9a-f]{64}\nList snapshots: 1\nMembers: 2\n/);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(fs.existsSync(`${db}.lock`)).toBe(false);
    // Tampered with: exit 1, and says where.
    const raw = rawStore(db);
    raw.exec("UPDATE audit_entry SET actor = 'someone else' WHERE seq = 1");
    raw.close();
    const bad = teller('store', 'check', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Audit trail: broken: /);
  });
});
