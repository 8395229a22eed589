import Database from 'better-sqlite3';

/**
 * What someone with the sqlite3 command line can do behind Teller's back: run `sql` on the
 * store's file directly (or `edit` with the open file), with no audit entry. The one place
 * tests open a store's file this way.
 */
export function editStoreDirectly(file: string, change: string | ((db: Database.Database) => void)): void {
  const db = new Database(file);
  try {
    if (typeof change === 'string') db.exec(change);
    else change(db);
  } finally {
    db.close();
  }
}
