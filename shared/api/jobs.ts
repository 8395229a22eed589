import { z } from 'zod';

/* Long work (reading a list, importing it, checking a batch of reports) runs as a job: it
   answers at once, then the service pushes each step, and the job says how it ended. */

export const importPreviewSchema = z.strictObject({
  fileName: z.string(),
  sha256: z.string(),
  encoding: z.string(),
  headers: z.array(z.string()),
  mapping: z.array(z.string().nullable()),
  ignoredColumns: z.array(z.string()),
  problems: z.array(z.string()),
  rows: z.number().int(),
  valid: z.number().int(),
  rejected: z.array(z.strictObject({ line: z.number().int(), reason: z.string() })),
  sample: z.strictObject({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }),
});

export const problemSchema = z.strictObject({ code: z.string(), message: z.string() });

/** accepted; flagged: accepted, but signed by a key revoked since; duplicate: that report is already held (nothing changed); refused. */
export const reportVerdictSchema = z.enum(['accepted', 'flagged', 'duplicate', 'refused']);

export const reportImportSchema = z.strictObject({
  /** The file's row among the files received (listReceivedFiles). */
  fileId: z.number().int(),
  fileName: z.string(),
  verdict: reportVerdictSchema,
  clp: z.string().nullable(),
  ballotId: z.string().nullable(),
  revision: z.number().int().nullable(),
  problems: z.array(problemSchema),
});

export const jobSchema = z.strictObject({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  message: z.string().nullable(),
  snapshotId: z.number().int().nullable(),
  /** For a preview job: how Teller reads the file. */
  preview: importPreviewSchema.nullable(),
  /** For a job importing signed reports: each file's verdict, once done. */
  reports: z.array(reportImportSchema).nullable(),
});
