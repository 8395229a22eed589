import { z } from 'zod';
import { isIsoDate } from './dates';

/*
 * The Api contract: one table of methods with their input and output schemas. Both hosts
 * (Electron IPC and the local browser host) are generated from this table, and every call's
 * input is validated against its schema before it reaches db/.
 */

const name = (what: string) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .min(1, { error: `${what} is required.` })
    .max(120, { error: `${what} must be 120 characters or fewer.` })
    .refine((s) => !/\p{Cc}/u.test(s), { error: `${what} cannot contain control characters.` });

const isoDate = (what: string) =>
  z.string({ error: `${what} is required.` }).refine(isIsoDate, { error: `${what} must be a real date.` });

const id = z.number({ error: 'An id is required.' }).int().positive();
const fileId = z.string().regex(/^[a-f0-9]{32}$/, { error: 'Choose the file again.' });
const fraction = (what: string) => z.string({ error: `${what} is required.` }).trim().regex(/^\d{1,18}\/\d{1,18}$/, { error: `${what} must be a fraction such as 1/3.` });

export const unitResultSchema = z.enum(['selection', 'reselect', 'tie', 'no-vote']);
export const affiliateKindSchema = z.enum(['trade-union', 'socialist-society', 'co-operative', 'other']);
export type AffiliateKind = z.infer<typeof affiliateKindSchema>;

export const ruleSetSchema = z.strictObject({
  id: z.string().trim().min(1, { error: 'The rule set needs a name.' }).max(64),
  method: z.enum(['either', 'college', 'pooled']),
  threshold: fraction('The threshold'),
  strict: z.boolean(),
  weights: z.strictObject({ branches: fraction('The branches weight'), affiliates: fraction('The affiliates weight') }).optional(),
  base: z.enum(['voting', 'all']),
  tie: z.enum(['no-vote', 'selection', 'reselect', 'split']),
  emptyClass: z.enum(['reweight', 'zero']).optional(),
});

export const clpSchema = z.strictObject({
  name: z.string(),
  code: z.string().nullable(),
  mpName: z.string(),
});

export const branchSchema = z.strictObject({
  id,
  name: z.string(),
  result: unitResultSchema.nullable(),
  resultRecordedAt: z.string().nullable(),
});

export const affiliateSchema = z.strictObject({
  id,
  name: z.string(),
  kind: affiliateKindSchema,
  eligible: z.boolean(),
  ineligibleReason: z.string().nullable(),
  result: unitResultSchema.nullable(),
  resultRecordedAt: z.string().nullable(),
  decision: z.strictObject({ receivedOn: z.string(), method: z.enum(['form', 'letter', 'email']), signedBy: z.string(), late: z.boolean() }).nullable(),
});

export const memberStatusSchema = z.enum(['good-standing', 'arrears', 'lapsed', 'suspended', 'resigned', 'expelled']);

export const eligibilitySchema = z.strictObject({
  minMonths: z.number({ error: 'The minimum membership must be a whole number of months.' }).int({ error: 'The minimum membership must be a whole number of months.' }).min(0, { error: 'The minimum membership cannot be negative.' }).max(120, { error: 'The minimum membership must be 120 months or fewer.' }),
  goodStanding: z.array(memberStatusSchema).min(1, { error: 'Choose at least one status that counts as good standing.' }),
  branchMustMatch: z.boolean(),
  registerRequired: z.boolean(),
});

export const ballotSchema = z.strictObject({
  id: z.string(),
  freezeDate: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  rules: ruleSetSchema,
  snapshotId: z.number().int().nullable(),
  eligibility: eligibilitySchema,
  quorum: z.lazy(() => quorumSchema),
});

export const snapshotSchema = z.strictObject({
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

export const listKindSchema = z.enum(['members', 'register']);
export type ListKind = z.infer<typeof listKindSchema>;
const mappingSchema = z.array(z.string().max(40).nullable()).max(500);

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
});

const keyInfoSchema = z.strictObject({ keyId: z.string(), publicKey: z.string(), createdAt: z.string(), retiredAt: z.string().nullable() });

