import { z } from 'zod';
import { empty } from './fields';

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

const auditVerdictSchema = z.strictObject({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.string(),
  problems: z.array(z.strictObject({ seq: z.number().int().nullable(), message: z.string() })),
});

/** The audit log. */
export const auditApi = {
  getAuditLog: {
    input: z.strictObject({ limit: z.number().int().min(1).max(500) }),
    output: z.array(auditEntrySchema),
  },
  verifyAudit: { input: empty, output: auditVerdictSchema },
} as const;

export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditVerdict = z.output<typeof auditVerdictSchema>;
