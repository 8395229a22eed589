import Database from 'better-sqlite3';

/**
 * What someone with the sqlite3 command line can do behind Teller's back: run `sql` on the
 * store's file directly, with no audit entry. The one place tests open a store file this way.
 */
export function editStoreDirectly(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}