export const signingSchema = z.strictObject({
  current: keyInfoSchema.nullable(),
  retired: z.array(keyInfoSchema),
  /** 'safe-storage' in the desktop app; 'passphrase' elsewhere. */
  sealer: z.enum(['safe-storage', 'passphrase']),
  unlocked: z.boolean(),
});

export const exportedReportSchema = z.strictObject({ fileName: z.string(), json: z.string(), sha256: z.string(), revision: z.number().int(), keyId: z.string() });

const problemSchema = z.strictObject({ code: z.string(), message: z.string() });
export const trustedKeySchema = z.strictObject({
  clp: z.string(),
  keyId: z.string(),
  publicKey: z.string().nullable(),
  addedAt: z.string(),
  revokedAt: z.string().nullable(),
  reports: z.array(z.strictObject({ clp: z.string(), revision: z.number().int(), status: z.string() })),
});
export const reportImportSchema = z.strictObject({
  fileName: z.string(),
  verdict: z.enum(['accepted', 'refused', 'duplicate', 'superseded-already']),
  clp: z.string().nullable(),
  revision: z.number().int().nullable(),
  problems: z.array(problemSchema),
});
export const regionSchema = z.strictObject({
  rows: z.array(
    z.strictObject({
      ballotId: z.string(),
      clp: z.string(),
      revision: z.number().int(),
      status: z.string(),
      issuedAt: z.string(),
      triggered: z.boolean(),
      share: z.string().nullable(),
      threshold: z.string(),
      method: z.string(),
      branchesReporting: z.number().int(),
      branches: z.number().int(),
      affiliatesReporting: z.number().int(),
      affiliates: z.number().int(),
      complaints: z.number().int(),
      openComplaints: z.number().int(),
      keyId: z.string(),
      history: z.array(z.strictObject({ revision: z.number().int().nullable(), status: z.string().nullable(), accepted: z.boolean(), importedAt: z.string() })),
    }),
  ),
  refused: z.array(z.strictObject({ fileName: z.string(), clp: z.string().nullable(), revision: z.number().int().nullable(), problems: z.array(problemSchema), importedAt: z.string() })),
});

export const backupSchema = z.strictObject({ name: z.string(), createdAt: z.string(), bytes: z.number().int() });

export const matchSummarySchema = z.strictObject({
  registerSnapshotId: z.number().int().nullable(),
  matched: z.number().int(),
  matchedElsewhere: z.number().int(),
  notFound: z.number().int(),
});

export const registerMatchSchema = z.strictObject({
  memberId: z.number().int(),
  number: z.string(),
  name: z.string(),
  postcode: z.string(),
  status: z.enum(['matched', 'matched-elsewhere', 'not-found']),
  evidence: z.string(),
});

const verdictSchema = z.strictObject({ eligible: z.boolean(), reasons: z.array(z.string()) });

export const deskMemberSchema = z.strictObject({
  id: z.number().int(),
  number: z.string(),
  name: z.string(),
  address: z.string(),
  postcode: z.string(),
  branch: z.string(),
  joinDate: z.string(),
  verdict: verdictSchema,
  alreadyHere: z.string().nullable(),
});

export const deskSchema = z.strictObject({
  meeting: z.strictObject({ id: z.number().int(), branchId: z.number().int(), branch: z.string(), date: z.string() }),
  counts: z.strictObject({ checkedIn: z.number().int(), eligibleCheckedIn: z.number().int(), refused: z.number().int(), overrides: z.number().int(), provisional: z.number().int() }),
  entries: z.array(
    z.strictObject({
      id: z.number().int(),
      at: z.string(),
      outcome: z.enum(['admitted', 'refused', 'override', 'provisional']),
      name: z.string(),
      number: z.string().nullable(),
      reasons: z.array(z.string()),
      note: z.string().nullable(),
    }),
  ),
  snapshotSize: z.number().int(),
});

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
});

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

export const auditVerdictSchema = z.strictObject({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.string(),
  problems: z.array(z.strictObject({ seq: z.number().int().nullable(), message: z.string() })),
});

const countField = z.number({ error: 'Enter a whole number, 0 or more.' }).int({ error: 'Enter a whole number, 0 or more.' }).min(0, { error: 'Enter a whole number, 0 or more.' }).max(1_000_000);
const shortText = (what: string, max = 200) => z.string().trim().max(max, { error: `${what} must be ${max} characters or fewer.` });

