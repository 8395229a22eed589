import { z } from 'zod';
import type { FieldProblem } from './ballot-rules';
import type { UnitResult } from './outcome';

export type MeetingState = 'open' | 'closed' | 'not-held' | 'abandoned';

const countField = z.number({ error: 'Enter a whole number, 0 or more.' }).int({ error: 'Enter a whole number, 0 or more.' }).min(0, { error: 'Enter a whole number, 0 or more.' }).max(1_000_000);

const shortText = (what: string, max = 200) => z.string().trim().max(max, { error: `${what} must be ${max} characters or fewer.` });

/** What the secretary records about a branch meeting and its vote, with a sentence for each field a person can get wrong. */
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
  /** Admitted on the chair's override; with the door desk, its count is used instead. */
  overrides: countField.default(0),
  votes: z.strictObject({ selection: countField, reselect: countField, abstain: countField, spoilt: countField }),
});

export type MeetingRecord = z.output<typeof meetingRecordSchema>;

type Votes = MeetingRecord['votes'];

/** A ballot's quorum rule: a number of eligible members present, or a percentage of the branch's eligible members. */
export const quorumSchema = z.union([
  z.strictObject({ kind: z.literal('number'), value: z.number().int().min(1, { error: 'A quorum must be at least 1 member.' }).max(100_000) }),
  z.strictObject({ kind: z.literal('percent'), value: z.number().int().min(1, { error: 'A percentage quorum must be 1 to 100.' }).max(100, { error: 'A percentage quorum must be 1 to 100.' }) }),
]);

export type QuorumRule = z.output<typeof quorumSchema>;

/** How many eligible members must be present; null when a percentage cannot be worked out (no list). */
export function quorumRequired(rule: QuorumRule, eligibleMembers: number | null): number | null {
  if (rule.kind === 'number') return rule.value;
  if (eligibleMembers === null) return null;
  return Math.ceil((rule.value * eligibleMembers) / 100);
}

/**
 * Whether a meeting was quorate. The quorum counts the members entitled to vote who are
 * present: the eligible check-ins and those the chair admitted on an override, who may vote
 * too (report-v1's `eligibleAttendance` counts them the same way). Both figures are kept
 * apart in the record, so the minute shows how the quorum was reached.
 */
export function isQuorate(eligibleAttendance: number, overrides: number, required: number): boolean {
  return eligibleAttendance + overrides >= required;
}

/** In words, how a quorum was reached or missed, e.g. "13 needed, 12 eligible and 1 on the chair's override present: quorate". */
export function quorumWords(f: { quorumRequired: number | null; eligibleAttendance: number; overrides: number; quorate: boolean }): string {
  const present = f.overrides > 0 ? `${f.eligibleAttendance} eligible and ${f.overrides} on the chair's override present` : `${f.eligibleAttendance} eligible present`;
  return `${f.quorumRequired ?? '—'} needed (eligible members and the chair's overrides count), ${present}: ${f.quorate ? 'quorate' : 'not quorate'}`;
}

/** The branch's result from its votes: the majority of selection and reselect; equal is a tie. */
export function branchResult(votes: Votes, quorate: boolean): UnitResult {
  if (!quorate) return 'no-vote';
  if (votes.selection > votes.reselect) return 'selection';
  if (votes.reselect > votes.selection) return 'reselect';
  return 'tie'; // equal, as report-v1's verifier counts it (0 to 0 included)
}

const count = (n: number) => Number.isInteger(n) && n >= 0;

/** Every reason the figures of a meeting cannot be right, each tied to its field. */
export function meetingProblems(r: MeetingRecord): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fields: [string, number][] = [
    ['attendance', r.attendance],
    ['eligibleAttendance', r.eligibleAttendance],
    ['overrides', r.overrides],
    ['votes.selection', r.votes.selection],
    ['votes.reselect', r.votes.reselect],
    ['votes.abstain', r.votes.abstain],
    ['votes.spoilt', r.votes.spoilt],
  ];
  for (const [field, n] of fields) {
    if (!count(n)) problems.push({ field, message: 'Enter a whole number, 0 or more.' });
  }
  if (problems.length > 0) return problems;
  const cast = r.votes.selection + r.votes.reselect + r.votes.abstain + r.votes.spoilt;
  if (cast > r.eligibleAttendance + r.overrides) {
    const overrides = r.overrides > 0 ? ` and ${r.overrides} admitted on the chair's override` : '';
    problems.push({
      field: 'votes',
      message: `${cast} votes are recorded (selection, reselect, abstain and spoilt together), but only ${r.eligibleAttendance} eligible members were checked in${overrides}.`,
    });
  }
  if (r.eligibleAttendance > r.attendance) {
    problems.push({ field: 'eligibleAttendance', message: `${r.eligibleAttendance} eligible members cannot be more than the ${r.attendance} people present.` });
  } else if (r.eligibleAttendance + r.overrides > r.attendance) {
    problems.push({ field: 'overrides', message: `${r.eligibleAttendance} eligible members and ${r.overrides} admitted on the chair's override cannot be more than the ${r.attendance} people present.` });
  }
  if (r.chair.trim() === '') problems.push({ field: 'chair', message: 'Record who chaired the meeting.' });
  return problems;
}

export const EMPTY_RECORD: MeetingRecord = {
  time: '19:00',
  venue: '',
  chair: '',
  secretary: '',
  others: '',
  voteMethod: 'show-of-hands',
  notes: '',
  attendanceSource: 'desk',
  attendance: 0,
  eligibleAttendance: 0,
  overrides: 0,
  votes: { selection: 0, reselect: 0, abstain: 0, spoilt: 0 },
};

/** A record as stored: records kept before overrides were counted apart have none typed in. */
export function storedRecord(json: string): MeetingRecord {
  return { overrides: 0, ...(JSON.parse(json) as Omit<MeetingRecord, 'overrides'> & { overrides?: number }) };
}

/** The same record, leaving out attendance the door desk supplies (it moves on as people arrive). */
export function sameRecord(a: MeetingRecord, b: MeetingRecord): boolean {
  const key = (r: MeetingRecord) => {
    const { attendance, eligibleAttendance, overrides, votes, ...rest } = r;
    const counted = r.attendanceSource === 'manual' ? { attendance, eligibleAttendance, overrides } : {};
    return JSON.stringify(Object.entries({ ...rest, ...counted, votes: JSON.stringify(Object.entries(votes).sort()) }).sort());
  };
  return key(a) === key(b);
}
