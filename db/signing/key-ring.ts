import { TellerError } from '../../shared/errors';
import type { KeyInfo } from '../../shared/api';
import type { ClpStore } from '../store/clp-store';
import { generateSigningKey, privateKeyFromPkcs8, privateKeyToPkcs8, type KeySealer } from './keys';
import type { KeyObject } from 'node:crypto';

interface KeyRow {
  key_id: string;
  public_key: string;
  sealed: Buffer;
  sealer: 'safe-storage' | 'passphrase';
  created_at: string;
  retired_at: string | null;
}

/*
 * This installation's signing keys. The private key is stored sealed and opened only in
 * this process, only to sign; a rotated key is kept (retired) so its public half stays known.
 */
export function signingKeys(store: ClpStore): KeyInfo[] {
  return (store.db.prepare('SELECT * FROM signing_key ORDER BY created_at DESC').all() as KeyRow[]).map((r) => ({
    keyId: r.key_id,
    publicKey: r.public_key,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  }));
}

export function currentKey(store: ClpStore): KeyInfo | null {
  return signingKeys(store).find((k) => k.retiredAt === null) ?? null;
}

/** Creates the first key, or a new one that replaces the current key (rotation). */
export function createKey(store: ClpStore, sealer: KeySealer): KeyInfo {
  const key = generateSigningKey();
  const publicKey = key.publicKeyRaw.toString('base64');
  const at = store.stamp();
  const before = currentKey(store);
  store.change(before ? 'key.rotate' : 'key.create', 'signing_key', () => {
    store.db.prepare('UPDATE signing_key SET retired_at = ? WHERE retired_at IS NULL').run(at);
    store.db.prepare('INSERT INTO signing_key (key_id, public_key, sealed, sealer, created_at) VALUES (?, ?, ?, ?, ?)').run(key.keyId, publicKey, sealer.seal(privateKeyToPkcs8(key.privateKey)), sealer.kind, at);
    return { entityId: key.keyId, before: before && { keyId: before.keyId }, after: { keyId: key.keyId, publicKey } };
  });
  return { keyId: key.keyId, publicKey, createdAt: at, retiredAt: null };
}

/** The current key, opened for signing. */
export function openKey(store: ClpStore, sealer: KeySealer | null): { info: KeyInfo; privateKey: KeyObject } {
  const row = store.db.prepare('SELECT * FROM signing_key WHERE retired_at IS NULL').get() as KeyRow | undefined;
  if (!row) throw new TellerError('key-locked', 'This installation has no signing key yet. Create one on the Settings page.');
  if (!sealer || sealer.kind !== row.sealer) {
    throw new TellerError('key-locked', row.sealer === 'passphrase' ? 'Unlock the signing key with its passphrase on the Settings page first.' : 'The signing key is held by the desktop app and cannot be opened here.');
  }
  return { info: { keyId: row.key_id, publicKey: row.public_key, createdAt: row.created_at, retiredAt: null }, privateKey: privateKeyFromPkcs8(sealer.open(row.sealed)) };
}
