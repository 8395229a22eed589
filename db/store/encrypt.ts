import fs from 'node:fs';
import path from 'node:path';
import { TellerError } from '../../shared/errors';
import { backupDir, backupStore, listBackups } from './backups';
import { connect, isPlainSqlite } from './connect';
import { rawKeyPragma, removeSecurely } from './store-key';

/**
 * An encrypted copy of a plain SQLite file: SQLite copies it (VACUUM INTO) to `target`, which is
 * then encrypted in place with the key (its rollback journal kept in memory, so no plain page
 * is written beside it), and read back with the key before anything else happens.
 */
function encryptedCopy(source: string, target: string, key: Buffer): void {
  removeSecurely(target); // a leftover from an attempt that was cut short
  const plain = connect(source, null, { fileMustExist: true });
  try {
    plain.prepare('VACUUM INTO ?').run(target);
  } finally {
    plain.close();
  }
  try {
    const copy = connect(target, null, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = MEMORY');
      copy.pragma("cipher = 'sqlcipher'");
      copy.pragma('legacy = 4');
      copy.pragma(`rekey = ${rawKeyPragma(key)}`);
    } finally {
      copy.close();
    }
    const check = connect(target, key, { readonly: true, fileMustExist: true });
    try {
      if (check.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('the encrypted copy does not pass SQLite’s check');
    } finally {
      check.close();
    }
  } catch (e) {
    removeSecurely(target);
    throw e;
  }
}

/** Encrypts one plain backup where it is, keeping its name and date. */
function encryptBackup(file: string, key: Buffer): void {
  const { atime, mtime } = fs.statSync(file);
  const temp = `${file}.encrypting`;
  encryptedCopy(file, temp, key);
  removeSecurely(file);
  fs.renameSync(temp, file);
  fs.utimesSync(file, atime, mtime);
}

/** Whether `temp` is a whole, checked encrypted copy (a cut-short rekey fails SQLite's check). */
function goodCopy(temp: string, key: Buffer): boolean {
  if (!fs.existsSync(temp) || isPlainSqlite(temp)) return false;
  try {
    const db = connect(temp, key, { readonly: true, fileMustExist: true });
    try {
      return db.pragma('quick_check', { simple: true }) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** The plain store (and its -wal and -shm) is overwritten and deleted; the encrypted copy takes its place. */
function replacePlainStore(file: string, temp: string): void {
  for (const extra of ['-wal', '-shm', '-journal']) removeSecurely(`${file}${extra}`);
  removeSecurely(file);
  fs.renameSync(temp, file);
  const dir = fs.openSync(path.dirname(path.resolve(file)), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

/**
 * Encrypts a store kept in plain text (one made before Teller encrypted its stores) on its
 * first open with a key: an encrypted copy is made and checked, a backup is taken from it,
 * the store's plain backups are encrypted where they are, then the plain store (and its -wal
 * and -shm) is overwritten and deleted and the encrypted copy takes its place. Cut short
 * before the copy was checked, the next open starts again from the plain store (still whole);
 * after, it finishes the replacement with the checked copy. `checkPlain` checks the plain
 * store (and the -wal beside it) before anything is done. Does nothing to an encrypted store.
 */
export function encryptIfPlain(file: string, key: Buffer, checkPlain: () => void): void {
  const temp = `${file}.encrypting`;
  if (goodCopy(temp, key)) return replacePlainStore(file, temp);
  if (!isPlainSqlite(file)) {
    removeSecurely(temp);
    return;
  }
  checkPlain();
  const plain = connect(file, null, { readonly: true, fileMustExist: true });
  try {
    if (plain.pragma('quick_check', { simple: true }) !== 'ok') {
      throw new TellerError('store-unreadable', `${file} is damaged (SQLite's own check of the file fails), so it cannot be encrypted. Nothing has been changed. Restore a backup: they are in the "backups" folder beside it.`);
    }
  } finally {
    plain.close();
  }
  encryptedCopy(file, temp, key);
  const copy = connect(temp, key, { fileMustExist: true });
  try {
    backupStore(copy, file, 'before-encryption');
  } finally {
    copy.close();
  }
  for (const b of listBackups(file)) {
    const backup = path.join(backupDir(file), b.name);
    if (isPlainSqlite(backup)) encryptBackup(backup, key);
  }
  replacePlainStore(file, temp);
}
