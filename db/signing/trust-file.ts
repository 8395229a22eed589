import { z } from 'zod';
import { fingerprint } from '../../shared/report/fingerprint';
import { keyIdOf } from './keys';
import type { TrustEntry } from './verify-report';

const trustFileSchema = z.strictObject({
  keys: z.array(
    z.strictObject({
      clp: z.string().min(1),
      keyId: z.string().regex(/^[0-9a-f]{32}$/),
      publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
      revoked: z.boolean(),
    }),
  ),
});

/**
 * A trust file of report-v1: `{ "keys": [ { clp, keyId, publicKey, revoked } ] }`. Each
 * entry's publicKey must be the key its keyId names: a file that pairs a CLP's keyId with
 * some other key is an error, never trusted as it stands.
 */
export function readTrustFile(text: string): TrustEntry[] {
  const parsed = trustFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`it does not follow the format (${parsed.error.issues[0]?.message ?? 'unknown problem'})`);
  for (const [i, k] of parsed.data.keys.entries()) {
    const raw = Buffer.from(k.publicKey, 'base64');
    if (raw.toString('base64') !== k.publicKey || keyIdOf(raw) !== k.keyId) {
      throw new Error(`entry ${i + 1} (${k.clp}) gives the keyId ${fingerprint(k.keyId)}, but its publicKey is a different key (${fingerprint(keyIdOf(raw))})`);
    }
  }
  return parsed.data.keys;
}
