import { z } from 'zod';
import { empty, fileId } from './fields';
import { jobSchema, problemSchema, reportImportSchema, reportVerdictSchema } from './jobs';

/*
 * The regional office: that a store is one, the keys it trusts per CLP, every file received
 * with its verdict (report-v2 checks 1-10), and the region's CLPs with the revision that
 * stands for each, down to its branches, meetings, affiliates and every revision received.
 */

const officeSchema = z.strictObject({
  /** The store is a regional office: show the regional navigation. */
  regional: z.boolean(),
  name: z.string().nullable(),
  since: z.string().nullable(),
  /** Keys trusted and not revoked. */
  trustedKeys: z.number().int(),
  reportsAccepted: z.number().int(),
  /** Where a regional office's screens start: trusting a key until one is trusted, then importing, then the overview. */
  start: z.enum(['trust-key', 'import-reports', 'overview']),
});

const trustedKeySchema = z.strictObject({
  clp: z.string(),
  keyId: z.string(),
  fingerprint: z.string(),
  publicKey: z.string().nullable(),
  addedAt: z.string(),
  revokedAt: z.string().nullable(),
  reports: z.array(z.strictObject({ clp: z.string(), revision: z.number().int(), status: z.string() })),
});

const nearMissSchema = z.strictObject({
  keyId: z.string(),
  clp: z.string(),
  revoked: z.boolean(),
  group: z.number().int(),
  given: z.string(),
  listed: z.string(),
  message: z.string(),
});

const trustKeyCheckSchema = z.strictObject({
  /** The CLP's name as it is kept (NFC; an existing spelling of the same name if there is one). */
  clp: z.string(),
  keyId: z.string(),
  fingerprint: z.string(),
  /** The key is already on the list for that CLP. */
  already: z.enum(['trusted', 'revoked']).nullable(),
  /** A listed key (trusted or revoked) whose fingerprint differs in exactly one group: ask for it to be read again. */
  warnings: z.array(nearMissSchema),
});

const receivedFileSchema = z.strictObject({
  id: z.number().int(),
  fileName: z.string(),
  receivedAt: z.string(),
  /** When its verdict was reached (later than receivedAt after a re-check). */
  checkedAt: z.string(),
  /** Bytes (null when not known). */
  size: z.number().int().nullable(),
  verdict: reportVerdictSchema,
  /** The distinct problem codes: format, signature, trust, branch-votes, outcome, history, binding, continuity, revision, revoked. */
  codes: z.array(z.string()),
  problems: z.array(problemSchema),
  version: z.number().int().nullable(),
  ballotId: z.string().nullable(),
  clp: z.string().nullable(),
  revision: z.number().int().nullable(),
  status: z.string().nullable(),
  keyId: z.string().nullable(),
  /** A refused file whose contents are kept, so it can be checked again (recheckReports). */
  canRecheck: z.boolean(),
});

const counts = z.strictObject({ selection: z.number().int(), reselect: z.number().int(), tie: z.number().int(), noVote: z.number().int(), pending: z.number().int() });

const regionRowSchema = z.strictObject({
  ballotId: z.string(),
  clp: z.string(),
  revision: z.number().int(),
  status: z.string(),
  issuedAt: z.string(),
  version: z.number().int(),
  /** final; interim (the outcome cannot change); undecided (interim, and it could). */
  standing: z.enum(['final', 'interim', 'undecided']),
  /** Whether the outcome stays whatever the units yet to report do (null: a version 1 interim report cannot say). */
  certain: z.boolean().nullable(),
  triggered: z.boolean(),
  share: z.string().nullable(),
  threshold: z.string(),
  method: z.string(),
  /** As the secretary's dashboard counts: units with a result (no-vote included), and those yet to report. */
  branchesReporting: z.number().int(),
  branchesPending: z.number().int(),
  branches: z.number().int(),
  affiliatesReporting: z.number().int(),
  affiliatesPending: z.number().int(),
  /** Eligible affiliates only. */
  affiliates: z.number().int(),
  complaints: z.number().int(),
  openComplaints: z.number().int(),
  keyId: z.string(),
  /** The revision shown was signed by a key revoked since. */
  revokedKey: z.boolean(),
  /** Every file received for this ballot from this CLP, oldest first. */
  history: z.array(
    z.strictObject({
      fileId: z.number().int(),
      fileName: z.string(),
      revision: z.number().int().nullable(),
      status: z.string().nullable(),
      verdict: reportVerdictSchema,
      accepted: z.boolean(),
      importedAt: z.string(),
    }),
  ),
});

const regionSchema = z.strictObject({
  rows: z.array(regionRowSchema),
  refused: z.array(z.strictObject({ fileName: z.string(), clp: z.string().nullable(), revision: z.number().int().nullable(), problems: z.array(problemSchema), importedAt: z.string() })),
});

const votes = z.strictObject({ selection: z.number().int(), reselect: z.number().int(), abstain: z.number().int(), spoilt: z.number().int() });

