import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Backup } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { utcInstant } from '../../shared/time';
import { verifyStoreChain } from './audit-history';
import { LATEST_VERSION } from './migrations';
import { connect, connectionKey, isPlainSqlite } from './connect';
import type { Db } from './db';
import type { StoreKey } from './store-key';

/**
 * Each store has its own backups folder beside it: teller.sqlite's is "backups" (where it has
 * always been), any other store's is named after it ("teller-demo-backups" for the demo), so the
 * demo and the real store never share one.
 */
export function backupDir(storePath: string): string {
  const resolved = path.resolve(storePath);
  const base = path.basename(resolved).replace(/\.sqlite$/i, '');
  return path.join(path.dirname(resolved), base === 'teller' ? 'backups' : `${base}-backups`);
}

/** The folder every store's backups shared before each store had its own. */
export function sharedLegacyBackupDir(storePath: string): string {
  return path.join(path.dirname(path.resolve(storePath)), 'backups');
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/** A backup being written has a name no listing shows: a leading dot and no ".sqlite" ending. */
const PARTIAL = /^\..*\.partial$/;

/** Opens a backup only to read it, with its store's key (one place, so every reader opens backups alike). */
export function openBackupReadOnly(file: string, key: StoreKey): Db {
  return connect(file, key, { readonly: true, fileMustExist: true });
}

/** The store's own id (migration 9), or null for a store or backup from before ids. */
export function storeIdOf(db: Db): string | null {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_identity'").get()) return null;
  return (db.prepare('SELECT store_id FROM store_identity WHERE id = 1').get() as { store_id: string } | undefined)?.store_id ?? null;
}

/** The CLP's name in a store or backup, if it has one. */
export function clpNameOf(db: Db): string | null {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clp'").get()) return null;
  return (db.prepare('SELECT name FROM clp WHERE id = 1').get() as { name: string } | undefined)?.name ?? null;
}

function fsyncPath(file: string, flags: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, flags);
    fs.fsyncSync(fd);
  } catch {
    // A folder cannot be synced on every system; the file itself was.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * A consistent copy of the store, taken by SQLite itself (VACUUM INTO) on the open connection:
 * synchronous like every write path here, so it can sit in front of a migration or an import.
 * It is written under a temporary name, opened and checked (SQLite's quick check), flushed to
 * disk, and only then given its name: an interrupted or failed backup is never listed.
 * On an encrypted store's connection the copy is encrypted with the same key (SQLite3 Multiple
 * Ciphers gives the target of VACUUM INTO the main database's cipher and key).
 */
export function backupStore(db: Db, storePath: string, reason: string, now = new Date()): string {
  const dir = backupDir(storePath);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const base = `${path.basename(storePath, '.sqlite')}-${stamp(now)}-${reason.replace(/[^a-z0-9-]/gi, '-')}`;
  const temp = path.join(dir, `.${base}-${randomBytes(6).toString('hex')}.partial`);
  let problem: string | null = null;
  try {
    db.prepare('VACUUM INTO ?').run(temp);
    const copy = openBackupReadOnly(temp, connectionKey(db));
    try {
      if (copy.pragma('quick_check', { simple: true }) !== 'ok') problem = "SQLite's check of the copy fails";
      else if ((copy.pragma('user_version', { simple: true }) as number) !== (db.pragma('user_version', { simple: true }) as number)) problem = 'the copy is not of the same format';
    } finally {
      copy.close();
    }
    if (problem === null) fsyncPath(temp, 'r+');
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e; // SQLite's own error (a full disk, say), which the caller turns into a sentence
  }
  if (problem !== null) {
    fs.rmSync(temp, { force: true });
    throw new TellerError('backup-failed', `Teller could not make a sound backup of the store (${problem}), so it stopped before changing anything.`);
  }
  let file = path.join(dir, `${base}.sqlite`);
  for (let n = 2; fs.existsSync(file); n++) file = path.join(dir, `${base}-${n}.sqlite`);
  fs.renameSync(temp, file);
  fsyncPath(dir, 'r');
  return file;
}

/** Whether an encrypted backup is as long as its own (decrypted) header says: no cut-short copy. */
function wholeEncrypted(file: string, key: NonNullable<StoreKey>, size: number): boolean {
  if (isPlainSqlite(file)) return true; // checked by wholeBackup
  let db: Db | null = null;
  try {
    db = openBackupReadOnly(file, key);
    return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number) === size;
  } catch (e) {
    // Shorter than its header says is a cut-short copy; anything else (another store's key,
    // other damage) is listed, and refused with its reason if chosen.
    return (e as { code?: string }).code !== 'SQLITE_CORRUPT';
  } finally {
    db?.close();
  }
}

/**
 * Whether a file in the backups folder is a whole backup: a regular file, not one being
 * written, not empty, a whole number of pages, and (when SQLite's header can be read, i.e.
 * not encrypted) exactly as long as its header says.
 */
function wholeBackup(file: string, size: number): boolean {
  if (size < 512 || size % 512 !== 0) return false;
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, header, 0, 100, 0) < 100) return false;
  } finally {
    fs.closeSync(fd);
  }
  if (header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') return true;
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  return pages > 0 && pageSize * pages === size;
}

