import type Database from 'better-sqlite3-multiple-ciphers';

/** An open connection to a Teller store. */
export type Db = Database.Database;
