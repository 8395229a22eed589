import { z } from 'zod';
import { auditEntrySchema } from './audit';
import { complaintSchema } from './complaints';
import { empty, fileId, id, isoDate, name } from './fields';
import { unitResultSchema } from '../outcome';
import { meetingRecordSchema, quorumSchema } from '../meetings';
import { stateSchema } from './setup';

/* Branch meetings: scheduled, recorded, closed (freezing the figures), corrected with a reason, or marked not held. */

const meetingFormatSchema = z.enum(['in-person', 'online']);

const figuresSchema = z.strictObject({
  attendance: z.number().int(),
  eligibleAttendance: z.number().int(),
  /** Admitted on the chair's override, apart from the eligible members. */
  overrides: z.number().int(),
  /** Eligible members of the branch on the list the ballot uses (null without a list). */
  entitled: z.number().int().nullable(),
  quorumRequired: z.number().int().nullable(),
  quorate: z.boolean(),
  voting: z.number().int(),
  result: unitResultSchema,
  /** Why the result is no vote (null for any other result): inquorate, not held, abandoned, or tied after the retake. */
  noVoteReason: z.enum(['inquorate', 'not-held', 'abandoned', 'tied-after-retake']).nullable(),
});

const meetingViewSchema = z.strictObject({
  id: z.number().int(),
  branchId: z.number().int(),
  branch: z.string(),
  date: z.string(),
  state: z.enum(['open', 'closed', 'not-held', 'abandoned']),
  /** In person (the door desk counts who is there) or online (the platform's participant report does). */
  format: meetingFormatSchema,
  /** Opened by mistake and withdrawn: kept, with the reason, but out of the lists. */
  withdrawn: z.strictObject({ at: z.string(), reason: z.string() }).nullable(),
  /** While open: the figures and result closing now would freeze, or why it cannot close yet. */
  closing: z.strictObject({ figures: figuresSchema.nullable(), problem: z.string().nullable() }),
  record: meetingRecordSchema.nullable(),
  /** Live from the door desk while open; as frozen at closing after. */
  deskFigures: z.strictObject({ attendance: z.number().int(), eligibleAttendance: z.number().int(), refused: z.number().int(), overrides: z.number().int() }),
  /** Everyone admitted on the chair's override, with the reasons they were not eligible and the chair's reason. */
  overrideAdmissions: z.array(z.strictObject({ at: z.string(), reasons: z.array(z.string()), note: z.string().nullable() })),
  quorum: z.strictObject({ rule: quorumSchema, required: z.number().int().nullable(), entitled: z.number().int().nullable() }),
  /** The ballot's tie procedure, so the page asks for a retake only when a tie must be voted again. */
  tieProcedure: z.enum(['retake', 'rules']),
  versions: z.array(z.strictObject({ version: z.number().int(), at: z.string(), state: z.string(), reason: z.string().nullable(), record: meetingRecordSchema.nullable(), figures: figuresSchema })),
  history: z.array(auditEntrySchema),
  complaints: z.array(complaintSchema),
});

const memberBriefSchema = z.strictObject({ id: z.number().int(), name: z.string(), number: z.string(), branch: z.string() });

/** One participant of an online meeting's report, its match, and the chair's decision. */
const participantSchema = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  /** The name the platform knew before it was changed in the meeting ('' if none). */
  originalName: z.string(),
  email: z.string(),
  joinedAt: z.string(),
  leftAt: z.string(),
  minutes: z.number().int(),
  sessions: z.number().int(),
  /** email / name: matched; same-member: another device of a member matched already; ambiguous: more than one member fits; none. */
  match: z.enum(['email', 'name', 'same-member', 'ambiguous', 'none']),
  /** The member matched (for same-member, the one already counted), with their verdict. */
  member: memberBriefSchema.extend({ eligible: z.boolean(), reasons: z.array(z.string()) }).nullable(),
  candidates: z.array(memberBriefSchema),
  decision: z
    .strictObject({ kind: z.enum(['admit', 'not-member', 'duplicate']), member: memberBriefSchema.nullable(), by: z.string(), at: z.string() })
    .nullable(),
  /** How the participant counts in the attendance: admitted (eligible, present), refused (present, may not vote), or not at all (null). */
  counted: z.enum(['admitted', 'refused']).nullable(),
  /** Doubtful and not yet decided by the chair. */
  needsDecision: z.boolean(),
});

