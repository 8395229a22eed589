import fs from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { connect } from '../db/store/connect';
import type { Db } from '../db/store/db';
import { keyFileFor, unsealStoreKey } from '../db/store/store-key';

/**
 * The passphrase the tests' stores are made with: every test passes it explicitly (to the
 * service, the service worker or the `teller` command), as a secretary would type hers.
 */
export const TEST_PASSPHRASE = 'correct horse battery staple';

/** A store's key, unsealed with the tests' passphrase (null for a store with no key file: plain). */
export function testKey(storePath: string): Buffer | null {
  return fs.existsSync(keyFileFor(storePath)) ? unsealStoreKey(storePath, { passphrase: TEST_PASSPHRASE }) : null;
}

/**
 * A raw connection to a store file or one of its backups, for a test to look inside or tamper
 * with it: keyed with `storePath`'s key (unsealed with the tests' passphrase) when it has one.
 */
export function rawStore(file: string, options: Database.Options = {}, storePath: string = file): Db {
  return connect(file, testKey(storePath), options);
}
