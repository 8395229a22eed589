import { z } from 'zod';
import type { BallotSettings, FieldProblem } from './ballot-rules';
import type { UnitResult } from './outcome';

export type MeetingState = 'open' | 'closed' | 'not-held' | 'abandoned';

const countField = z.number({ error: 'Enter a whole number, 0 or more.' }).int({ error: 'Enter a whole number, 0 or more.' }).min(0, { error: 'Enter a whole number, 0 or more.' }).max(1_000_000);

const shortText = (what: string, max = 200) => z.string().trim().max(max, { error: `${what} must be ${max} characters or fewer.` });

const votesSchema = z.strictObject({ selection: countField, reselect: countField, abstain: countField, spoilt: countField });

const localTime = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, { error: `Enter when the electronic vote ${what} as a date and a time.` });

/** When an electronic vote (cast online, e.g. until noon the next day) opened and closed, local times `YYYY-MM-DDTHH:MM`. */
const voteWindowSchema = z.strictObject({ opens: localTime('opened'), closes: localTime('closed') });

type VoteWindow = z.output<typeof voteWindowSchema>;

/** What the secretary records about a branch meeting and its vote, with a sentence for each field a person can get wrong. */
export const meetingRecordSchema = z.strictObject({
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter the time as HH:MM, e.g. 19:30.' }),
  venue: shortText('The venue'),
  chair: shortText("The chair's name", 120),
  secretary: shortText("The secretary's name", 120),
  others: shortText('Who else ran it', 500),
  voteMethod: z.enum(['show-of-hands', 'paper-ballot', 'electronic', 'other']),
  notes: shortText('The notes', 4000),
  attendanceSource: z.enum(['desk', 'manual']),
  attendance: countField,
  eligibleAttendance: countField,
  /** Admitted on the chair's override; with the door desk, its count is used instead. */
  overrides: countField.default(0),
  votes: votesSchema,
  /** The vote taken again after a tie (2019 guidance), kept beside the first; null when there was none. */
  retake: votesSchema.nullable().default(null),
  /** An electronic vote's window; null for any other way of voting. */
  voteWindow: voteWindowSchema.nullable().default(null),
});

export type MeetingRecord = z.output<typeof meetingRecordSchema>;

type Votes = MeetingRecord['votes'];

/**
 * A ballot's quorum rule: none (2019 guidance: branch quorum rules do not apply to
 * trigger-ballot meetings), a number of eligible members present, or a percentage of the
 * branch's eligible members.
 */
export const quorumSchema = z.union([
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('number'), value: z.number().int().min(1, { error: 'A quorum must be at least 1 member.' }).max(100_000) }),
  z.strictObject({ kind: z.literal('percent'), value: z.number().int().min(1, { error: 'A percentage quorum must be 1 to 100.' }).max(100, { error: 'A percentage quorum must be 1 to 100.' }) }),
]);

export type QuorumRule = z.output<typeof quorumSchema>;

/** A new ballot's quorum: none, as 2019 guidance said for trigger-ballot meetings. */
export const NO_QUORUM: QuorumRule = { kind: 'none' };

