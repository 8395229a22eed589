import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backup, StoreAccess, TellerState } from '../../../shared/api';
import { dispatchCall } from '../../../shared/api-dispatch';
import { sealUpload } from '../../../db/files/staged-files';
import { syntheticMembers, syntheticMembershipCsv, syntheticRegisterCsv } from '../../../db/members/synthetic-members';
import { TellerService } from '../../../db/service';
import { backupDir, backupStore, listBackups } from '../../../db/store/backups';
import { ClpStore } from '../../../db/store/clp-store';
import { connect, isPlainSqlite } from '../../../db/store/connect';
import { demoStorePath } from '../../../db/store/location';
import { openStore } from '../../../db/store/open';
import { checkStore } from '../../../db/store/store-check';
import { keyFileFor, unsealStoreKey } from '../../../db/store/store-key';
import { rawStore, TEST_PASSPHRASE, testKey } from '../../test-store';
import { openService, previewOf, setUpClp, steppingClock, tempDir } from './fixtures';

const BRANCHES = ['Ashbrook West', 'Fernley South'];
const MEMBERS = syntheticMembers(400, BRANCHES, 21);

/** Every file under a folder, however deep. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

/** The personal data of the imported lists, as it would appear in a file kept in plain text. */
const NEEDLES = [
  ...new Set([
    ...MEMBERS.slice(0, 60).flatMap((m) => [m.number, m.postcode, `${m.first.toLowerCase()}@example.invalid`]),
    ...MEMBERS.map((m) => m.last).filter((l) => l.length >= 6),
    'Teller Vale',
  ]),
];

function plainTextIn(file: string): string[] {
  const bytes = fs.readFileSync(file);
  return NEEDLES.filter((n) => bytes.includes(Buffer.from(n, 'utf8')));
}

/** A list uploaded the way the browser host saves it (encrypted with the uploads' key), not yet imported. */
function stageUpload(svc: ReturnType<typeof openService>, name: string, bytes: Buffer | string): string {
  const target = svc.service.staged.uploadTarget(name);
  fs.writeFileSync(target.path, sealUpload(target.key, bytes), { mode: 0o600 });
  svc.service.staged.uploaded(target.id);
  return target.id;
}

/** Imports a list the way the browser host does: uploaded into the store's uploads folder, previewed, imported. */
function importUploaded(svc: ReturnType<typeof openService>, kind: 'members' | 'register', text: string): void {
  const target = { id: stageUpload(svc, `${kind}.csv`, text) };
  const job = svc.ok<{ state: string }>('startImport', { kind, fileId: target.id, mapping: previewOf(svc, { kind, fileId: target.id }).mapping });
  expect(job.state).toBe('done');
}

function storeWithLists(dir = tempDir()) {
  const svc = openService(dir);
  setUpClp(svc);
  svc.service.store.db.pragma('wal_autocheckpoint = 0'); // keep the latest pages in the -wal, as a running app has them
  importUploaded(svc, 'members', syntheticMembershipCsv(MEMBERS));
  importUploaded(svc, 'register', syntheticRegisterCsv(MEMBERS, 600));
  svc.ok<Backup[]>('backupNow');
  return svc;
}

const call = (service: TellerService, method: string, input: unknown = {}) => dispatchCall(service.handlers, method, input);