export const meetingRecordSchema = z.strictObject({
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter the time as HH:MM, e.g. 19:30.' }),
  venue: shortText('The venue'),
  chair: shortText("The chair's name", 120),
  secretary: shortText("The secretary's name", 120),
  others: shortText('Who else ran it', 500),
  voteMethod: z.enum(['show-of-hands', 'paper-ballot', 'other']),
  notes: shortText('The notes', 4000),
  attendanceSource: z.enum(['desk', 'manual']),
  attendance: countField,
  eligibleAttendance: countField,
  votes: z.strictObject({ selection: countField, reselect: countField, abstain: countField, spoilt: countField }),
});

export const quorumSchema = z.union([
  z.strictObject({ kind: z.literal('number'), value: z.number().int().min(1, { error: 'A quorum must be at least 1 member.' }).max(100_000) }),
  z.strictObject({ kind: z.literal('percent'), value: z.number().int().min(1, { error: 'A percentage quorum must be 1 to 100.' }).max(100, { error: 'A percentage quorum must be 1 to 100.' }) }),
]);

const figuresSchema = z.strictObject({
  attendance: z.number().int(),
  eligibleAttendance: z.number().int(),
  /** Eligible members of the branch on the list the ballot uses (null without a list). */
  entitled: z.number().int().nullable(),
  quorumRequired: z.number().int().nullable(),
  quorate: z.boolean(),
  voting: z.number().int(),
  result: unitResultSchema,
});

export const meetingViewSchema = z.strictObject({
  id: z.number().int(),
  branchId: z.number().int(),
  branch: z.string(),
  date: z.string(),
  state: z.enum(['open', 'closed', 'not-held', 'abandoned']),
  record: meetingRecordSchema.nullable(),
  /** Live from the door desk while open; as frozen at closing after. */
  deskFigures: z.strictObject({ attendance: z.number().int(), eligibleAttendance: z.number().int(), refused: z.number().int(), overrides: z.number().int() }),
  quorum: z.strictObject({ rule: quorumSchema, required: z.number().int().nullable(), entitled: z.number().int().nullable() }),
  versions: z.array(z.strictObject({ version: z.number().int(), at: z.string(), state: z.string(), reason: z.string().nullable(), record: meetingRecordSchema.nullable(), figures: figuresSchema })),
  history: z.array(auditEntrySchema),
  complaints: z.array(z.lazy(() => complaintSchema)),
});

export const meetingSummarySchema = z.strictObject({ id: z.number().int(), branchId: z.number().int(), branch: z.string(), date: z.string(), state: z.string(), result: unitResultSchema.nullable() });

export const complaintCategorySchema = z.enum(['eligibility', 'impersonation', 'electoral-register', 'procedure', 'conduct', 'other']);
export const complaintStatusSchema = z.enum(['open', 'referred', 'resolved', 'dismissed']);

export const complaintSchema = z.strictObject({
  id: z.number().int(),
  receivedOn: z.string(),
  complainant: z.string().nullable(),
  contact: z.string().nullable(),
  about: z.string(),
  meetingId: z.number().int().nullable(),
  category: complaintCategorySchema,
  summary: z.string(),
  status: complaintStatusSchema,
  outcome: z.string().nullable(),
  outcomeOn: z.string().nullable(),
});


const affiliateInput = {
  name: name('The affiliate name'),
  kind: affiliateKindSchema,
  eligible: z.boolean(),
  ineligibleReason: z.string().trim().max(500, { error: 'The reason must be 500 characters or fewer.' }).nullable(),
};

const empty = z.strictObject({});

