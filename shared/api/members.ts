import { z } from 'zod';
import { fileId, id, isoDate } from './fields';
import { importPreviewSchema, jobSchema } from './jobs';
import { eligibilitySchema, stateSchema } from './setup';

/* The membership list: snapshots, their import (previewed first, run as a job), the eligibility settings, and the purge of personal data. */

const snapshotSchema = z.strictObject({
  id: z.number().int(),
  importedAt: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  encoding: z.string(),
  rows: z.number().int(),
  imported: z.number().int(),
  rejected: z.array(z.strictObject({ line: z.number().int(), reason: z.string() })),
  ignoredColumns: z.array(z.string()),
  /** The day a membership list is as at (null: a register, or a list imported before Teller asked). */
  asAt: z.string().nullable(),
});

const listKindSchema = z.enum(['members', 'register']);

/** The list the ballot uses, as the Members page shows it: each member with whether they may vote, and why not. */
const memberListingSchema = z.strictObject({
  snapshotId: z.number().int().nullable(),
  members: z.array(
    z.strictObject({
      id: z.number().int(),
      number: z.string(),
      name: z.string(),
      branch: z.string(),
      status: z.string(),
      joinDate: z.string(),
      eligible: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
  /** How many members the filter matches (`members` holds a page of them). */
  matched: z.number().int(),
  /** How many are on the list, and how many of them may vote, whatever the filter. */
  total: z.number().int(),
  eligible: z.number().int(),
  byBranch: z.array(z.strictObject({ branch: z.string(), members: z.number().int(), eligible: z.number().int() })),
});

export type ListKind = z.infer<typeof listKindSchema>;

const mappingSchema = z.array(z.string().max(40).nullable()).max(500);

/** How the user reads a membership list's statuses and branch names, and the day it is as at: remembered once imported. */
const choices = {
  statuses: z.array(z.strictObject({ value: z.string().max(200), standing: z.enum(['good', 'not-good']) })).max(1000).optional(),
  /** A branch name read as one of the CLP's branches, or refused (null: its rows are not imported). */
  branches: z.array(z.strictObject({ value: z.string().max(200), branch: z.string().max(200).nullable() })).max(1000).optional(),
  asAt: isoDate('The date the list is as at').optional(),
};



/** The membership list (and the import of either list, which shares one job). */
export const membersApi = {
  listSnapshots: { input: z.strictObject({ kind: listKindSchema }), output: z.array(snapshotSchema) },
  /** The ballot's list, searched (name, number, postcode) and filtered by branch and by who may vote. */
  listMembers: {
    input: z.strictObject({
      search: z.string().trim().max(100),
      branch: z.string().max(200).nullable(),
      eligible: z.boolean().nullable(),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(500),
    }),
    output: memberListingSchema,
  },
  previewImport: { input: z.strictObject({ kind: listKindSchema, fileId, mapping: mappingSchema.optional(), ...choices }), output: jobSchema },
  /**
   * Without a mapping, the one Teller guesses from the headers (the one a preview shows).
   * `createBranches`: a CLP with no branches yet gets one for each branch name of the list.
   */
  startImport: { input: z.strictObject({ kind: listKindSchema, fileId, mapping: mappingSchema.optional(), ...choices, createBranches: z.boolean().optional() }), output: jobSchema },
  getJob: { input: z.strictObject({ jobId: z.string().max(64) }), output: jobSchema },
  useSnapshot: { input: z.strictObject({ snapshotId: id }), output: stateSchema },
  saveEligibility: { input: eligibilitySchema, output: stateSchema },
  purgePersonalData: { input: z.strictObject({ confirmName: z.string().max(200) }), output: stateSchema },
} as const;

export type Snapshot = z.output<typeof snapshotSchema>;
export type MemberListing = z.output<typeof memberListingSchema>;
export type ImportPreview = z.output<typeof importPreviewSchema>;
export type Job = z.output<typeof jobSchema>;
