import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TellerError } from '../../shared/errors';
import { findIssuedHead, verifyStoreChain } from './audit-history';
import { backupStore } from './backups';
import { connect, isPlainSqlite } from './connect';
import { encryptIfPlain } from './encrypt';
import { storeError } from './errors';
import { ensureStoreFolder } from './location';
import type { Db } from './db';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';
import type { StoreKey } from './store-key';


function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs every migration newer than the file, each in one transaction with its version bump. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, beforeChanging?: () => void): void {
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  const current = userVersion(db);
  if (current > latest) {
    throw new TellerError(
      'store-too-new',
      `This Teller file was written by a newer version of Teller (format ${current}; this copy understands up to ${latest}). Install the newer Teller to open it; nothing has been changed.`,
    );
  }
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => m.version > current);
  for (const m of pending) m.precheck?.(db);
  // A store that already holds data is copied before its format changes.
  if (current > 0 && current < latest) beforeChanging?.();
  for (const m of pending) {
    db.transaction(() => {
      m.update(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

const WAL_MAGIC = [0x377f0682, 0x377f0683];
const WAL_FORMAT = 3007000;

/**
 * The database file's page size from its 100-byte header (null if it has none yet). An
 * encrypted store's header is encrypted too: its pages are SQLCipher's 4096 bytes, which
 * Teller never changes.
 */
function pageSizeOf(file: string): number | null {
  if (fs.statSync(file).size >= 100 && !isPlainSqlite(file)) return 4096;
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, header, 0, 100, 0) < 100) return null;
  } finally {
    fs.closeSync(fd);
  }
  const size = header.readUInt16BE(16);
  return size === 1 ? 65536 : size;
}

interface ReadCheck {
  /** What is wrong with the store as it reads (null: nothing). */
  problem: string | null;
  /** Its audit trail's length and head, when it verifies. */
  chain: { entries: number; head: string } | null;
}

/** Opens a store read-only (never merging a log, never writing) and checks it as it reads now. */
function readCheck(file: string, key: StoreKey, extends_?: { entries: number; head: string }): ReadCheck & { extendsIt: boolean } {
  const db = connect(file, key, { readonly: true, fileMustExist: true });
  try {
    let check: unknown;
    try {
      check = db.pragma('quick_check', { simple: true });
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      // With an encrypted store, pages that the key does not open (a log from another store).
      if (code === 'SQLITE_NOTADB') return { problem: 'its pages cannot be read with the store\'s key', chain: null, extendsIt: false };
      // An encrypted page that fails its check (for one, a page the file was extended by but
      // that a killed checkpoint never wrote) is reported by SQLite as an error, not a finding.
      if (code.startsWith('SQLITE_CORRUPT')) return { problem: "SQLite's own check of the file fails", chain: null, extendsIt: false };
      throw e;
    }
    if (check !== 'ok') return { problem: "SQLite's own check of the file fails", chain: null, extendsIt: false };
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_entry'").get()) return { problem: null, chain: null, extendsIt: true };
    const verdict = verifyStoreChain(db);
    if (!verdict.ok) return { problem: `its audit trail does not verify (${verdict.problems[0]!.message})`, chain: null, extendsIt: false };
    const extendsIt = !extends_ || findIssuedHead(db, extends_.head)?.entries === extends_.entries;
    return { problem: null, chain: { entries: verdict.entries, head: verdict.head }, extendsIt };
  } finally {
    db.close();
  }
}

/**
 * A write-ahead log beside a store must belong to it: SQLite would apply a log copied from
 * another store as if it were this one's. The log's header must be SQLite's, with the
 * store's page size. Then the store is read twice, read-only (a read-only connection never
 * merges a log): alone (a copy of the file with no log beside it) and with the log. If it is
 * damaged or its audit trail breaks only with the log, or the log's record does not begin
 * with the store's own record (a log only ever adds to it), the log is refused. Both files
 * are left as they are.
 */
function checkWalBeside(file: string, key: StoreKey): void {
  const wal = `${file}-wal`;
  let size: number;
  try {
    size = fs.statSync(wal).size;
  } catch {
    return;
  }
  if (size === 0 || !fs.existsSync(file)) return;
  const refuse = (why: string) =>
    new TellerError(
      'store-unreadable',
      `The file ${path.basename(wal)} beside ${file} does not belong to this store: ${why}. Nothing has been changed. Move ${path.basename(wal)} somewhere else (keep it), then open the store again.`,
    );
  const header = Buffer.alloc(32);
  const fd = fs.openSync(wal, 'r');
  try {
    fs.readSync(fd, header, 0, 32, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (size < 32 || !WAL_MAGIC.includes(header.readUInt32BE(0)) || header.readUInt32BE(4) !== WAL_FORMAT) throw refuse("it is not one of SQLite's write-ahead logs");
  const pageSize = pageSizeOf(file);
  if (pageSize !== null && header.readUInt32BE(8) !== pageSize) throw refuse(`its pages are ${header.readUInt32BE(8)} bytes and the store's are ${pageSize}`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-wal-check-'));
  let alone: ReadCheck;
  try {
    const copy = path.join(scratch, 'store.sqlite');
    fs.copyFileSync(file, copy);
    alone = readCheck(copy, key);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const withLog = readCheck(file, key, alone.chain ?? undefined);
  if (withLog.problem !== null) {
    if (alone.problem === null) throw refuse(`with it applied, ${withLog.problem}, and without it the store is intact`);
    return; // the store's own trouble, reported as usual
  }
  if (alone.chain && !withLog.extendsIt) {
    throw refuse(`with it applied, the audit trail no longer begins with the store's own ${alone.chain.entries} entries (a log only ever adds to the record)`);
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';
/** Teller's mark in a store's SQLite header (its application id): "Tlr1". */
const TELLER_APPLICATION_ID = 0x546c7231;

function notAStore(file: string, why: string): TellerError {
  return new TellerError('store-unreadable', `${file} is not a Teller store: ${why}. Nothing has been changed. Choose a Teller store, or a new file name to start one.`);
}

/** Whether a file with no mark holds Teller's tables, read from a copy (a read-only connection to a WAL file would still make its -wal and -shm beside it). */
function hasTellerTables(file: string): boolean {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-identify-'));
  try {
    const copy = path.join(scratch, 'store.sqlite');
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = connect(copy, null, { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('clp', 'audit_entry')").all();
      return tables.length === 2;
    } finally {
      db.close();
    }
  } catch {
    return false;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Refuses, before SQLite touches it, a file that is not a Teller store: not an ordinary file,
 * an empty file, or another program's SQLite database (a different application id, or tables
 * but no Teller format). A store Teller began but never finished (one empty page) is let
 * through to be finished; a file that is not plain SQLite is left to SQLite, which refuses it
 * without writing. Older Teller stores carry no mark yet: their tables are checked on a copy.
 */
function refuseForeign(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // a new store
    throw e;
  }
  const header = Buffer.alloc(108);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw notAStore(file, 'it is not an ordinary file');
    if (stat.size === 0) throw notAStore(file, 'it is an empty file');
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) return;
  const applicationId = header.readUInt32BE(68);
  if (applicationId === TELLER_APPLICATION_ID) return;
  if (applicationId !== 0) throw notAStore(file, "it is another program's database");
  if (header.readUInt32BE(60) === 0) {
    // No format yet: an empty database is a store Teller began; one holding tables is not Teller's.
    if (header.readUInt16BE(103) === 0) return;
    throw notAStore(file, "it is another program's database");
  }
  if (!hasTellerTables(file)) throw notAStore(file, "it is another program's database");
}

/**
 * Opens a store only to read it: no migration, no lock, no log merged, nothing written. A
 * store from an older Teller is refused (it needs its format brought up to date first).
 */
export function openStoreReadOnly(file: string, key: StoreKey): Db {
  refuseForeign(file);
  checkWalBeside(file, key);
  let db: Db | undefined;
  try {
    db = connect(file, key, { readonly: true, fileMustExist: true });
    if (db.pragma('quick_check', { simple: true }) !== 'ok') {
      throw new TellerError('store-unreadable', `${file} is damaged (SQLite's own check of the file fails). Nothing has been changed. Restore a backup: they are in the "backups" folder beside it.`);
    }
    const version = userVersion(db);
    if (version > LATEST_VERSION) throw new TellerError('store-too-new', `This Teller file was written by a newer version of Teller (format ${version}; this copy understands up to ${LATEST_VERSION}). Install the newer Teller to read it; nothing has been changed.`);
    if (version < LATEST_VERSION) throw new TellerError('store-unreadable', `This Teller file is in an older format (${version}). Open it once in Teller (the app or teller serve) to bring it up to date, then try again; nothing has been changed.`);
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof TellerError) throw e;
    throw unreadable(file, key, e);
  }
}

/** Why a store cannot be read, in words: most often, the wrong key for it (or none). */
function unreadable(file: string, key: StoreKey, e: unknown): TellerError {
  if (((e as { code?: string }).code ?? '').startsWith('SQLITE_CORRUPT')) {
    return new TellerError('store-unreadable', `${file} is damaged (SQLite's own check of the file fails). Nothing has been changed. Restore a backup: they are in the "backups" folder beside it.`);
  }
  if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
    if (!key && !isPlainSqlite(file)) return new TellerError('store-unreadable', `${file} is not a database Teller can read without a key: it is encrypted, or it is not a Teller store. Nothing has been changed.`);
    if (key) return new TellerError('store-unreadable', `${file} is damaged, or is not this store (its pages cannot be read with this store's key). Nothing has been changed. Restore a backup: they are in the "backups" folder beside it.`);
  }
  return new TellerError('store-unreadable', `Teller cannot read ${file} as a Teller store: ${(e as Error).message}. Nothing has been changed.`);
}

/**
 * Opens (creating if missing) a Teller store: encrypted with `key` (null: plain text, only the
 * demo CLP's), WAL, foreign keys on, migrated to the latest format. A store still in plain text
 * is encrypted first when a key is given (see encryptIfPlain).
 * `job`: a further connection for a job of the running copy that holds the store's lock, which
 * checked the file and its -wal when it opened it; the -wal is that copy's own, so neither is
 * checked again (that would copy the whole store for every import).
 */
export function openStore(file: string, key: StoreKey, { job = false }: { job?: boolean } = {}): Db {
  ensureStoreFolder(file);
  if (!job) {
    refuseForeign(file);
    if (key) encryptIfPlain(file, key, () => checkWalBeside(file, null));
    checkWalBeside(file, key);
  }
  let db: Db | undefined;
  try {
    db = connect(file, key);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 2000');
    // Every page read from disk is decrypted and checked: keep more of them in memory (64 MB at most).
    db.pragma('cache_size = -65536');
  } catch (e) {
    db?.close(); // never leave a half-opened file behind
    if (storeError(e)?.code === 'store-read-only' || !writable(path.dirname(path.resolve(file)))) throw new TellerError('store-read-only', `Teller cannot write to ${file}: the file or its folder is read-only. Nothing has been changed. Move it somewhere writable, or check its permissions.`);
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw unreadable(file, key, e);
    throw new TellerError('store-unreadable', `Teller cannot open ${file}: ${(e as Error).message}. Nothing has been changed.`);
  }
  const opened = db;
  try {
    // A damaged file is refused, never "repaired": the user restores a backup instead.
    const check = job ? 'ok' : opened.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      throw new TellerError('store-unreadable', `${file} is damaged (SQLite's own check of the file fails). Nothing has been changed. Restore a backup: they are in the "backups" folder beside it.`);
    }
    migrate(opened, MIGRATIONS, () => backupStore(opened, file, `before-migration-to-${LATEST_VERSION}`));
    // Marked as Teller's, so it is known without reading its tables.
    if (opened.pragma('application_id', { simple: true }) !== TELLER_APPLICATION_ID) opened.pragma(`application_id = ${TELLER_APPLICATION_ID}`);
  } catch (e) {
    opened.close();
    if (e instanceof TellerError) throw e;
    throw unreadable(file, key, e);
  }
  return opened;
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