export const apiMethods = {
  getState: { input: empty, output: stateSchema },
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
  saveBallot: {
    input: z.strictObject({
      freezeDate: isoDate('The freeze date'),
      opensOn: isoDate('The date branch meetings open'),
      closesOn: isoDate('The closing date'),
      rules: ruleSetSchema,
    }),
    output: stateSchema,
  },
  recordResult: {
    input: z.strictObject({ unit: z.enum(['branch', 'affiliate']), id, result: unitResultSchema.nullable() }),
    output: stateSchema,
  },
  getAuditLog: {
    input: z.strictObject({ limit: z.number().int().min(1).max(500) }),
    output: z.array(auditEntrySchema),
  },
  verifyAudit: { input: empty, output: auditVerdictSchema },
  listSnapshots: { input: z.strictObject({ kind: listKindSchema }), output: z.array(snapshotSchema) },
  previewImport: { input: z.strictObject({ kind: listKindSchema, fileId, mapping: mappingSchema.optional() }), output: jobSchema },
  startImport: { input: z.strictObject({ kind: listKindSchema, fileId, mapping: mappingSchema }), output: jobSchema },
  crossMatchRegister: { input: empty, output: matchSummarySchema },
  getMatchSummary: { input: empty, output: matchSummarySchema },
  listRegisterMatches: {
    input: z.strictObject({ status: z.enum(['matched', 'matched-elsewhere', 'not-found']).nullable(), limit: z.number().int().min(1).max(1000) }),
    output: z.array(registerMatchSchema),
  },
  getJob: { input: z.strictObject({ jobId: z.string().max(64) }), output: jobSchema },
  useSnapshot: { input: z.strictObject({ snapshotId: id }), output: stateSchema },
  saveEligibility: { input: eligibilitySchema, output: stateSchema },
  openDoorDesk: { input: z.strictObject({ branchId: id, date: isoDate('The meeting date') }), output: deskSchema },
  getDesk: { input: z.strictObject({ meetingId: id }), output: deskSchema },
  searchMembers: { input: z.strictObject({ meetingId: id, query: z.string().max(100) }), output: z.array(deskMemberSchema) },
  recordCheckin: {
    input: z.strictObject({ meetingId: id, memberId: id, outcome: z.enum(['admitted', 'refused', 'override']), note: z.string().max(500).nullable() }),
    output: deskSchema,
  },
  recordWalkIn: {
    input: z.strictObject({
      meetingId: id,
      name: z.string().max(120),
      details: z.string().max(500),
      outcome: z.enum(['refused', 'provisional']),
      note: z.string().max(500),
    }),
    output: deskSchema,
  },
  purgePersonalData: { input: z.strictObject({ confirmName: z.string().max(200) }), output: stateSchema },
  listMeetings: { input: empty, output: z.array(meetingSummarySchema) },
  scheduleMeeting: { input: z.strictObject({ branchId: id, date: isoDate('The meeting date') }), output: meetingViewSchema },
  getMeeting: { input: z.strictObject({ meetingId: id }), output: meetingViewSchema },
  saveMeetingDraft: { input: z.strictObject({ meetingId: id, record: meetingRecordSchema }), output: meetingViewSchema },
  closeMeeting: { input: z.strictObject({ meetingId: id }), output: meetingViewSchema },
  correctMeeting: {
    input: z.strictObject({ meetingId: id, record: meetingRecordSchema, reason: z.string().trim().max(1000) }),
    output: meetingViewSchema,
  },
  markMeeting: {
    input: z.strictObject({ meetingId: id, state: z.enum(['not-held', 'abandoned']), reason: z.string().trim().max(1000) }),
    output: meetingViewSchema,
  },
  saveQuorum: { input: z.strictObject({ rule: quorumSchema }), output: stateSchema },
  recordAffiliateDecision: {
    input: z.strictObject({
      affiliateId: id,
      result: unitResultSchema,
      receivedOn: isoDate('The date received'),
      method: z.enum(['form', 'letter', 'email']),
      signedBy: z.string().trim().min(1, { error: 'Record who signed it.' }).max(120),
    }),
    output: stateSchema,
  },
  listBackups: { input: empty, output: z.array(backupSchema) },
  backupNow: { input: empty, output: z.array(backupSchema) },
  readBackup: {
    input: z.strictObject({ name: z.string().regex(/^[\w.-]+\.sqlite$/, { error: 'Choose a backup from the list.' }) }),
    output: z.strictObject({ name: z.string(), base64: z.string() }),
  },
  restoreBackup: { input: z.strictObject({ name: z.string().regex(/^[\w.-]+\.sqlite$/, { error: 'Choose a backup from the list.' }) }), output: stateSchema },
  getSigning: { input: empty, output: signingSchema },
  unlockSigningKey: { input: z.strictObject({ passphrase: z.string().max(1000) }), output: signingSchema },
  rotateSigningKey: { input: empty, output: signingSchema },
  exportReport: { input: z.strictObject({ status: z.enum(['interim', 'final']) }), output: exportedReportSchema },
  listTrustedKeys: { input: empty, output: z.array(trustedKeySchema) },
  trustKey: { input: z.strictObject({ clp: z.string().max(200), key: z.string().max(200) }), output: z.array(trustedKeySchema) },
  revokeKey: { input: z.strictObject({ clp: z.string().max(200), keyId: z.string().regex(/^[0-9a-f]{32}$/) }), output: z.array(trustedKeySchema) },
  importReports: { input: z.strictObject({ fileIds: z.array(fileId).min(1).max(2000) }), output: z.array(reportImportSchema) },
  getRegion: { input: empty, output: regionSchema },
  listComplaints: {
    input: z.strictObject({ status: complaintStatusSchema.nullable(), category: complaintCategorySchema.nullable() }),
    output: z.array(complaintSchema),
  },
  logComplaint: {
    input: z.strictObject({
      receivedOn: isoDate('The date received'),
      complainant: z.string().trim().max(120),
      contact: z.string().trim().max(200),
      about: z.string().trim().min(1, { error: 'Say what the complaint is about.' }).max(200),
      meetingId: id.nullable(),
      category: complaintCategorySchema,
      summary: z.string().trim().min(1, { error: 'Write a short summary.' }).max(4000),
    }),
    output: complaintSchema,
  },
  updateComplaint: {
    input: z.strictObject({
      id,
      status: complaintStatusSchema,
      outcome: z.string().trim().max(4000),
      outcomeOn: isoDate('The date of the outcome').nullable(),
    }),
    output: complaintSchema,
  },
} as const;

