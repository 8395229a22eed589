import { z } from 'zod';
import { empty, id, isoDate } from './fields';

/* The hash-chained audit log: read it, and check it. */

export const auditEntrySchema = z.strictObject({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});

/** The parts of the work an entry can belong to, for the audit trail's filter. */
const auditKindSchema = z.enum(['setup', 'members', 'meetings', 'door-desk', 'results', 'complaints', 'reports', 'store']);

/** One entry in words, for people to read: "Renée Désirée-Fairbrother admitted at Castle Hythe by Sam (door desk)." */
const auditLineSchema = z.strictObject({
  seq: z.number().int(),
  at: z.string(),
  /** The UK date of `at`, YYYY-MM-DD. */
  on: z.string(),
  actor: z.string(),
  action: z.string(),
  kind: auditKindSchema,
  words: z.string(),
  /** The meeting the entry is about, if any. */
  meetingId: z.number().int().nullable(),
});

const factValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A fact that differs between what the audit entries rebuild and what the tables hold. */
const recordDifferenceSchema = z.strictObject({
  /** The table holding the fact, e.g. "unit_result". */
  table: z.string(),
  /** The row, e.g. "unit_result:branch:2" or "meeting_version:3/1". */
  row: z.string(),
  /** The field that differs; null when the whole row is in one and not the other. */
  field: z.string().nullable(),
  inLog: factValue,
  inTable: factValue,
  message: z.string(),
});

const auditVerdictSchema = z.strictObject({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.string(),
  /** The chain's problems, each a sentence. */
  problems: z.array(z.strictObject({ seq: z.number().int().nullable(), message: z.string() })),
  /** The facts rebuilt from the audit entries that differ from the tables (docs/audit-rebuild.md). */
  differences: z.array(recordDifferenceSchema).optional(),
  /** Facts the entries cannot rebuild (written by an earlier version), each said plainly. */
  unverifiable: z.array(z.string()).optional(),
});

const reportHeadCheckSchema = z.strictObject({
  ok: z.boolean(),
  /** How many entries the record has now. */
  entries: z.number().int(),
  /** After how many entries the record's head equals the report's, if it ever does. */
  matchedAt: z.number().int().nullable(),
  message: z.string(),
});

/** The audit log. */
export const auditApi = {
  getAuditLog: {
    input: z.strictObject({ limit: z.number().int().min(1).max(500) }),
    output: z.array(auditEntrySchema),
  },
  /** The trail in words, newest first, filtered: by kind, meeting and UK date (inclusive), and words found in it. */
  getAuditTrail: {
    input: z.strictObject({
      kind: auditKindSchema.nullable(),
      meetingId: id.nullable(),
      from: isoDate('The first date').nullable(),
      to: isoDate('The last date').nullable(),
      search: z.string().trim().max(200),
      limit: z.number().int().min(1).max(100_000),
    }),
    output: z.strictObject({ lines: z.array(auditLineSchema), matched: z.number().int(), total: z.number().int() }),
  },
  verifyAudit: { input: empty, output: auditVerdictSchema },
  /** Whether the record still extends what a report was issued from (its auditHead). */
  checkReportHead: {
    input: z.strictObject({
      auditHead: z.string().regex(/^[0-9a-f]{64}$/, { error: 'An audit head is 64 lowercase hexadecimal digits.' }),
      ballotId: z.string().max(200).nullable(),
      revision: z.number().int().min(1).max(1_000_000).nullable(),
    }),
    output: reportHeadCheckSchema,
  },
} as const;

export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditKind = z.output<typeof auditKindSchema>;
export type AuditLine = z.output<typeof auditLineSchema>;
export type AuditVerdict = z.output<typeof auditVerdictSchema>;
export type RecordDifference = z.output<typeof recordDifferenceSchema>;
export type ReportHeadCheck = z.output<typeof reportHeadCheckSchema>;
