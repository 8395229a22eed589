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

/** What is not finished yet, shown before a final report is issued. */
const reportChecklistSchema = z.strictObject({
  /** Branches and eligible affiliates with no result. */
  pendingUnits: z.array(z.strictObject({ unit: z.enum(['branch', 'affiliate']), id: z.number().int(), name: z.string() })),
  /** Meetings recorded but not yet closed, not held or abandoned. */
  openMeetings: z.array(z.strictObject({ id: z.number().int(), branch: z.string(), date: z.string() })),
  /** Complaints not yet resolved or dismissed. */
  openComplaints: z.number().int(),
  closesOn: z.string(),
  /** False while today (in the UK) is on or before the close date. */
  ballotClosed: z.boolean(),
  /** The revision of the latest final report, if one has been issued. */
  finalRevision: z.number().int().nullable(),
  lastRevision: z.number().int().nullable(),
});

/** The word typed to confirm a final report. */
export const FINAL_WORD = 'FINAL';

const exportInputSchema = z.strictObject({
  status: z.enum(['interim', 'final']),
  /** For a final report: the word FINAL, typed by the secretary after reading the checklist. */
  confirm: z.string().max(100).optional(),
  /** For a final report after a final one: why this corrected revision is issued. */
  reason: z.string().max(1000).optional(),
});

/** The signing key and the report export. */
export const signingApi = {
  getSigning: { input: empty, output: signingSchema },
  unlockSigningKey: { input: z.strictObject({ passphrase: z.string().max(1000) }), output: signingSchema },
  rotateSigningKey: { input: empty, output: signingSchema },
  getReportChecklist: { input: empty, output: reportChecklistSchema },
  exportReport: { input: exportInputSchema, output: exportedReportSchema },
} as const;

export type Signing = z.output<typeof signingSchema>;
export type KeyInfo = z.output<typeof keyInfoSchema>;
export type ReportChecklist = z.output<typeof reportChecklistSchema>;
export type ExportedReportInfo = z.output<typeof exportedReportSchema>;