const regionClpSchema = z.strictObject({
  ballotId: z.string(),
  clp: z.string(),
  code: z.string().nullable(),
  mp: z.string(),
  freezeDate: z.string(),
  rules: z.strictObject({ id: z.string(), method: z.string(), threshold: z.string(), base: z.string(), tie: z.string() }),
  /** The revision that stands (the latest final one, else the latest). */
  revision: z.number().int(),
  status: z.string(),
  issuedAt: z.string(),
  version: z.number().int(),
  keyId: z.string(),
  revokedKey: z.boolean(),
  outcome: z.strictObject({ triggered: z.boolean(), share: z.string().nullable(), certain: z.boolean().nullable(), branches: counts, affiliates: counts }),
  reported: z.strictObject({
    branches: z.strictObject({ reported: z.number().int(), pending: z.number().int(), units: z.number().int() }),
    affiliates: z.strictObject({ reported: z.number().int(), pending: z.number().int(), units: z.number().int() }),
  }),
  branches: z.array(
    z.strictObject({
      name: z.string(),
      result: z.string(),
      /** Version 2: why a no-vote (inquorate, not-held, …); null otherwise or for version 1. */
      noVoteReason: z.string().nullable(),
      meeting: z
        .strictObject({
          date: z.string(),
          quorate: z.boolean(),
          attendance: z.number().int(),
          eligibleAttendance: z.number().int(),
          votes,
          /** Version 2: how many versions the meeting record has (null for version 1). */
          versions: z.number().int().nullable(),
          /** Corrected after it was closed (null: a version 1 report cannot say). */
          corrected: z.boolean().nullable(),
        })
        .nullable(),
    }),
  ),
  affiliates: z.array(
    z.strictObject({
      name: z.string(),
      kind: z.string(),
      result: z.string(),
      noVoteReason: z.string().nullable(),
      /** Version 2 lists ineligible affiliates with their reason; null for version 1 (which leaves them out). */
      eligible: z.boolean().nullable(),
      ineligibleReason: z.string().nullable(),
      decision: z.strictObject({ receivedOn: z.string(), late: z.boolean() }).nullable(),
    }),
  ),
  complaints: z.strictObject({ total: z.number().int(), open: z.number().int(), byCategory: z.record(z.string(), z.number().int()) }),
  register: z.strictObject({ members: z.number().int(), snapshotSha256: z.string().nullable(), checkedIn: z.number().int(), refused: z.number().int(), overrides: z.number().int() }),
  /** Every file received for this ballot from this CLP, oldest first, with its verdict and, once accepted, its history's continuity. */
  revisions: z.array(
    receivedFileSchema.extend({
      issuedAt: z.string().nullable(),
      history: z.strictObject({ entries: z.number().int(), head: z.string().nullable() }).nullable(),
      continuity: z
        .strictObject({
          /** first: the first revision accepted; extends: its history begins with the previous accepted revision's; not-available: version 1 on either side. */
          state: z.enum(['first', 'extends', 'not-available']),
          previous: z.number().int().nullable(),
          added: z.number().int().nullable(),
          message: z.string(),
        })
        .nullable(),
    }),
  ),
});

const clpName = z.string().max(200);
const keyText = z.string().max(200);

/** The regional office. */
export const regionApi = {
  getRegionOffice: { input: empty, output: officeSchema },
  setRegionOffice: { input: z.strictObject({ name: z.string().max(100).nullable() }), output: officeSchema },
  listTrustedKeys: { input: empty, output: z.array(trustedKeySchema) },
  /** What trusting the key would do, changing nothing: show its warnings before the officer confirms. */
  checkTrustKey: { input: z.strictObject({ clp: clpName, key: keyText }), output: trustKeyCheckSchema },
  trustKey: { input: z.strictObject({ clp: clpName, key: keyText }), output: trustKeyCheckSchema.extend({ keys: z.array(trustedKeySchema) }) },
  /** Revokes the key for the CLP named (any spelling), or for every CLP it is trusted for. */
  revokeKey: { input: z.strictObject({ keyId: keyText, clp: clpName.optional() }), output: z.array(trustedKeySchema) },
  importReports: { input: z.strictObject({ fileIds: z.array(fileId).min(1).max(2000) }), output: jobSchema },
  /** Checks refused files again from their kept contents, as a job like importReports. */
  recheckReports: { input: z.strictObject({ ids: z.array(z.number().int().min(1)).min(1).max(2000) }), output: jobSchema },
  listReceivedFiles: { input: empty, output: z.array(receivedFileSchema) },
  getRegion: { input: empty, output: regionSchema },
  /** One CLP's ballot, for the drill-down. */
  getRegionClp: { input: z.strictObject({ ballotId: z.string().max(64) }), output: regionClpSchema },
} as const;

export type RegionOffice = z.output<typeof officeSchema>;
export type TrustedKeyRow = z.output<typeof trustedKeySchema>;
export type TrustKeyCheck = z.output<typeof trustKeyCheckSchema>;
export type ReportImportRow = z.output<typeof reportImportSchema>;
export type ReceivedFile = z.output<typeof receivedFileSchema>;
export type Region = z.output<typeof regionSchema>;
export type RegionRow = Region['rows'][number];
export type RegionClp = z.output<typeof regionClpSchema>;
