import { z } from 'zod';
import { registerMatchSchema as matchStatusSchema } from '../lists/eligibility';
import { empty } from './fields';

/* The council's electoral register, cross-matched with the membership list. */

const matchSummarySchema = z.strictObject({
  registerSnapshotId: z.number().int().nullable(),
  matched: z.number().int(),
  matchedElsewhere: z.number().int(),
  notFound: z.number().int(),
  /** Only a namesake elsewhere agrees: to be checked by hand. */
  ambiguous: z.number().int(),
});

const registerMatchSchema = z.strictObject({
  memberId: z.number().int(),
  number: z.string(),
  name: z.string(),
  postcode: z.string(),
  status: matchStatusSchema,
  evidence: z.string(),
});

/** One member's result as `teller cross-match --json` prints it (docs/formats/cross-match.md). */
const matchExportRowSchema = z.strictObject({
  membershipNumber: z.string(),
  status: matchStatusSchema,
  evidence: z.string(),
});

/** Cross-matching the membership list with the electoral register. */
export const electoralRegisterApi = {
  crossMatchRegister: { input: empty, output: matchSummarySchema },
  getMatchSummary: { input: empty, output: matchSummarySchema },
  listRegisterMatches: {
    input: z.strictObject({ status: matchStatusSchema.nullable(), limit: z.number().int().min(1).max(1000) }),
    output: z.array(registerMatchSchema),
  },
  /** Every member's latest result, in membership-number order (for the command line). */
  exportRegisterMatches: { input: empty, output: z.array(matchExportRowSchema) },
} as const;

export type MatchSummary = z.output<typeof matchSummarySchema>;
export type RegisterMatchRow = z.output<typeof registerMatchSchema>;
export type RegisterMatchExportRow = z.output<typeof matchExportRowSchema>;