const onlineMeetingSchema = z.strictObject({
  meetingId: z.number().int(),
  format: meetingFormatSchema,
  /** Only an open meeting's participants can be imported or decided. */
  open: z.boolean(),
  report: z.strictObject({ platform: z.enum(['zoom', 'teams']), fileName: z.string(), importedAt: z.string(), rows: z.number().int() }).nullable(),
  participants: z.array(participantSchema),
  counts: z.strictObject({ participants: z.number().int(), admitted: z.number().int(), refused: z.number().int(), undecided: z.number().int(), duplicates: z.number().int() }),
});

/** Who makes a decision on the participants: the chair, by name, recorded as the one who did it. */
const chairPerson = name('The name of the chair deciding');

const meetingSummarySchema = z.strictObject({ id: z.number().int(), branchId: z.number().int(), branch: z.string(), date: z.string(), state: z.string(), result: unitResultSchema.nullable() });

/** Branch meetings. */
export const meetingsApi = {
  listMeetings: { input: empty, output: z.array(meetingSummarySchema) },
  scheduleMeeting: { input: z.strictObject({ branchId: id, date: isoDate('The meeting date') }), output: meetingViewSchema },
  getMeeting: { input: z.strictObject({ meetingId: id }), output: meetingViewSchema },
  saveMeetingDraft: { input: z.strictObject({ meetingId: id, record: meetingRecordSchema }), output: meetingViewSchema },
  /** `record`: the record as the screen shows it; closing is refused if it differs from the one saved. */
  closeMeeting: { input: z.strictObject({ meetingId: id, record: meetingRecordSchema.optional() }), output: meetingViewSchema },
  withdrawMeeting: { input: z.strictObject({ meetingId: id, reason: z.string().trim().max(1000) }), output: meetingViewSchema },
  correctMeeting: {
    input: z.strictObject({ meetingId: id, record: meetingRecordSchema, reason: z.string().trim().max(1000) }),
    output: meetingViewSchema,
  },
  markMeeting: {
    input: z.strictObject({ meetingId: id, state: z.enum(['not-held', 'abandoned']), reason: z.string().trim().max(1000) }),
    output: meetingViewSchema,
  },
  saveQuorum: { input: z.strictObject({ rule: quorumSchema }), output: stateSchema },
  /** Held in person or online; changed only while no one is yet counted present. */
  setMeetingFormat: { input: z.strictObject({ meetingId: id, format: meetingFormatSchema }), output: meetingViewSchema },
  getOnlineMeeting: { input: z.strictObject({ meetingId: id }), output: onlineMeetingSchema },
  /** Imports the platform's participant report (Zoom or Teams), matching each participant to a member; the matched are counted present. */
  importParticipants: { input: z.strictObject({ meetingId: id, fileId, chairPerson }), output: onlineMeetingSchema },
  /** The chair's decision on one participant: admit as a member, not a member, or a duplicate device; recorded with the chair's name. */
  decideParticipant: {
    input: z.strictObject({ meetingId: id, participantId: id, decision: z.enum(['admit', 'not-member', 'duplicate']), memberId: id.optional(), chairPerson }),
    output: onlineMeetingSchema,
  },
} as const;

export type MeetingView = z.output<typeof meetingViewSchema>;
export type MeetingSummary = z.output<typeof meetingSummarySchema>;
export type MeetingFigures = z.output<typeof figuresSchema>;
export type OnlineMeeting = z.output<typeof onlineMeetingSchema>;
export type OnlineParticipant = z.output<typeof participantSchema>;
