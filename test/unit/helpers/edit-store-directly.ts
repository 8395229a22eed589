import type Database from 'better-sqlite3-multiple-ciphers';
import { rawStore } from '../../test-store';

/**
 * What someone with the store's key and an SQLite shell can do behind Teller's back: run
 * `sql` on the store's file directly (or `edit` with the open file), with no audit entry. The
 * one place tests open a store's file this way (keyed with the tests' passphrase when the
 * store is encrypted).
 */
export function editStoreDirectly(file: string, change: string | ((db: Database.Database) => void)): void {
  const db = rawStore(file);
  try {
    if (typeof change === 'string') db.exec(change);
    else change(db);
  } finally {
    db.close();
  }
}
