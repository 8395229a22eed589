import { z } from 'zod';
import { id, isoDate, name } from './fields';
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
  /** The check-in that admitted them at this meeting (to undo it), or null. */
  checkinId: z.number().int().nullable(),
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

/** A check-in undone while the meeting was open: gone from the counts, kept in the audit trail. */
const undoneSchema = z.strictObject({
  at: z.string(),
  /** Who undid it, as the audit trail records them. */
  by: z.string(),
  outcome: z.enum(['admitted', 'refused', 'override', 'provisional']),
  /** The member's name while the list is kept (null for someone not on the list, or after the purge). */
  name: z.string().nullable(),
});

const deskSchema = z.strictObject({
  /** Only an open meeting's desk takes check-ins; after that it is read-only. */
  meeting: z.strictObject({ id: z.number().int(), branchId: z.number().int(), branch: z.string(), date: z.string(), state: z.enum(['open', 'closed', 'not-held', 'abandoned', 'withdrawn']) }),
  counts: deskCountsSchema,
  entries: z.array(deskEntrySchema),
  undone: z.array(undoneSchema),
  snapshotSize: z.number().int(),
});

/**
 * Who is at the desk: a name asked once per session and recorded as the one who did each desk
 * action (instead of the computer's user). Optional, for callers other than the desk screen.
 */
const deskPerson = name('The name of who is at the desk').optional();

/** The door desk. */
export const doorDeskApi = {
  openDoorDesk: { input: z.strictObject({ branchId: id, date: isoDate('The meeting date') }), output: deskSchema },
  getDesk: { input: z.strictObject({ meetingId: id }), output: deskSchema },
  searchMembers: { input: z.strictObject({ meetingId: id, query: z.string().max(100) }), output: z.array(deskMemberSchema) },
  /** As searchMembers, with how many more matched than are shown (so the desk can say "keep typing"). */
  searchDesk: {
    input: z.strictObject({ meetingId: id, query: z.string().max(100) }),
    output: z.strictObject({ members: z.array(deskMemberSchema), more: z.number().int() }),
  },
  recordCheckin: {
    input: z.strictObject({ meetingId: id, memberId: id, outcome: z.enum(['admitted', 'refused', 'override']), note: z.string().max(500).nullable(), deskPerson }),
    output: deskSchema,
  },
  /** Admits a member on what the desk records (arrears settled at the door, resident but not registrable), when the ballot allows it. */
  admitOnException: {
    input: z.strictObject({ meetingId: id, memberId: id, exceptions: z.array(doorExceptionSchema).min(1, { error: 'Say what was established at the door.' }).max(2), note: z.string().max(500).nullable(), deskPerson }),
    output: deskSchema,
  },
  recordWalkIn: {
    input: z.strictObject({
      meetingId: id,
      name: z.string().max(120),
      details: z.string().max(500),
      outcome: z.enum(['refused', 'provisional']),
      note: z.string().max(500),
      deskPerson,
    }),
    output: deskSchema,
  },
  /** Undoes a check-in, refusal or walk-in recorded by mistake, with the reason, while the meeting is open. */
  undoCheckin: {
    input: z.strictObject({ meetingId: id, checkinId: id, reason: z.string().max(500), deskPerson }),
    output: deskSchema,
  },
} as const;

export type Desk = z.output<typeof deskSchema>;
export type DeskMember = z.output<typeof deskMemberSchema>;
export type DeskCounts = z.output<typeof deskCountsSchema>;
export type DeskEntry = z.output<typeof deskEntrySchema>;
