import type Database from 'better-sqlite3';

/** An open connection to a Teller store. */
export type Db = Database.Database;