export type ApiMethods = typeof apiMethods;
export type MethodName = keyof ApiMethods;
export type ApiInput<K extends MethodName> = z.input<ApiMethods[K]['input']>;
export type ApiParsedInput<K extends MethodName> = z.output<ApiMethods[K]['input']>;
export type ApiOutput<K extends MethodName> = z.output<ApiMethods[K]['output']>;

/** What db/ implements: one function per method, taking validated input. */
export type ApiHandlers = { [K in MethodName]: (input: ApiParsedInput<K>) => ApiOutput<K> };

export const METHOD_NAMES = Object.keys(apiMethods) as MethodName[];

export function isMethodName(x: unknown): x is MethodName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(apiMethods, x);
}

export type TellerState = z.output<typeof stateSchema>;
export type Branch = z.output<typeof branchSchema>;
export type Affiliate = z.output<typeof affiliateSchema>;
export type Ballot = z.output<typeof ballotSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditVerdict = z.output<typeof auditVerdictSchema>;
export type Snapshot = z.output<typeof snapshotSchema>;
export type ImportPreview = z.output<typeof importPreviewSchema>;
export type Job = z.output<typeof jobSchema>;
export type Desk = z.output<typeof deskSchema>;
export type DeskMember = z.output<typeof deskMemberSchema>;
export type Eligibility = z.output<typeof eligibilitySchema>;
export type MatchSummary = z.output<typeof matchSummarySchema>;
export type MeetingView = z.output<typeof meetingViewSchema>;
export type Signing = z.output<typeof signingSchema>;
export type Backup = z.output<typeof backupSchema>;
export type TrustedKeyRow = z.output<typeof trustedKeySchema>;
export type ReportImportRow = z.output<typeof reportImportSchema>;
export type Region = z.output<typeof regionSchema>;
export type ExportedReportInfo = z.output<typeof exportedReportSchema>;
export type MeetingSummary = z.output<typeof meetingSummarySchema>;
export type Complaint = z.output<typeof complaintSchema>;
export type QuorumRuleInput = z.output<typeof quorumSchema>;
export type RegisterMatchRow = z.output<typeof registerMatchSchema>;
