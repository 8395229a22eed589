import { z } from 'zod';
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

/** A trust file of report-v1: `{ "keys": [ { clp, keyId, publicKey, revoked } ] }`. */
export function readTrustFile(text: string): TrustEntry[] {
  const parsed = trustFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`it does not follow the format (${parsed.error.issues[0]?.message ?? 'unknown problem'})`);
  return parsed.data.keys;
}
