import { z } from 'zod';
import { empty } from './fields';

/* This installation's signing key, and the signed report it issues. */

const keyInfoSchema = z.strictObject({ keyId: z.string(), publicKey: z.string(), createdAt: z.string(), retiredAt: z.string().nullable() });

const signingSchema = z.strictObject({
  current: keyInfoSchema.nullable(),
  retired: z.array(keyInfoSchema),
  /** 'safe-storage' in the desktop app; 'passphrase' elsewhere. */
  sealer: z.enum(['safe-storage', 'passphrase']),
  unlocked: z.boolean(),
});

const exportedReportSchema = z.strictObject({ fileName: z.string(), json: z.string(), sha256: z.string(), revision: z.number().int(), keyId: z.string() });

/** The signing key and the report export. */
export const signingApi = {
  getSigning: { input: empty, output: signingSchema },
  unlockSigningKey: { input: z.strictObject({ passphrase: z.string().max(1000) }), output: signingSchema },
  rotateSigningKey: { input: empty, output: signingSchema },
  exportReport: { input: z.strictObject({ status: z.enum(['interim', 'final']) }), output: exportedReportSchema },
} as const;

export type Signing = z.output<typeof signingSchema>;
export type KeyInfo = z.output<typeof keyInfoSchema>;
export type ExportedReportInfo = z.output<typeof exportedReportSchema>;
