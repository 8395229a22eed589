import { z } from 'zod';
import { id, isoDate, name, empty } from './fields';
import { unitResultSchema } from '../outcome';
import { MEMBER_STATUSES } from '../lists/member-rows';
import { quorumSchema } from '../meetings';
import { ruleSetSchema } from '../rules';
import { ballotSettingsSchema } from '../ballot-rules';

/* The CLP, its branches and affiliates, the ballot with its rules and settings, and the state the screens show. */

const affiliateKindSchema = z.enum(['trade-union', 'socialist-society', 'co-operative', 'other']);

export type AffiliateKind = z.infer<typeof affiliateKindSchema>;

const clpSchema = z.strictObject({
  name: z.string(),
  code: z.string().nullable(),
  mpName: z.string(),
});

const branchSchema = z.strictObject({
  id,
  name: z.string(),
  result: unitResultSchema.nullable(),
  resultRecordedAt: z.string().nullable(),
  /** The branch's latest meeting (withdrawn ones aside): when there is one, the result comes only from its record. */
  meeting: z.strictObject({ id, date: z.string(), state: z.string() }).nullable(),
  /** A meeting, check-ins or a result recorded: the branch can then be withdrawn, never deleted. */
  hasDecisions: z.boolean(),
  /** Withdrawn with a reason: kept, shown, and left out of the outcome. */
  withdrawn: z.strictObject({ at: z.string(), reason: z.string() }).nullable(),
});

const affiliateSchema = z.strictObject({
  id,
  name: z.string(),
  kind: affiliateKindSchema,
  eligible: z.boolean(),
  ineligibleReason: z.string().nullable(),
  result: unitResultSchema.nullable(),
  resultRecordedAt: z.string().nullable(),
  /** `late`: received after the closing date (stored with the decision, and kept up to date when the timetable changes). */
  decision: z.strictObject({ receivedOn: z.string(), method: z.enum(['form', 'letter', 'email']), signedBy: z.string(), late: z.boolean() }).nullable(),
  /** A result or decision recorded: the affiliate can then be withdrawn, never deleted. */
  hasDecisions: z.boolean(),
  /** Withdrawn with a reason: kept, shown, and left out of the outcome. */
  withdrawn: z.strictObject({ at: z.string(), reason: z.string() }).nullable(),
});

/** A member's standing on the list; the ballot's eligibility settings say which count. */

/** The ballot's eligibility settings (changed from the membership list's page). */
export const eligibilitySchema = z.strictObject({
  minMonths: z.number({ error: 'The minimum membership must be a whole number of months.' }).int({ error: 'The minimum membership must be a whole number of months.' }).min(0, { error: 'The minimum membership cannot be negative.' }).max(120, { error: 'The minimum membership must be 120 months or fewer.' }),
  goodStanding: z.array(z.enum(MEMBER_STATUSES)).min(1, { error: 'Choose at least one status that counts as good standing.' }),
  branchMustMatch: z.boolean(),
  registerRequired: z.boolean(),
  /** A member whose status on the list is blank or unknown: taken as in good standing, as not, or asked at the door. */
  unknownStatus: z.enum(['good-standing', 'not-good-standing', 'ask'], { error: 'Choose how a blank or unknown status is treated.' }).default('not-good-standing'),
  /** A member in arrears who settles them at the door may vote (recorded at the desk with the reason). */
  arrearsSettledAtDoor: z.boolean().default(false),
  /** A member who cannot be registered to vote but lives in the area is an allowed exception to the register requirement (recorded at the desk). */
  residentNotRegistrable: z.boolean().default(false),
});


const ballotSchema = z.strictObject({
  id: z.string(),
  freezeDate: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  rules: ruleSetSchema,
  snapshotId: z.number().int().nullable(),
  eligibility: eligibilitySchema,
  quorum: quorumSchema,
  /** How ties are settled and whether late affiliate decisions count. */
  settings: ballotSettingsSchema,
});

/** When this store's personal data was deleted, and what went (complete: a purge of every place, not an earlier Teller's). */
const purgeRecordSchema = z.strictObject({ at: z.string(), deleted: z.array(z.strictObject({ what: z.string(), count: z.number().int() })), complete: z.boolean() });

export const stateSchema = z.strictObject({
  store: z.strictObject({ demo: z.boolean(), path: z.string() }),
  clp: clpSchema.nullable(),
  branches: z.array(branchSchema),
  affiliates: z.array(affiliateSchema),
  ballot: ballotSchema.nullable(),
  audit: z.strictObject({ entries: z.number().int(), head: z.string() }),
  complaints: z.strictObject({
    total: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    byCategory: z.record(z.string(), z.number().int()),
  }),
  purge: purgeRecordSchema.nullable(),
});

