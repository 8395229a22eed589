import { z } from 'zod';
import { id, isoDate } from './fields';
import { DOOR_EXCEPTIONS } from '../lists/eligibility';

/* The door desk of a branch meeting: who may vote, and every admission, refusal, override and walk-in. */

const doorExceptionSchema = z.enum(DOOR_EXCEPTIONS);

/** `remedies`: what the desk may record, the ballot allowing it, that would make the member eligible (all of them are needed). */
const verdictSchema = z.strictObject({ eligible: z.boolean(), reasons: z.array(z.string()), remedies: z.array(doorExceptionSchema) });

const deskMemberSchema = z.strictObject({
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

const deskCountsSchema = z.strictObject({ checkedIn: z.number().int(), eligibleCheckedIn: z.number().int(), refused: z.number().int(), overrides: z.number().int(), provisional: z.number().int() });

const deskEntrySchema = z.strictObject({
  id: z.number().int(),
  at: z.string(),
  outcome: z.enum(['admitted', 'refused', 'override', 'provisional']),
  name: z.string(),
  number: z.string().nullable(),
  reasons: z.array(z.string()),
  note: z.string().nullable(),
  /** What the desk recorded that made the member eligible (empty for most). */
  exceptions: z.array(doorExceptionSchema),
});

const deskSchema = z.strictObject({
  /** Only an open meeting's desk takes check-ins; after that it is read-only. */
  meeting: z.strictObject({ id: z.number().int(), branchId: z.number().int(), branch: z.string(), date: z.string(), state: z.enum(['open', 'closed', 'not-held', 'abandoned', 'withdrawn']) }),
  counts: deskCountsSchema,
  entries: z.array(deskEntrySchema),
  snapshotSize: z.number().int(),
});

/** The door desk. */
export const doorDeskApi = {
  openDoorDesk: { input: z.strictObject({ branchId: id, date: isoDate('The meeting date') }), output: deskSchema },
  getDesk: { input: z.strictObject({ meetingId: id }), output: deskSchema },
  searchMembers: { input: z.strictObject({ meetingId: id, query: z.string().max(100) }), output: z.array(deskMemberSchema) },
  recordCheckin: {
    input: z.strictObject({ meetingId: id, memberId: id, outcome: z.enum(['admitted', 'refused', 'override']), note: z.string().max(500).nullable() }),
    output: deskSchema,
  },
  /** Admits a member on what the desk records (arrears settled at the door, resident but not registrable), when the ballot allows it. */
  admitOnException: {
    input: z.strictObject({ meetingId: id, memberId: id, exceptions: z.array(doorExceptionSchema).min(1, { error: 'Say what was established at the door.' }).max(2), note: z.string().max(500).nullable() }),
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
} as const;

export type Desk = z.output<typeof deskSchema>;
export type DeskMember = z.output<typeof deskMemberSchema>;
export type DeskCounts = z.output<typeof deskCountsSchema>;
export type DeskEntry = z.output<typeof deskEntrySchema>;
