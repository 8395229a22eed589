import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TellerError } from '../../shared/errors';
import { passphraseSealer, type KeySealer } from '../signing/keys';

/*
 * A store's encryption key: 32 random bytes, made when the store is, the same for the store
 * and every backup of it. It is never written in plain text: a small file beside the store
 * ("teller.sqlite.key") holds it sealed, by a passphrase (scrypt, then AES-256-GCM) or by
 * the operating system's keychain through Electron's safeStorage in the desktop app.
 */

/** A store's key (32 bytes), or null for a store kept in plain text (only the demo CLP's). */
export type StoreKey = Buffer | null;

/** How the key is unsealed: a passphrase, or the keychain's sealer (Electron's safeStorage). */
export type KeyAccess = { passphrase: string } | { sealer: KeySealer };

type SealedBy = 'passphrase' | 'safe-storage';

interface KeyFile {
  format: 'teller-store-key-1';
  sealedBy: SealedBy;
  /** base64 of the sealed key. */
  sealed: string;
}

export function keyFileFor(storePath: string): string {
  return `${path.resolve(storePath)}.key`;
}

function sealerFor(access: KeyAccess): KeySealer {
  return 'passphrase' in access ? passphraseSealer(access.passphrase) : access.sealer;
}

function readKeyFile(storePath: string): KeyFile | null {
  let text: string;
  try {
    const file = keyFileFor(storePath);
    if (fs.statSync(file).size > 64 * 1024) throw new Error('too large');
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TellerError('store-unreadable', `Teller cannot read the key file ${keyFileFor(storePath)}: ${(e as Error).message}. Nothing has been changed.`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<KeyFile>;
    if (parsed.format === 'teller-store-key-1' && (parsed.sealedBy === 'passphrase' || parsed.sealedBy === 'safe-storage') && typeof parsed.sealed === 'string') {
      return { format: parsed.format, sealedBy: parsed.sealedBy, sealed: parsed.sealed };
    }
  } catch {
    // reported below
  }
  throw new TellerError('store-unreadable', `The key file ${keyFileFor(storePath)} is damaged, so the store cannot be opened. Nothing has been changed.`);
}

/** How the store's key is sealed (null: the store has no key file, so it is new or still in plain text). */
export function storeKeySealedBy(storePath: string): SealedBy | null {
  return readKeyFile(storePath)?.sealedBy ?? null;
}

/** Writes a file whole or not at all: a temporary name, flushed to disk, then renamed. */
function writeWhole(file: string, text: string): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}

/** Makes a new random key for the store at `storePath` and writes it sealed beside it. */
export function createStoreKey(storePath: string, access: KeyAccess): Buffer {
  if (readKeyFile(storePath)) throw new TellerError('invalid-input', 'This store already has a key. Nothing has been changed.');
  const sealer = sealerFor(access);
  const key = randomBytes(32);
  const file: KeyFile = { format: 'teller-store-key-1', sealedBy: sealer.kind, sealed: sealer.seal(key).toString('base64') };
  writeWhole(keyFileFor(storePath), `${JSON.stringify(file, null, 2)}\n`);
  return key;
}

/**
 * Unseals the store's key. A wrong passphrase is refused in plain words and changes nothing;
 * so is a key sealed by the other means (the keychain when a passphrase is given, or the reverse).
 */
export function unsealStoreKey(storePath: string, access: KeyAccess): Buffer {
  const file = readKeyFile(storePath);
  if (!file) throw new TellerError('not-found', `The store at ${storePath} has no key file, so it is not encrypted yet.`);
  const kind = 'passphrase' in access ? 'passphrase' : access.sealer.kind;
  if (kind !== file.sealedBy) {
    throw new TellerError(
      'wrong-passphrase',
      file.sealedBy === 'passphrase'
        ? "This store's key is sealed with a passphrase: enter the passphrase to open it. Nothing has been changed."
        : "This store's key is held by the desktop app's keychain on the computer that made it, so it cannot be opened with a passphrase. Nothing has been changed.",
    );
  }
  let key: Buffer;
  try {
    key = sealerFor(access).open(Buffer.from(file.sealed, 'base64'));
  } catch {
    throw new TellerError(
      'wrong-passphrase',
      file.sealedBy === 'passphrase' ? 'That passphrase does not open this store. Nothing has been changed; try again.' : "The system keychain could not unseal this store's key. Nothing has been changed.",
      file.sealedBy === 'passphrase' ? 'passphrase' : undefined,
    );
  }
  if (key.length !== 32) throw new TellerError('store-unreadable', `The key file ${keyFileFor(storePath)} is damaged, so the store cannot be opened. Nothing has been changed.`);
  return key;
}

/** A key passed to a job's thread as hex (in memory only), back as bytes. */
export function keyOf(hex: string | null): StoreKey {
  return hex === null ? null : Buffer.from(hex, 'hex');
}

export function hexOf(key: StoreKey): string | null {
  return key ? key.toString('hex') : null;
}

/** The key as SQLite3 Multiple Ciphers takes a raw key (no key derivation): x'…64 hex digits…'. */
export function rawKeyPragma(key: Buffer): string {
  return `"x'${key.toString('hex')}'"`;
}

/**
 * Removes a file that held personal data in plain text: its bytes are overwritten with zeros
 * and flushed to disk before it is unlinked. (On SSDs and copy-on-write file systems the
 * disk may still keep old blocks; this is the most a program can do.)
 */
export function removeSecurely(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const zeros = Buffer.alloc(Math.min(size, 1024 * 1024));
    for (let at = 0; at < size; at += zeros.length) fs.writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.unlinkSync(file);
}
