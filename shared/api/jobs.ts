import { z } from 'zod';
import { MEMBER_STATUSES } from '../lists/member-status';

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
  /** Each status the list writes (members), with its count and how it is read (null: the user must say). */
  statuses: z.array(z.strictObject({ value: z.string(), count: z.number().int(), status: z.enum(MEMBER_STATUSES).nullable(), by: z.enum(['rule', 'choice']).nullable() })),
  /** Each branch name the list writes (members), with the CLP branch it is read as (null: not yet, or refused). */
  branches: z.array(
    z.strictObject({
      value: z.string(),
      count: z.number().int(),
      branch: z.string().nullable(),
      by: z.enum(['name', 'choice', 'as-is']).nullable(),
      refused: z.boolean(),
      suggestion: z.string().nullable(),
    }),
  ),
  /** Rows that wait on a status or branch name the user has not said how to read. */
  held: z.number().int(),
  /** Things to check before importing: dates read from Excel serials, a list as at after the freeze date. */
  warnings: z.array(z.string()),
  /** The day the membership list is as at, as the preview was asked for (null: a register). */
  asAt: z.string().nullable(),
});

/** Statuses and branch names an import was refused for, left for the user to map. */
const unmappedSchema = z.strictObject({
  statuses: z.array(z.strictObject({ value: z.string(), count: z.number().int() })),
  branches: z.array(z.strictObject({ value: z.string(), count: z.number().int(), suggestion: z.string().nullable() })),
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
  /** For a membership import refused for unmapped statuses or branch names: which, with their counts. */
  unmapped: unmappedSchema.optional(),
});
