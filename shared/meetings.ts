import type { FieldProblem } from './ballot-rules';
import type { UnitResult } from './outcome';

type VoteMethod = 'show-of-hands' | 'paper-ballot' | 'other';
export type MeetingState = 'open' | 'closed' | 'not-held' | 'abandoned';

interface Votes {
  selection: number;
  reselect: number;
  abstain: number;
  spoilt: number;
}

/** What the secretary records about a branch meeting and its vote. */
export interface MeetingRecord {
  time: string;
  venue: string;
  chair: string;
  secretary: string;
  others: string;
  voteMethod: VoteMethod;
  notes: string;
  /** 'desk': attendance comes from the door desk's check-ins; 'manual': typed in, and marked so. */
  attendanceSource: 'desk' | 'manual';
  attendance: number;
  eligibleAttendance: number;
  /** Admitted by the chair's override (not eligible on the list), counted apart from eligible members. */
  overrides: number;
  votes: Votes;
}

/** A ballot's quorum rule: a number of eligible members present, or a percentage of the branch's eligible members. */
export type QuorumRule = { kind: 'number'; value: number } | { kind: 'percent'; value: number };

/** How many eligible members must be present; null when a percentage cannot be worked out (no list). */
export function quorumRequired(rule: QuorumRule, eligibleMembers: number | null): number | null {
  if (rule.kind === 'number') return rule.value;
  if (eligibleMembers === null) return null;
  return Math.ceil((rule.value * eligibleMembers) / 100);
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
