import { z } from 'zod';
import { nameProblem, normaliseClpName } from './names';

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

/** Version 1's payload and envelope. */
export type ReportPayloadV1 = z.output<typeof reportPayloadSchema>;
/**
 * Version 1's envelope. (Kept under its old name for the code that still reads version 1
 * only; `AnyReportEnvelope` is a report of either version.)
 */
export type ReportEnvelope = z.output<typeof reportEnvelopeSchema>;

/** Rules of the format that a shape cannot say: each as a plain-English problem. */
export function payloadRuleProblems(p: ReportPayloadV1 | ReportPayloadV2): string[] {
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

/* ------------------------------------------------------------------------------------------
 * Version 2 (docs/formats/report-v2.md): version 1 with pending units and no-vote reasons,
 * meeting versions, affiliate eligibility and decision dates, pending counts and `certain`,
 * and the history of links instead of `auditHead`. Stricter values (names, revision,
 * complaint sums) are checked by `payloadV2RuleProblems`, after the shape.
 * ---------------------------------------------------------------------------------------- */

/** Version 2's signed message begins "teller-report/2\n". */
export const SIGNED_PREFIX_V2 = 'teller-report/2\n';

/** The largest revision number (version 2): a CLP cannot block later revisions with a huge one. */
const MAX_REVISION = 9999;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const unitResultV2 = z.enum(['selection', 'reselect', 'tie', 'no-vote', 'pending']);
const NO_VOTE_REASONS = ['inquorate', 'not-held', 'abandoned', 'tied-after-retake', 'declined', 'did-not-report', 'ineligible'] as const;
export type NoVoteReason = (typeof NO_VOTE_REASONS)[number];
const noVoteReason = z.enum(NO_VOTE_REASONS).nullable();
const countsV2 = z.strictObject({ selection: count, reselect: count, tie: count, noVote: count, pending: count });
// Names are checked in full (NFC, characters, control and format characters) after the shape.
const nameV2 = z.string().min(1).max(400);

const reportBranchSchemaV2 = z.strictObject({
  name: nameV2,
  result: unitResultV2,
  noVoteReason,
  meeting: z
    .strictObject({
      date: isoDate,
      quorate: z.boolean(),
      attendance: count,
      eligibleAttendance: count,
      versions: z.number().int().min(1),
      votes: z.strictObject({ selection: count, reselect: count, abstain: count, spoilt: count }),
    })
    .nullable(),
});

const reportAffiliateSchemaV2 = z.strictObject({
  name: nameV2,
  kind: z.enum(['trade-union', 'socialist-society', 'co-operative', 'other']),
  result: unitResultV2,
  noVoteReason,
  eligible: z.boolean(),
  ineligibleReason: z.string().min(1).max(1000).nullable(),
  decision: z.strictObject({ receivedOn: isoDate, late: z.boolean() }).nullable(),
});

const reportPayloadSchemaV2 = z.strictObject({
  ballotId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  revision: z.number().int().min(1).max(MAX_REVISION),
  status: z.enum(['interim', 'final']),
  issuedAt: rfc3339Utc,
  clp: z.strictObject({ name: nameV2, code: z.string().max(20).nullable() }),
  mp: z.strictObject({ name: nameV2 }),
  freezeDate: isoDate,
  rules: reportRulesSchema,
  branches: z.array(reportBranchSchemaV2).max(2000),
  affiliates: z.array(reportAffiliateSchemaV2).max(2000),
  outcome: z.strictObject({ triggered: z.boolean(), certain: z.boolean(), branches: countsV2, affiliates: countsV2, share: fraction.nullable() }),
  complaints: z.strictObject({ total: count, open: count, byCategory: z.record(z.string().max(64), count) }),
  register: z.strictObject({ members: count, snapshotSha256: hex64.nullable(), checkedIn: count, refused: count, overrides: count }),
  history: z.strictObject({ entries: count, head: hex64, links: z.array(hex64).max(1_000_000) }),
});

export const reportEnvelopeSchemaV2 = z.strictObject({
  format: z.literal('teller-report'),
  version: z.literal(2),
  payload: reportPayloadSchemaV2,
  signature: reportEnvelopeSchema.shape.signature,
});

export type ReportPayloadV2 = z.output<typeof reportPayloadSchemaV2>;
export type ReportEnvelopeV2 = z.output<typeof reportEnvelopeSchemaV2>;
type ReportBranchV2 = ReportPayloadV2['branches'][number];
type ReportAffiliateV2 = ReportPayloadV2['affiliates'][number];

/** A report of either version, as verification returns it. */
export type AnyReportEnvelope = ReportEnvelope | ReportEnvelopeV2;
/** A payload of either version. */
export type ReportPayload = ReportPayloadV1 | ReportPayloadV2;

/**
 * The rules of version 2 that a shape cannot say (section 2), each a plain-English problem:
 * names, pending only in an interim report, a reason on every no-vote unit and on no other,
 * eligibility, and complaint sums. Version 1's own rules (`payloadRuleProblems`) apply too.
 */
export function payloadV2RuleProblems(p: ReportPayloadV2): string[] {
  const problems: string[] = [];
  const named: [string, string][] = [
    [p.clp.name, 'The CLP name'],
    [p.mp.name, 'The MP’s name'],
    ...p.branches.map((b, i): [string, string] => [b.name, `The name of branch ${i + 1}`]),
    ...p.affiliates.map((a, i): [string, string] => [a.name, `The name of affiliate ${i + 1}`]),
  ];
  for (const [name, what] of named) {
    const problem = nameProblem(name, what);
    if (problem) problems.push(problem);
  }
  const dupes = (names: string[]) => {
    const keys = names.map(normaliseClpName);
    return names.filter((_, i) => keys.indexOf(keys[i]!) !== i);
  };
  for (const n of dupes(p.branches.map((b) => b.name))) problems.push(`The branch name "${n}" is the same as another branch's, apart from case or spacing.`);
  for (const n of dupes(p.affiliates.map((a) => a.name))) problems.push(`The affiliate name "${n}" is the same as another affiliate's, apart from case or spacing.`);
  const units: [string, ReportBranchV2 | ReportAffiliateV2][] = [...p.branches.map((b): [string, ReportBranchV2] => ['branch', b]), ...p.affiliates.map((a): [string, ReportAffiliateV2] => ['affiliate', a])];
  for (const [kind, u] of units) {
    if (u.result === 'pending' && p.status === 'final') problems.push(`The ${kind} "${u.name}" is pending, but a final report has no pending unit: a unit that never reported is no-vote, did-not-report.`);
    if (u.result === 'no-vote' && u.noVoteReason === null) problems.push(`The ${kind} "${u.name}" has no vote but no noVoteReason.`);
    if (u.result !== 'no-vote' && u.noVoteReason !== null) problems.push(`The ${kind} "${u.name}" has the result ${u.result}, so its noVoteReason must be null.`);
  }
  for (const b of p.branches) {
    if (b.noVoteReason === 'ineligible') problems.push(`The branch "${b.name}" has the reason ineligible, which only an affiliate can have.`);
  }
  for (const a of p.affiliates) {
    if (!a.eligible && (a.result !== 'no-vote' || a.noVoteReason !== 'ineligible')) problems.push(`The affiliate "${a.name}" is not eligible, so its result must be no-vote with the reason ineligible.`);
    if (a.eligible && a.noVoteReason === 'ineligible') problems.push(`The affiliate "${a.name}" is eligible, so its reason cannot be ineligible.`);
    if (!a.eligible && a.ineligibleReason === null) problems.push(`The affiliate "${a.name}" is not eligible but no ineligibleReason is given.`);
    if (a.eligible && a.ineligibleReason !== null) problems.push(`The affiliate "${a.name}" is eligible, so its ineligibleReason must be null.`);
  }
  if (p.complaints.open > p.complaints.total) problems.push(`The complaints say ${p.complaints.open} open out of ${p.complaints.total} in all: more open than there are.`);
  const byCategory = Object.values(p.complaints.byCategory).reduce((s, n) => s + n, 0);
  if (byCategory !== p.complaints.total) problems.push(`The complaints by category add up to ${byCategory}, not to the total of ${p.complaints.total}.`);
  return problems;
}
