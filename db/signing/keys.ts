import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scryptSync, createCipheriv, createDecipheriv, sign, verify, type KeyObject } from 'node:crypto';
import { TellerError } from '../../shared/errors';

/** The 32 raw bytes of an Ed25519 public key. */
function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** Lowercase hex of the first 16 bytes of SHA-256 of the raw public key (report-v1). */
export function keyIdOf(raw: Buffer): string {
  return createHash('sha256').update(raw).digest().subarray(0, 16).toString('hex');
}

interface SigningKey {
  keyId: string;
  publicKeyRaw: Buffer;
  privateKey: KeyObject;
}

export function generateSigningKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return { keyId: keyIdOf(raw), publicKeyRaw: raw, privateKey };
}

export function signBytes(key: KeyObject, message: Buffer): Buffer {
  return sign(null, message, key);
}

export function verifyBytes(publicKeyRaw: Buffer, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, message, publicKeyFromRaw(publicKeyRaw), signature);
  } catch {
    return false;
  }
}

/** How a private key is kept at rest: Electron's safeStorage in the desktop app, a passphrase elsewhere. */
export interface KeySealer {
  kind: 'safe-storage' | 'passphrase';
  seal(secret: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

const MAGIC = Buffer.from('TK1');

/** scrypt (N = 2^15, r = 8, p = 1) derives an AES-256-GCM key from the passphrase; salt and nonce are random per seal. */
export function passphraseSealer(passphrase: string): KeySealer {
  if (passphrase.length < 8) throw new TellerError('invalid-input', 'The passphrase must be at least 8 characters.', 'passphrase');
  const derive = (salt: Buffer) => scryptSync(passphrase, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return {
    kind: 'passphrase',
    seal(secret) {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', derive(salt), iv);
      const body = Buffer.concat([cipher.update(secret), cipher.final()]);
      return Buffer.concat([MAGIC, salt, iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      if (!sealed.subarray(0, 3).equals(MAGIC)) throw new TellerError('key-locked', 'The signing key is not sealed with a passphrase.');
      const salt = sealed.subarray(3, 19);
      const iv = sealed.subarray(19, 31);
      const tag = sealed.subarray(31, 47);
      const decipher = createDecipheriv('aes-256-gcm', derive(salt), iv);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(sealed.subarray(47)), decipher.final()]);
      } catch {
        throw new TellerError('key-locked', 'That passphrase does not unlock the signing key.', 'passphrase');
      }
    },
  };
}

export function privateKeyToPkcs8(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'pkcs8' });
}

export function privateKeyFromPkcs8(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}