/**
 * The backups offered for this store, newest first. With the store's key, an encrypted copy
 * (whose header cannot be read without it) is also opened to check it is as long as it says.
 */
export function listBackups(storePath: string, key: StoreKey = null): Backup[] {
  const dir = backupDir(storePath);
  if (!fs.existsSync(dir)) return [];
  const backups: Backup[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.sqlite') || name.startsWith('.')) continue;
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || !wholeBackup(file, stat.size) || (key && !wholeEncrypted(file, key, stat.size))) continue;
    backups.push({ name, createdAt: utcInstant(stat.mtime), bytes: stat.size });
  }
  return backups.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
}

/** Every file in a backups folder, listed or not (half-written copies too): what the purge must erase. */
export function everyFileIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((f) => fs.lstatSync(f).isFile());
}

/** Leftovers of interrupted backups: never listed, but they may hold personal data. */
export function isPartialBackup(name: string): boolean {
  return PARTIAL.test(name);
}

/** Which store a backup is of: the store in use, or another (the demo, another CLP). */
interface StoreIdentity {
  storeId: string | null;
  clpName: string | null;
}

/**
 * Whether a backup belongs to the store: the same store id; a backup from before ids is the
 * store's if its CLP (if any) has the store's CLP's name.
 */
export function sameStore(backup: StoreIdentity, store: StoreIdentity): boolean {
  if (backup.storeId !== null && store.storeId !== null) return backup.storeId === store.storeId;
  if (backup.clpName === null || store.clpName === null) return true;
  return backup.clpName.trim().toLocaleLowerCase('en-GB') === store.clpName.trim().toLocaleLowerCase('en-GB');
}

export function identityOfBackup(file: string, key: StoreKey): StoreIdentity {
  const db = openBackupReadOnly(file, key);
  try {
    return { storeId: storeIdOf(db), clpName: clpNameOf(db) };
  } finally {
    db.close();
  }
}

const OTHER_STORE = 'That backup is of another Teller store (a different CLP, or the demo), not this one, so it cannot be restored here. Nothing was replaced.';

/**
 * Checks a backup before anything is replaced: readable with the store's key, intact, of a version
 * this Teller knows, with an unbroken audit chain, and a copy of this store (not the demo's,
 * not another CLP's).
 */
export function checkBackup(file: string, key: StoreKey, store?: StoreIdentity): void {
  let db: Db | null = null;
  try {
    db = openBackupReadOnly(file, key);
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw new TellerError('backup-unusable', 'That backup is damaged (its integrity check fails). Nothing was replaced.');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) throw new TellerError('backup-unusable', 'That backup was written by a newer Teller. Nothing was replaced.');
    if (version < 1) throw new TellerError('backup-unusable', 'That file is not a Teller store. Nothing was replaced.');
    if (store && !sameStore({ storeId: storeIdOf(db), clpName: clpNameOf(db) }, store)) {
      throw new TellerError('backup-other-store', OTHER_STORE);
    }
    const verdict = verifyStoreChain(db);
    if (!verdict.ok) throw new TellerError('backup-unusable', `That backup's audit trail has been altered (${verdict.problems[0]?.message ?? ''}). Nothing was replaced.`);
  } catch (e) {
    if (e instanceof TellerError) throw e;
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      // A plain SQLite file this store's key cannot open is another store's: the demo's (kept plain), or one not yet encrypted.
      if (key && isPlainSqlite(file)) throw new TellerError('backup-other-store', OTHER_STORE);
      throw new TellerError('backup-unusable', "That backup cannot be opened with this store's key: it is a backup of another store, or it is damaged. Nothing was replaced.");
    }
    throw new TellerError('backup-unusable', `That backup cannot be read as a Teller store (${(e as Error).message}). Nothing was replaced.`);
  } finally {
    db?.close();
  }
}

/** Overwrites a file with zeros, flushes it, then removes it (a best effort against recovery from the disk). */
export function eraseFile(file: string): void {
  try {
    const size = fs.lstatSync(file).size;
    const fd = fs.openSync(file, 'r+');
    try {
      const zeros = Buffer.alloc(Math.min(size, 1 << 20));
      for (let at = 0; at < size; at += zeros.length) fs.writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Removed below all the same.
  }
  fs.rmSync(file, { force: true });
}
