import { z } from 'zod';
import { empty, fileId } from './fields';
import { jobSchema, problemSchema, reportImportSchema } from './jobs';

/* The regional office: keys it trusts per CLP, and the signed reports it imports and totals. */


const trustedKeySchema = z.strictObject({
  clp: z.string(),
  keyId: z.string(),
  publicKey: z.string().nullable(),
  addedAt: z.string(),
  revokedAt: z.string().nullable(),
  reports: z.array(z.strictObject({ clp: z.string(), revision: z.number().int(), status: z.string() })),
});


const regionSchema = z.strictObject({
  rows: z.array(
    z.strictObject({
      ballotId: z.string(),
      clp: z.string(),
      revision: z.number().int(),
      status: z.string(),
      issuedAt: z.string(),
      triggered: z.boolean(),
      share: z.string().nullable(),
      threshold: z.string(),
      method: z.string(),
      branchesReporting: z.number().int(),
      branches: z.number().int(),
      affiliatesReporting: z.number().int(),
      affiliates: z.number().int(),
      complaints: z.number().int(),
      openComplaints: z.number().int(),
      keyId: z.string(),
      history: z.array(z.strictObject({ revision: z.number().int().nullable(), status: z.string().nullable(), accepted: z.boolean(), importedAt: z.string() })),
    }),
  ),
  refused: z.array(z.strictObject({ fileName: z.string(), clp: z.string().nullable(), revision: z.number().int().nullable(), problems: z.array(problemSchema), importedAt: z.string() })),
});

/** The regional office. */
export const regionApi = {
  listTrustedKeys: { input: empty, output: z.array(trustedKeySchema) },
  trustKey: { input: z.strictObject({ clp: z.string().max(200), key: z.string().max(200) }), output: z.array(trustedKeySchema) },
  revokeKey: { input: z.strictObject({ clp: z.string().max(200), keyId: z.string().regex(/^[0-9a-f]{32}$/) }), output: z.array(trustedKeySchema) },
  importReports: { input: z.strictObject({ fileIds: z.array(fileId).min(1).max(2000) }), output: jobSchema },
  getRegion: { input: empty, output: regionSchema },
} as const;

export type TrustedKeyRow = z.output<typeof trustedKeySchema>;
export type ReportImportRow = z.output<typeof reportImportSchema>;
export type Region = z.output<typeof regionSchema>;
export type RegionRow = Region['rows'][number];
