import { z } from 'zod';

/*
 * The signed trigger-ballot report, version 1 (formats/report-v1.md), exactly: every object
 * is strict (an unknown field is an error), and the rules that depend on other fields are
 * checked after the shape.
 */

const count = z.number().int().min(0);
const fraction = z.string().regex(/^(0|[1-9]\d{0,17})\/([1-9]\d{0,17})$/);
const unitResult = z.enum(['selection', 'reselect', 'tie', 'no-vote']);
const counts = z.strictObject({ selection: count, reselect: count, tie: count, noVote: count });
const rfc3339Utc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const reportRulesSchema = z.strictObject({
  id: z.string().min(1).max(64),
  method: z.enum(['either', 'college', 'pooled']),
  threshold: fraction,
  strict: z.boolean(),
  weights: z.strictObject({ branches: fraction, affiliates: fraction }).optional(),
  base: z.enum(['voting', 'all']),
  tie: z.enum(['no-vote', 'selection', 'reselect', 'split']),
  emptyClass: z.enum(['reweight', 'zero']).optional(),
});

const reportBranchSchema = z.strictObject({
  name: z.string().min(1).max(200),
  result: unitResult,
  meeting: z
    .strictObject({
      date: isoDate,
      quorate: z.boolean(),
      attendance: count,
      eligibleAttendance: count,
      votes: z.strictObject({ selection: count, reselect: count, abstain: count, spoilt: count }),
    })
    .nullable(),
});

const reportAffiliateSchema = z.strictObject({
  name: z.string().min(1).max(200),
  kind: z.enum(['trade-union', 'socialist-society', 'co-operative', 'other']),
  result: unitResult,
});

const reportPayloadSchema = z.strictObject({
  ballotId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  revision: z.number().int().min(1),
  status: z.enum(['interim', 'final']),
  issuedAt: rfc3339Utc,
  clp: z.strictObject({ name: z.string().min(1).max(200), code: z.string().max(20).nullable() }),
  mp: z.strictObject({ name: z.string().min(1).max(200) }),
  freezeDate: isoDate,
  rules: reportRulesSchema,
  branches: z.array(reportBranchSchema).max(2000),
  affiliates: z.array(reportAffiliateSchema).max(2000),
  outcome: z.strictObject({ triggered: z.boolean(), branches: counts, affiliates: counts, share: fraction.nullable() }),
  complaints: z.strictObject({ total: count, open: count, byCategory: z.record(z.string().max(64), count) }),
  register: z.strictObject({ members: count, snapshotSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(), checkedIn: count, refused: count, overrides: count }),
  auditHead: z.string().regex(/^[0-9a-f]{64}$/),
});

export const reportEnvelopeSchema = z.strictObject({
  format: z.literal('teller-report'),
  version: z.literal(1),
  payload: reportPayloadSchema,
  signature: z.strictObject({
    algorithm: z.literal('Ed25519'),
    publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
    keyId: z.string().regex(/^[0-9a-f]{32}$/),
    value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  }),
});

export type ReportPayload = z.output<typeof reportPayloadSchema>;
export type ReportEnvelope = z.output<typeof reportEnvelopeSchema>;

/** Rules of the format that a shape cannot say: each as a plain-English problem. */
export function payloadRuleProblems(p: ReportPayload): string[] {
  const problems: string[] = [];
  const college = p.rules.method === 'college';
  if (college && (!p.rules.weights || !p.rules.emptyClass)) problems.push('A college rule set must give weights and an emptyClass rule.');
  if (!college && (p.rules.weights !== undefined || p.rules.emptyClass !== undefined)) problems.push('weights and emptyClass appear only when the method is college.');
  const dupes = (names: string[]) => names.filter((n, i) => names.indexOf(n) !== i);
  for (const n of dupes(p.branches.map((b) => b.name))) problems.push(`The branch name "${n}" appears more than once.`);
  for (const n of dupes(p.affiliates.map((a) => a.name))) problems.push(`The affiliate name "${n}" appears more than once.`);
  return problems;
}

/** The bytes that are signed: "teller-report/1\n" and the RFC 8785 form of the payload. */
export const SIGNED_PREFIX = 'teller-report/1\n';