describe('the store at rest', () => {
  it('holds no plain name, membership number, postcode or email in any file of the data folder', () => {
    const dir = tempDir();
    const svc = storeWithLists(dir);
    // The search finds the data when it is there: the lists as imported are full of it.
    expect(NEEDLES.filter((n) => syntheticMembershipCsv(MEMBERS).includes(n) || syntheticRegisterCsv(MEMBERS, 600).includes(n))).toEqual(NEEDLES);
    const whileOpen = filesUnder(dir);
    expect(whileOpen.map((f) => path.relative(dir, f)).sort()).toEqual(
      expect.arrayContaining(['teller.sqlite', 'teller.sqlite-wal', 'teller.sqlite-shm', 'teller.sqlite.key', 'teller.sqlite.lock', expect.stringMatching(/^backups\/.*before-import\.sqlite$/), expect.stringMatching(/^backups\/.*on-request\.sqlite$/)]),
    );
    expect(fs.statSync(`${svc.storePath}-wal`).size).toBeGreaterThan(100_000);
    for (const file of whileOpen) expect(plainTextIn(file), path.relative(dir, file)).toEqual([]);
    // Uploads are deleted once imported: nothing is left in the uploads folder.
    expect(fs.existsSync(`${svc.storePath}.uploads`) ? fs.readdirSync(`${svc.storePath}.uploads`) : []).toEqual([]);
    // Lists uploaded and previewed but not yet imported wait there, encrypted.
    const waiting = [stageUpload(svc, 'members.csv', syntheticMembershipCsv(MEMBERS)), stageUpload(svc, 'register.csv', syntheticRegisterCsv(MEMBERS, 600))];
    expect(previewOf(svc, { kind: 'members', fileId: waiting[0]! }).rows).toBe(MEMBERS.length);
    const staged = filesUnder(dir).filter((f) => path.dirname(f) === `${svc.storePath}.uploads`);
    expect(staged).toHaveLength(2);
    for (const file of filesUnder(dir)) expect(plainTextIn(file), path.relative(dir, file)).toEqual([]);
    svc.service.close();
    expect(staged.filter((f) => fs.existsSync(f))).toEqual([]);
    for (const file of filesUnder(dir)) expect(plainTextIn(file), path.relative(dir, file)).toEqual([]);
    // …and with the key, it is all there.
    const db = rawStore(svc.storePath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM member').get()).toEqual({ n: MEMBERS.length });
    db.close();
  });

  it('cannot be opened without its key, or with another key', () => {
    const svc = openService();
    setUpClp(svc);
    svc.service.close();
    expect(isPlainSqlite(svc.storePath)).toBe(false);
    const bare = connect(svc.storePath, null, { readonly: true });
    expect(() => bare.prepare('SELECT name FROM clp').get()).toThrow(/file is not a database/);
    bare.close();
    expect(() => openStore(svc.storePath, null)).toThrow(/is not a database Teller can read without a key: it is encrypted, or it is not a Teller store\. Nothing has been changed\./);
    expect(() => openStore(svc.storePath, randomBytes(32))).toThrow(/cannot be read with this store's key.*Nothing has been changed/);
    expect(() => new TellerService({ actor: 'r', now: steppingClock(), storePath: svc.storePath, demoPath: demoStorePath(svc.storePath), readOnly: true })).toThrow(/This store is encrypted: give its passphrase/);
    // Its backups too.
    const reopened = openService(path.dirname(svc.storePath));
    const [backup] = reopened.ok<Backup[]>('backupNow');
    const copy = connect(path.join(backupDir(svc.storePath), backup!.name), null, { readonly: true });
    expect(() => copy.prepare('SELECT name FROM clp').get()).toThrow(/file is not a database/);
    copy.close();
  });

  it('refuses a wrong passphrase in plain words, and changes nothing', () => {
    const svc = openService();
    setUpClp(svc);
    svc.service.close();
    const dir = path.dirname(svc.storePath);
    const snapshot = () => new Map(filesUnder(dir).map((f) => [f, fs.readFileSync(f).toString('base64')]));
    const before = snapshot();
    const options = { actor: 'x', now: steppingClock(), storePath: svc.storePath, demoPath: demoStorePath(svc.storePath) };
    expect(() => new TellerService({ ...options, passphrase: 'not the passphrase' })).toThrow(/^That passphrase does not open this store\. Nothing has been changed; try again\.$/);
    expect(snapshot()).toEqual(before);
    // Through the Api, as the unlock screen asks.
    const locked = new TellerService(options);
    try {
      expect(call(locked, 'getStoreAccess')).toEqual({ ok: true, value: { state: 'locked', demo: false, sealedBy: 'passphrase', keychainNote: null } satisfies StoreAccess });
      expect(call(locked, 'getState')).toMatchObject({ ok: false, error: { code: 'store-closed' } });
      expect(call(locked, 'unlockStore', { passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'wrong-passphrase', message: 'That passphrase does not open this store. Nothing has been changed; try again.' } });
      expect(call(locked, 'unlockStore', { passphrase: 'still not the passphrase' })).toMatchObject({ ok: false, error: { code: 'wrong-passphrase', field: 'passphrase' } });
      expect(call(locked, 'setStorePassphrase', { passphrase: 'a brand new passphrase' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(call(locked, 'getStoreAccess')).toMatchObject({ ok: true, value: { state: 'locked' } });
      const lockFile = `${svc.storePath}.lock`;
      expect(new Map([...snapshot()].filter(([f]) => f !== lockFile))).toEqual(before);
      const opened = call(locked, 'unlockStore', { passphrase: TEST_PASSPHRASE });
      expect(opened).toMatchObject({ ok: true, value: { clp: { name: 'Ashbrook and Larkhill' } } });
      expect(call(locked, 'getStoreAccess')).toMatchObject({ ok: true, value: { state: 'open' } });
    } finally {
      locked.close();
    }
  });

  it('is made, with a passphrase set first, when there is none yet; the demo needs none and stays plain', () => {
    const dir = tempDir();
    const storePath = path.join(dir, 'teller.sqlite');
    const service = new TellerService({ actor: 'x', now: steppingClock(), storePath, demoPath: demoStorePath(storePath) });
    try {
      expect(call(service, 'getStoreAccess')).toMatchObject({ ok: true, value: { state: 'new', sealedBy: null } });
      expect(fs.existsSync(storePath)).toBe(false);
      expect(call(service, 'openDemo')).toMatchObject({ ok: true, value: { store: { demo: true } } });
      expect(isPlainSqlite(demoStorePath(storePath))).toBe(true);
      expect(call(service, 'leaveDemo')).toMatchObject({ ok: false, error: { code: 'store-closed' } });
      expect(call(service, 'setStorePassphrase', { passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'passphrase' } });
      expect(fs.existsSync(storePath) || fs.existsSync(keyFileFor(storePath))).toBe(false);
      const made = call(service, 'setStorePassphrase', { passphrase: 'a passphrase of my own' });
      expect(made).toMatchObject({ ok: true, value: { clp: null, store: { demo: false } } });
      expect(call(service, 'unlockStore', { passphrase: 'a passphrase of my own' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(call(service, 'saveClp', { name: 'Made Here', code: null, mpName: 'Someone' }).ok).toBe(true);
    } finally {
      service.close();
    }
    expect(isPlainSqlite(storePath)).toBe(false);
    // The key is never written in plain text: the file beside the store holds it sealed.
    const key = unsealStoreKey(storePath, { passphrase: 'a passphrase of my own' });
    const keyFile = fs.readFileSync(keyFileFor(storePath));
    for (const form of [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))]) expect(keyFile.includes(form)).toBe(false);
    const again = new TellerService({ actor: 'x', now: steppingClock(), storePath, demoPath: demoStorePath(storePath), passphrase: 'a passphrase of my own' });
    expect(again.handlers.getState({}).clp?.name).toBe('Made Here');
    again.close();
  });
});

describe('a store from before encryption', () => {
  it('is encrypted on its first open with a key: backed up first, its plain backups encrypted, the plain file overwritten then deleted', () => {
    const dir = tempDir();
    const storePath = path.join(dir, 'teller.sqlite');
    const plain = new ClpStore(storePath, { actor: 'old', now: steppingClock() }, { key: null });
    plain.db.prepare("INSERT INTO clp (id, name, code, mp_name) VALUES (1, 'Crossfield Vale', NULL, 'Some MP')").run();
    plain.db.prepare("INSERT INTO branch (name, name_key) VALUES ('Hebblethwaite Ward', 'hebblethwaite ward')").run();
    const oldBackup = backupStore(plain.db, storePath, 'on-request', new Date('2026-01-02T03:04:05Z'));
    fs.utimesSync(oldBackup, new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
    plain.close();
    expect(isPlainSqlite(storePath) && isPlainSqlite(oldBackup)).toBe(true);
    expect(fs.readFileSync(storePath).includes('Hebblethwaite')).toBe(true);
    // A second name for the plain file's bytes: after the migration it must hold only zeros.
    const witness = path.join(dir, 'witness');
    fs.linkSync(storePath, witness);

    const service = new TellerService({ actor: 'x', now: steppingClock(), storePath, demoPath: demoStorePath(storePath), passphrase: TEST_PASSPHRASE });
    try {
      expect(service.handlers.getState({}).clp?.name).toBe('Crossfield Vale');
      expect(service.handlers.getStoreAccess({})).toMatchObject({ state: 'open', sealedBy: 'passphrase' });
    } finally {
      service.close();
    }
    expect(isPlainSqlite(storePath)).toBe(false);
    const witnessBytes = fs.readFileSync(witness);
    expect(witnessBytes.length).toBeGreaterThan(0);
    expect(witnessBytes.every((b) => b === 0)).toBe(true);
    expect(fs.existsSync(`${storePath}.encrypting`)).toBe(false);
    const backups = listBackups(storePath);
    expect(backups.map((b) => b.name)).toEqual(expect.arrayContaining([expect.stringMatching(/before-encryption\.sqlite$/), path.basename(oldBackup)]));
    expect(backups.find((b) => b.name === path.basename(oldBackup))?.createdAt).toBe('2026-01-02T03:04:05Z');
    for (const b of backups) {
      const file = path.join(backupDir(storePath), b.name);
      expect(isPlainSqlite(file), b.name).toBe(false);
      expect(fs.readFileSync(file).includes('Hebblethwaite'), b.name).toBe(false);
      const db = rawStore(file, { readonly: true }, storePath);
      expect(db.prepare('SELECT name FROM branch').all(), b.name).toEqual([{ name: 'Hebblethwaite Ward' }]);
      db.close();
    }
    for (const file of filesUnder(dir).filter((f) => f !== witness)) expect(fs.readFileSync(file).includes('Hebblethwaite'), file).toBe(false);
  });

  it('without a key or passphrase yet, waits for one and is left as it is', () => {
    const dir = tempDir();
    const storePath = path.join(dir, 'teller.sqlite');
    new ClpStore(storePath, { actor: 'old', now: steppingClock() }, { key: null }).close();
    const bytes = fs.readFileSync(storePath);
    const service = new TellerService({ actor: 'x', now: steppingClock(), storePath, demoPath: demoStorePath(storePath) });
    try {
      expect(service.handlers.getStoreAccess({})).toMatchObject({ state: 'plain', sealedBy: null });
      expect(fs.readFileSync(storePath).equals(bytes)).toBe(true);
      expect(call(service, 'setStorePassphrase', { passphrase: TEST_PASSPHRASE }).ok).toBe(true);
    } finally {
      service.close();
    }
    expect(isPlainSqlite(storePath)).toBe(false);
  });
});

describe('store check', () => {
  it('reports SQLite’s check, the format, the audit chain and the records of each kind, on an encrypted store, changing nothing', () => {
    const svc = storeWithLists();
    svc.service.close();
    const bytes = fs.readFileSync(svc.storePath);
    const check = checkStore(svc.storePath, testKey(svc.storePath));
    expect(check).toMatchObject({ ok: true, encrypted: true, integrity: ['ok'], audit: { ok: true } });
    expect(check.schemaVersion).toBe(check.latestVersion);
    expect(check.counts).toMatchObject({ listSnapshots: 2, members: MEMBERS.length, meetings: 0, checkIns: 0, complaints: 0, reports: 0 });
    expect(check.counts.registerEntries).toBeGreaterThan(MEMBERS.length);
    expect(fs.readFileSync(svc.storePath).equals(bytes)).toBe(true);
    expect(() => checkStore(svc.storePath, null)).toThrow(/file is not a database/);
  });

  it('finds an audit trail that was altered', () => {
    const svc = openService();
    setUpClp(svc);
    svc.service.close();
    const raw = rawStore(svc.storePath);
    raw.exec("UPDATE audit_entry SET actor = 'someone else' WHERE seq = 2");
    raw.close();
    const check = checkStore(svc.storePath, testKey(svc.storePath));
    expect(check).toMatchObject({ ok: false, integrity: ['ok'], audit: { ok: false } });
  });
});

describe('a restored backup', () => {
  it('is the store’s own, opened with the same key: a backup of another store is refused', () => {
    const svc = openService();
    setUpClp(svc);
    const other = openService();
    setUpClp(other);
    const [theirs] = other.ok<Backup[]>('backupNow');
    fs.mkdirSync(backupDir(svc.storePath), { recursive: true });
    fs.copyFileSync(path.join(backupDir(other.storePath), theirs!.name), path.join(backupDir(svc.storePath), 'from-elsewhere.sqlite'));
    const before = svc.ok<TellerState>('getState');
    expect(svc.call('restoreBackup', { name: 'from-elsewhere.sqlite' })).toMatchObject({ ok: false, error: { code: 'backup-unusable', message: expect.stringMatching(/cannot be opened with this store's key/) as unknown } });
    expect(svc.ok<TellerState>('getState')).toEqual(before);
  });
});

describe('an upload at rest', () => {
  /** A snapshot's rows as imported, without the ids and times that differ between two imports. */
  function imported(svc: ReturnType<typeof openService>, kind: 'members' | 'register', snapshotId: number) {
    const [snapshotTable, rowTable] = kind === 'members' ? ['member_snapshot', 'member'] : ['register_snapshot', 'register_entry'];
    const db = svc.service.store.db;
    const { id: _id, imported_at: _at, ...snapshot } = db.prepare(`SELECT * FROM ${snapshotTable} WHERE id = ?`).get(snapshotId) as Record<string, unknown>;
    const rows = (db.prepare(`SELECT * FROM ${rowTable} WHERE snapshot_id = ? ORDER BY id`).all(snapshotId) as Record<string, unknown>[]).map(({ id: _i, snapshot_id: _s, ...row }) => row);
    return { snapshot, rows };
  }

  it('previews and imports exactly as the same list in a plain file does, members and register', () => {
    const svc = openService();
    setUpClp(svc);
    const members = syntheticMembers(3000, BRANCHES, 5);
    // A few bad rows, so the rejected rows are compared too; large enough to be read in many pieces.
    const lists = {
      members: `${syntheticMembershipCsv(members)}not-a-number,,,,,,,\r\n`,
      register: syntheticRegisterCsv(members, 4000),
    };
    for (const kind of ['members', 'register'] as const) {
      const plainFile = path.join(tempDir(), `${kind}.csv`);
      fs.writeFileSync(plainFile, lists[kind]);
      const plainId = svc.service.staged.add(plainFile);
      const uploadId = stageUpload(svc, `${kind}.csv`, lists[kind]);
      const upload = svc.service.staged.get(uploadId);
      // What is on disk is not the list: not its text, and of its length plus the IV.
      expect(fs.statSync(upload.path).size).toBe(Buffer.byteLength(lists[kind]) + 16);
      expect(fs.readFileSync(upload.path).includes(Buffer.from(members[0]!.number))).toBe(false);
      const plainPreview = previewOf(svc, { kind, fileId: plainId });
      expect(plainPreview.rows).toBeGreaterThan(2000);
      expect(previewOf(svc, { kind, fileId: uploadId })).toEqual(plainPreview);
      const snapshots: number[] = [];
      for (const fileId of [plainId, uploadId]) {
        const job = svc.ok<{ state: string; snapshotId: number | null }>('startImport', { kind, fileId });
        expect(job.state).toBe('done');
        snapshots.push(job.snapshotId!);
      }
      const [fromPlain, fromUpload] = snapshots.map((id) => imported(svc, kind, id));
      expect(fromPlain!.rows.length).toBe(plainPreview.valid);
      expect(fromUpload).toEqual(fromPlain);
    }
  });

  it('refuses an upload cut short, or saved under another copy’s key, in plain words', () => {
    const svc = openService();
    setUpClp(svc);
    const text = syntheticMembershipCsv(MEMBERS);
    // Shorter than its IV: nothing to read.
    const cut = stageUpload(svc, 'cut.csv', text);
    fs.truncateSync(svc.service.staged.get(cut).path, 10);
    expect(svc.ok<{ state: string; message: string }>('previewImport', { kind: 'members', fileId: cut })).toMatchObject({ state: 'failed', message: 'The file cut.csv is incomplete, so it cannot be read; upload it again.' });
    expect(svc.ok<{ state: string; message: string }>('startImport', { kind: 'members', fileId: cut })).toMatchObject({ state: 'failed', message: 'The file cut.csv is incomplete, so it cannot be read; upload it again.' });
    // A killed copy's leftover (its key went with it) reads as garbage: refused, nothing written.
    const other = openService();
    const foreign = other.service.staged.uploadTarget('foreign.csv');
    const stranger = stageUpload(svc, 'foreign.csv', '');
    fs.writeFileSync(svc.service.staged.get(stranger).path, sealUpload(foreign.key, text));
    const job = svc.ok<{ state: string; message: string }>('startImport', { kind: 'members', fileId: stranger });
    expect(job.state).toBe('failed');
    expect(job.message).toMatch(/^[A-Z][^\n]*\.$/);
    expect(svc.ok<unknown[]>('listSnapshots', { kind: 'members' })).toEqual([]);
  });
});
