import fs from 'node:fs';
import path from 'node:path';
import type { Backup } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { utcInstant } from '../../shared/time';
import { verifyStoreChain } from './audit-history';
import { LATEST_VERSION } from './migrations';
import { connect } from './connect';
import type { Db } from './db';
import type { StoreKey } from './store-key';

/** Backups live beside the store, in a "backups" folder. */
export function backupDir(storePath: string): string {
  return path.join(path.dirname(path.resolve(storePath)), 'backups');
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/**
 * A consistent copy of the store, taken by SQLite itself (VACUUM INTO) on the open connection:
 * synchronous like every write path here, so it can sit in front of a migration or an import.
 * On an encrypted store's connection the copy is encrypted with the same key (SQLite3 Multiple
 * Ciphers gives the target of VACUUM INTO the main database's cipher and key).
 */
export function backupStore(db: Db, storePath: string, reason: string, now = new Date()): string {
  const dir = backupDir(storePath);
  fs.mkdirSync(dir, { recursive: true });
  const base = `${path.basename(storePath, '.sqlite')}-${stamp(now)}-${reason.replace(/[^a-z0-9-]/gi, '-')}`;
  let file = path.join(dir, `${base}.sqlite`);
  for (let n = 2; fs.existsSync(file); n++) file = path.join(dir, `${base}-${n}.sqlite`);
  db.prepare('VACUUM INTO ?').run(file);
  return file;
}

export function listBackups(storePath: string): Backup[] {
  const dir = backupDir(storePath);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sqlite'))
    .map((name) => {
      const stat = fs.statSync(path.join(dir, name));
      return { name, createdAt: utcInstant(stat.mtime), bytes: stat.size };
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** Checks a backup before anything is replaced: readable with the store's key, intact, of a version this Teller knows, with an unbroken audit chain. */
export function checkBackup(file: string, key: StoreKey): void {
  let db: Db | null = null;
  try {
    db = connect(file, key, { readonly: true, fileMustExist: true });
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw new TellerError('backup-unusable', 'That backup is damaged (its integrity check fails). Nothing was replaced.');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) throw new TellerError('backup-unusable', 'That backup was written by a newer Teller. Nothing was replaced.');
    if (version < 1) throw new TellerError('backup-unusable', 'That file is not a Teller store. Nothing was replaced.');
    const verdict = verifyStoreChain(db);
    if (!verdict.ok) throw new TellerError('backup-unusable', `That backup's audit trail has been altered (${verdict.problems[0]?.message ?? ''}). Nothing was replaced.`);
  } catch (e) {
    if (e instanceof TellerError) throw e;
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new TellerError('backup-unusable', "That backup cannot be opened with this store's key: it is not a backup of this store, or it is damaged. Nothing was replaced.");
    throw new TellerError('backup-unusable', `That backup cannot be read as a Teller store (${(e as Error).message}). Nothing was replaced.`);
  } finally {
    db?.close();
  }
}