/** How many eligible members must be present (0 with no quorum); null when a percentage cannot be worked out (no list). */
export function quorumRequired(rule: QuorumRule, eligibleMembers: number | null): number | null {
  if (rule.kind === 'none') return 0;
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
  if (f.quorumRequired === 0) return 'No quorum applies to this ballot (2019 guidance: branch quorum rules do not apply to trigger-ballot meetings)';
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

/** Why a branch counts as not voting, as report-v2's `noVoteReason` names the ones a meeting gives. */
type MeetingNoVoteReason = 'inquorate' | 'not-held' | 'abandoned' | 'tied-after-retake';

const NO_VOTE_REASON_WORDS: Record<MeetingNoVoteReason, string> = {
  inquorate: 'not quorate',
  'not-held': 'the meeting was not held',
  abandoned: 'the meeting was abandoned',
  'tied-after-retake': 'tied again when the vote was retaken: no preference',
};

/** A result with why it is no vote, e.g. "No vote (tied again when the vote was retaken: no preference)". */
export function resultWithReason(label: string, reason: MeetingNoVoteReason | null): string {
  return reason ? `${label} (${NO_VOTE_REASON_WORDS[reason]})` : label;
}

/** The counts of one vote in words. */
export function votesWords(v: Votes): string {
  return `${v.selection} for a selection, ${v.reselect} to reselect, ${v.abstain} abstentions, ${v.spoilt} spoilt`;
}

interface MeetingResult {
  result: UnitResult;
  noVoteReason: MeetingNoVoteReason | null;
  /** The vote that decided: the retake when there was one, else the first. */
  deciding: Votes;
}

/**
 * The branch's result from its record under the ballot's tie procedure. With `retake`, a
 * tie must be voted again (closing is refused until the retake is recorded), and a second
 * tie is no preference: no vote, "tied-after-retake". With `rules`, a first tie stands.
 * A vote in which no one voted either way (0 to 0) is not retaken: it stands as a tie.
 */
export function meetingResult(r: Pick<MeetingRecord, 'votes' | 'retake'>, quorate: boolean, tieProcedure: BallotSettings['tieProcedure']): MeetingResult {
  if (!quorate) return { result: 'no-vote', noVoteReason: 'inquorate', deciding: r.votes };
  const first = branchResult(r.votes, true);
  if (first !== 'tie' || tieProcedure === 'rules' || r.retake === null || r.votes.selection === 0) return { result: first, noVoteReason: null, deciding: r.votes };
  const second = branchResult(r.retake, true);
  return second === 'tie' ? { result: 'no-vote', noVoteReason: 'tied-after-retake', deciding: r.retake } : { result: second, noVoteReason: null, deciding: r.retake };
}

/** Why a record cannot be closed under the tie procedure: a tie with no retake, or a retake with no tie. */
export function retakeProblem(r: Pick<MeetingRecord, 'votes' | 'retake'>, tieProcedure: BallotSettings['tieProcedure']): FieldProblem | null {
  const tied = r.votes.selection === r.votes.reselect && r.votes.selection > 0;
  if (r.retake !== null && !tied) {
    return { field: 'retake', message: `A retaken vote is recorded, but the first vote was not tied (${r.votes.selection} to ${r.votes.reselect}, and a vote of 0 to 0 is not retaken): clear the retake.` };
  }
  if (r.retake !== null && tieProcedure === 'rules') {
    return { field: 'retake', message: "This ballot counts a first tie as its rule set says, so no retake is recorded: clear the retake, or change the ballot's tie procedure." };
  }
  if (r.retake === null && tied && tieProcedure === 'retake') {
    return { field: 'retake', message: `The vote was tied ${r.votes.selection} to ${r.votes.reselect}: take the vote again and record the retake (a second tie means the branch expresses no preference).` };
  }
  return null;
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
    ...(r.retake
      ? ([
          ['retake.selection', r.retake.selection],
          ['retake.reselect', r.retake.reselect],
          ['retake.abstain', r.retake.abstain],
          ['retake.spoilt', r.retake.spoilt],
        ] as [string, number][])
      : []),
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
  const recast = r.retake ? r.retake.selection + r.retake.reselect + r.retake.abstain + r.retake.spoilt : 0;
  if (recast > r.eligibleAttendance + r.overrides) {
    problems.push({ field: 'retake', message: `${recast} votes are recorded in the retake, but only ${r.eligibleAttendance + r.overrides} members entitled to vote were present.` });
  }
  if (r.eligibleAttendance > r.attendance) {
    problems.push({ field: 'eligibleAttendance', message: `${r.eligibleAttendance} eligible members cannot be more than the ${r.attendance} people present.` });
  } else if (r.eligibleAttendance + r.overrides > r.attendance) {
    problems.push({ field: 'overrides', message: `${r.eligibleAttendance} eligible members and ${r.overrides} admitted on the chair's override cannot be more than the ${r.attendance} people present.` });
  }
  if (r.chair.trim() === '') problems.push({ field: 'chair', message: 'Record who chaired the meeting.' });
  problems.push(...voteWindowProblems(r));
  return problems;
}

/** An electronic vote needs its window, closing after it opens; no other way of voting has one. */
function voteWindowProblems(r: Pick<MeetingRecord, 'voteMethod' | 'voteWindow'>): FieldProblem[] {
  const w = r.voteWindow;
  if (r.voteMethod !== 'electronic') return w ? [{ field: 'voteWindow', message: 'Only an electronic vote has a window: choose "Electronic" as the way the vote was taken, or clear the window.' }] : [];
  if (!w) return [{ field: 'voteWindow', message: 'Record when the electronic vote opened and when it closed.' }];
  if (w.closes <= w.opens) return [{ field: 'voteWindow', message: 'The electronic vote must close after it opens.' }];
  return [];
}

/**
 * Whether a vote window lies within the ballot's timetable: it opens no earlier than the
 * meeting's day and closes by the end of the day the ballot closes.
 */
export function voteWindowTimetableProblem(w: VoteWindow | null, meetingDate: string, ballotClosesOn: string, formatDate: (iso: string) => string): FieldProblem | null {
  if (!w) return null;
  if (w.opens.slice(0, 10) < meetingDate) return { field: 'voteWindow', message: `The electronic vote cannot open before the meeting (${formatDate(meetingDate)}).` };
  if (w.closes.slice(0, 10) > ballotClosesOn) return { field: 'voteWindow', message: `The electronic vote must close by the end of the day the ballot closes (${formatDate(ballotClosesOn)}).` };
  return null;
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
  retake: null,
  voteWindow: null,
};

/** A record as stored: records kept before overrides were counted apart have none typed in, and those kept before retakes have none. */
export function storedRecord(json: string): MeetingRecord {
  return { overrides: 0, retake: null, voteWindow: null, ...(JSON.parse(json) as Omit<MeetingRecord, 'overrides' | 'retake' | 'voteWindow'> & { overrides?: number; retake?: Votes | null; voteWindow?: VoteWindow | null }) };
}

/** The same record, leaving out attendance the door desk supplies (it moves on as people arrive). */
export function sameRecord(a: MeetingRecord, b: MeetingRecord): boolean {
  const key = (r: MeetingRecord) => {
    const { attendance, eligibleAttendance, overrides, votes, retake, voteWindow, ...rest } = r;
    const counted = r.attendanceSource === 'manual' ? { attendance, eligibleAttendance, overrides } : {};
    const inOrder = (v: object | null) => (v ? JSON.stringify(Object.entries(v).sort()) : null);
    return JSON.stringify(Object.entries({ ...rest, ...counted, votes: inOrder(votes), retake: inOrder(retake ?? null), voteWindow: inOrder(voteWindow ?? null) }).sort());
  };
  return key(a) === key(b);
}
