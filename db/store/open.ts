import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { TellerError } from '../../shared/errors';
import { backupStore } from './backups';
import { storeError } from './errors';
import { ensureStoreFolder } from './location';
import type { Db } from './db';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';


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

/** Opens (creating if missing) a Teller store: WAL, foreign keys on, migrated to the latest format. */
export function openStore(file: string): Db {
  ensureStoreFolder(file);
  let db: Db | undefined;
  try {
    // Inside Electron in development, the start script builds better-sqlite3 for Electron's
    // ABI beside the Node build the tests use, and says where (packaged builds need nothing).
    const nativeBinding = process.env.TELLER_NATIVE_BINDING;
    db = new Database(file, nativeBinding ? { nativeBinding } : {});
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 2000');
  } catch (e) {
    db?.close(); // never leave a half-opened file behind
    if (storeError(e)?.code === 'store-read-only' || !writable(path.dirname(path.resolve(file)))) throw new TellerError('store-read-only', `Teller cannot write to ${file}: the file or its folder is read-only. Nothing has been changed. Move it somewhere writable, or check its permissions.`);
    throw new TellerError('store-unreadable', `Teller cannot open ${file}: ${(e as Error).message}. Nothing has been changed.`);
  }
  const opened = db;
  try {
    // A damaged file is refused, never "repaired": the user restores a backup instead.
    const check = opened.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      throw new TellerError('store-unreadable', `${file} is damaged (SQLite's own check of the file fails). Nothing has been changed. Restore a backup: they are in the "backups" folder beside it.`);
    }
    migrate(opened, MIGRATIONS, () => backupStore(opened, file, `before-migration-to-${LATEST_VERSION}`));
  } catch (e) {
    opened.close();
    if (e instanceof TellerError) throw e;
    throw new TellerError('store-unreadable', `Teller cannot read ${file} as a Teller store: ${(e as Error).message}. Nothing has been changed.`);
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

