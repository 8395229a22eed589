import { z } from 'zod';
import { empty } from './fields';
import { stateSchema } from './setup';

/* Opening the secretary's own store: it is encrypted, and its key is sealed by a passphrase or the system keychain. */

const passphrase = z.string().min(8, { error: 'The passphrase must be at least 8 characters.' }).max(1024, { error: 'The passphrase is too long (1,024 characters at most).' });

const storeAccessSchema = z.strictObject({
  /**
   * open: the secretary's store is open (or the demo is, and it was open before);
   * locked: it is encrypted and waits for its passphrase; new: there is none yet (a passphrase
   * is set when it is made); plain: it was made before Teller encrypted stores, and a
   * passphrase must be set to encrypt it.
   */
  state: z.enum(['open', 'locked', 'new', 'plain']),
  /** The demo CLP is open (kept in plain text: invented data only). */
  demo: z.boolean(),
  /** What seals the store's key (null: no key yet). */
  sealedBy: z.enum(['passphrase', 'safe-storage']).nullable(),
  /** Why the system keychain is not used, when it is not (null: it is, or this host has none to offer). */
  keychainNote: z.string().nullable(),
});

/** The store's lock and key. */
export const storeAccessApi = {
  getStoreAccess: { input: empty, output: storeAccessSchema },
  /** Opens the encrypted store with its passphrase; a wrong one changes nothing. */
  unlockStore: { input: z.strictObject({ passphrase: z.string().max(1024) }), output: stateSchema },
  /** Makes the store (or encrypts one from before encryption) with a new key sealed by this passphrase. */
  setStorePassphrase: { input: z.strictObject({ passphrase }), output: stateSchema },
} as const;

export type StoreAccess = z.output<typeof storeAccessSchema>;
