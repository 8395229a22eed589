import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TellerService } from '../../../db/service';
import { openStore, openStoreReadOnly } from '../../../db/store/open';
import { demoStorePath } from '../../../db/store/location';
import { keyFileFor } from '../../../db/store/store-key';
import { rawStore, TEST_PASSPHRASE, testKey } from '../../test-store';
import { openService, setUpClp, steppingClock, tempDir } from './fixtures';

/** A store whose latest changes are still in its -wal, copied aside while it is open (as a crash leaves it). */
function storeWithLog(name: string): { file: string; wal: string } {
  const svc = openService();
  svc.service.store.db.pragma('wal_autocheckpoint = 0');
  setUpClp(svc);
  svc.ok('saveClp', { name, code: null, mpName: 'Somebody Else' });
  const dir = tempDir();
  const file = path.join(dir, 'teller.sqlite');
  fs.copyFileSync(svc.storePath, file);
  fs.copyFileSync(`${svc.storePath}-wal`, `${file}-wal`);
  fs.copyFileSync(keyFileFor(svc.storePath), keyFileFor(file));
  svc.service.close();
  return { file, wal: `${file}-wal` };
}

/** A store closed cleanly: everything in the file, no -wal. */
function closedStore(): string {
  const svc = openService();
  setUpClp(svc);
  svc.ok('addBranch', { name: 'Only Here Ward' });
  svc.service.close();
  return svc.storePath;
}

describe('a -wal beside a store', () => {
  it('is used when it is the store’s own (left by a crash)', () => {
    const { file } = storeWithLog('Own Log CLP');
    const db = openStore(file, testKey(file));
    expect(db.prepare('SELECT name FROM clp').get()).toEqual({ name: 'Own Log CLP' });
    db.close();
  });

  it('is refused when copied from another store, leaving both files untouched', () => {
    const target = closedStore();
    const other = storeWithLog('Another CLP');
    fs.copyFileSync(other.wal, `${target}-wal`);
    const bytes = fs.readFileSync(target);
    const log = fs.readFileSync(`${target}-wal`);
    // Another store's log is encrypted with another key: its pages cannot be read with this one's.
    expect(() => openStore(target, testKey(target))).toThrow(/^The file teller\.sqlite-wal beside .* does not belong to this store: with it applied, its pages cannot be read with the store's key, and without it the store is intact\..*Nothing has been changed\./);
    expect(() => openStoreReadOnly(target, testKey(target))).toThrow(/does not belong to this store/);
    expect(fs.readFileSync(target).equals(bytes)).toBe(true);
    expect(fs.readFileSync(`${target}-wal`).equals(log)).toBe(true);
  });

  it('is refused when the audit trail breaks only with it applied', () => {
    const target = closedStore();
    const twin = path.join(tempDir(), 'twin.sqlite');
    fs.copyFileSync(target, twin);
    const raw = rawStore(twin, {}, target);
    raw.pragma('wal_autocheckpoint = 0');
    raw.exec("UPDATE audit_entry SET actor = 'someone else' WHERE seq = 2");
    fs.copyFileSync(`${twin}-wal`, `${target}-wal`);
    raw.close();
    const bytes = fs.readFileSync(target);
    expect(() => openStore(target, testKey(target))).toThrow(/does not belong to this store: with it applied, its audit trail does not verify \(Entry 2 has been altered since it was written\.\), and without it the store is intact\./);
    expect(fs.readFileSync(target).equals(bytes)).toBe(true);
  });

  it('is refused when it is not a write-ahead log, or its pages are another size', () => {
    const target = closedStore();
    fs.writeFileSync(`${target}-wal`, Buffer.alloc(4096, 0x41));
    expect(() => openStore(target, testKey(target))).toThrow(/does not belong to this store: it is not one of SQLite's write-ahead logs\. Nothing has been changed/);
    const { wal } = storeWithLog('Other');
    const header = fs.readFileSync(wal);
    header.writeUInt32BE(8192, 8);
    fs.writeFileSync(`${target}-wal`, header);
    expect(() => openStore(target, testKey(target))).toThrow(/its pages are 8192 bytes and the store's are 4096/);
    expect(fs.readFileSync(`${target}-wal`).equals(header)).toBe(true);
  });
});

describe('a read-only service (teller status, teller audit verify)', () => {
  it('reads without a lock file, a migration, a merged log or any other write', () => {
    const { file, wal } = storeWithLog('Read Only CLP');
    fs.mkdirSync(`${file}.uploads`);
    fs.writeFileSync(path.join(`${file}.uploads`, 'left.csv'), 'x');
    const bytes = fs.readFileSync(file);
    const log = fs.readFileSync(wal);
    const service = new TellerService({ actor: 'reader', now: steppingClock(), storePath: file, demoPath: demoStorePath(file), readOnly: true, passphrase: TEST_PASSPHRASE });
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect((service.handlers.getState({})).clp?.name).toBe('Read Only CLP');
    expect((service.handlers.verifyAudit({})).ok).toBe(true);
    expect(() => service.handlers.addBranch({ name: 'Not Written' })).toThrow(/read-only/);
    service.close();
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readFileSync(wal).equals(log)).toBe(true);
    expect(fs.existsSync(path.join(`${file}.uploads`, 'left.csv'))).toBe(true);
  });

  it('is refused while a copy holds the store, and writes no lock of its own', () => {
    const app = openService();
    expect(() => new TellerService({ actor: 'reader', now: steppingClock(), storePath: app.storePath, demoPath: demoStorePath(app.storePath), readOnly: true, passphrase: TEST_PASSPHRASE })).toThrow(/already open on this store/);
  });
});