const affiliateInput = {
  name: name('The affiliate name'),
  kind: affiliateKindSchema,
  eligible: z.boolean(),
  ineligibleReason: z.string().trim().max(500, { error: 'The reason must be 500 characters or fewer.' }).nullable(),
};

/** The first steps of a new CLP, each done or not as the store now stands (the dashboard's checklist). */
const startChecklistSchema = z.strictObject({
  clp: z.boolean(),
  branches: z.boolean(),
  affiliates: z.boolean(),
  ballot: z.boolean(),
  membersList: z.boolean(),
  /** The ballot's eligibility settings were looked at and saved (not left at Teller's defaults). */
  whoMayVote: z.boolean(),
  signingKey: z.boolean(),
});

/** Setting up the CLP and its ballot, and recording the results of branches and affiliates. */
export const setupApi = {
  getState: { input: empty, output: stateSchema },
  getStartChecklist: { input: empty, output: startChecklistSchema },
  openDemo: { input: empty, output: stateSchema },
  leaveDemo: { input: empty, output: stateSchema },
  saveClp: {
    input: z.strictObject({
      name: name('The CLP name'),
      code: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[EWSN]\d{8}$/, { error: 'An ONS code is a letter (E, W, S or N) and eight digits, e.g. E14001234.' })
        .nullable(),
      mpName: name("The sitting MP's name"),
    }),
    output: stateSchema,
  },
  addBranch: { input: z.strictObject({ name: name('The branch name') }), output: stateSchema },
  renameBranch: { input: z.strictObject({ id, name: name('The branch name') }), output: stateSchema },
  deleteBranch: { input: z.strictObject({ id }), output: stateSchema },
  addAffiliate: { input: z.strictObject(affiliateInput), output: stateSchema },
  updateAffiliate: { input: z.strictObject({ id, ...affiliateInput }), output: stateSchema },
  deleteAffiliate: { input: z.strictObject({ id }), output: stateSchema },
  withdrawUnit: {
    input: z.strictObject({ unit: z.enum(['branch', 'affiliate']), id, reason: z.string().max(1000, { error: 'The reason must be 1,000 characters or fewer.' }) }),
    output: stateSchema,
  },
  saveBallot: {
    input: z.strictObject({
      freezeDate: isoDate('The freeze date'),
      opensOn: isoDate('The date branch meetings open'),
      closesOn: isoDate('The closing date'),
      rules: ruleSetSchema,
      /** Why the timetable or rules change once a result is recorded. */
      reason: z.string().max(1000, { error: 'The reason must be 1,000 characters or fewer.' }).optional(),
      /** After a final report: this change starts a corrected final revision. */
      startsCorrectedFinal: z.boolean().optional(),
    }),
    output: stateSchema,
  },
  previewBallotChange: {
    input: z.strictObject({ freezeDate: z.string().max(10), opensOn: z.string().max(10), closesOn: z.string().max(10), rules: ruleSetSchema }),
    output: z.strictObject({
      /** A result is recorded (by hand, by decision or from a closed meeting): a change then needs a reason. */
      resultsRecorded: z.boolean(),
      finalRevision: z.number().int().nullable(),
      /** Meetings that the new timetable would leave outside it. */
      meetingsOutside: z.array(z.strictObject({ branch: z.string(), date: z.string() })),
    }),
  },
  saveBallotSettings: { input: z.strictObject({ settings: ballotSettingsSchema }), output: stateSchema },
  recordResult: {
    /** A branch's result set by hand (a branch with no meeting), with why; an affiliate's comes only from its decision. */
    input: z.strictObject({ unit: z.enum(['branch', 'affiliate']), id, result: unitResultSchema.nullable(), reason: z.string().max(1000, { error: 'The reason must be 1,000 characters or fewer.' }).optional() }),
    output: stateSchema,
  },
  recordAffiliateDecision: {
    input: z.strictObject({
      affiliateId: id,
      result: unitResultSchema,
      receivedOn: isoDate('The date received'),
      method: z.enum(['form', 'letter', 'email']),
      signedBy: z.string().trim().min(1, { error: 'Record who signed it.' }).max(120),
      /** Why a decision already recorded is changed: kept in the audit entry with both versions. */
      reason: z.string().max(1000, { error: 'The reason must be 1,000 characters or fewer.' }).optional(),
    }),
    output: stateSchema,
  },
} as const;

export type TellerState = z.output<typeof stateSchema>;
export type StartChecklist = z.output<typeof startChecklistSchema>;
export type PurgeRecord = z.output<typeof purgeRecordSchema>;
export type Branch = z.output<typeof branchSchema>;
export type Affiliate = z.output<typeof affiliateSchema>;
export type Ballot = z.output<typeof ballotSchema>;
export type Eligibility = z.output<typeof eligibilitySchema>;
