import { z } from 'zod';
import { fileId, id } from './fields';
import { importPreviewSchema, jobSchema } from './jobs';
import { eligibilitySchema, stateSchema } from './setup';

/* The membership list: snapshots, their import (previewed first, run as a job), the eligibility settings, and the purge of personal data. */

const snapshotSchema = z.strictObject({
  id: z.number().int(),
  importedAt: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  encoding: z.string(),
  rows: z.number().int(),
  imported: z.number().int(),
  rejected: z.array(z.strictObject({ line: z.number().int(), reason: z.string() })),
  ignoredColumns: z.array(z.string()),
});

const listKindSchema = z.enum(['members', 'register']);

export type ListKind = z.infer<typeof listKindSchema>;

const mappingSchema = z.array(z.string().max(40).nullable()).max(500);



/** The membership list (and the import of either list, which shares one job). */
export const membersApi = {
  listSnapshots: { input: z.strictObject({ kind: listKindSchema }), output: z.array(snapshotSchema) },
  previewImport: { input: z.strictObject({ kind: listKindSchema, fileId, mapping: mappingSchema.optional() }), output: jobSchema },
  /** Without a mapping, the one Teller guesses from the headers (the one a preview shows). */
  startImport: { input: z.strictObject({ kind: listKindSchema, fileId, mapping: mappingSchema.optional() }), output: jobSchema },
  getJob: { input: z.strictObject({ jobId: z.string().max(64) }), output: jobSchema },
  useSnapshot: { input: z.strictObject({ snapshotId: id }), output: stateSchema },
  saveEligibility: { input: eligibilitySchema, output: stateSchema },
  purgePersonalData: { input: z.strictObject({ confirmName: z.string().max(200) }), output: stateSchema },
} as const;

export type Snapshot = z.output<typeof snapshotSchema>;
export type ImportPreview = z.output<typeof importPreviewSchema>;
export type Job = z.output<typeof jobSchema>;
