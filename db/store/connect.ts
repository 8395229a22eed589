import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import type { Db } from './db';
import { rawKeyPragma, type StoreKey } from './store-key';

function nativeOptions(): Database.Options {
  // Inside Electron in development, the start script builds better-sqlite3-multiple-ciphers for
  // Electron's ABI beside the Node build the tests use, and says where (packaged builds need nothing).
  const nativeBinding = process.env.TELLER_NATIVE_BINDING;
  return nativeBinding ? { nativeBinding } : {};
}

const keys = new WeakMap<Db, StoreKey>();

/** The key a connection was opened with (a copy it makes, such as a backup, has the same). */
export function connectionKey(db: Db): StoreKey {
  return keys.get(db) ?? null;
}

/**
 * A connection to a store file, keyed before anything is read: SQLCipher's format (version 4)
 * with the store's raw 32-byte key, so every page of the file and of its -wal is encrypted.
 * A null key is a file in plain text (the demo CLP's, or a store from before encryption).
 */
export function connect(file: string, key: StoreKey, options: Database.Options = {}): Db {
  const db = new Database(file, { ...nativeOptions(), ...options });
  keys.set(db, key);
  if (key) {
    try {
      db.pragma("cipher = 'sqlcipher'");
      db.pragma('legacy = 4');
      db.pragma(`key = ${rawKeyPragma(key)}`);
    } catch (e) {
      db.close();
      throw e;
    }
  }
  return db;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether the file is an SQLite database in plain text (its first 16 bytes are SQLite's own header). */
export function isPlainSqlite(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(16);
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}
