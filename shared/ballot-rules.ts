import { z } from 'zod';
import { formatUkDate } from './dates';
import { ruleSetProblems, type RuleSet } from './rules';

interface BallotDraft {
  freezeDate: string;
  opensOn: string;
  closesOn: string;
  rules: RuleSet;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Every reason a ballot's dates or rules cannot be saved, each tied to its form field. */
export function ballotProblems(b: BallotDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (b.freezeDate > b.opensOn) {
    problems.push({
      field: 'freezeDate',
      message: `The freeze date (${formatUkDate(b.freezeDate)}) must not be after branch meetings open (${formatUkDate(b.opensOn)}).`,
    });
  }
  if (b.opensOn > b.closesOn) {
    problems.push({
      field: 'closesOn',
      message: `The closing date (${formatUkDate(b.closesOn)}) must not be before branch meetings open (${formatUkDate(b.opensOn)}).`,
    });
  }
  for (const p of ruleSetProblems(b.rules)) problems.push({ field: `rules.${p.field}`, message: p.message });
  return problems;
}

/**
 * How a tied branch vote is settled. `retake` (2019 guidance): the vote is taken again at
 * the same meeting, both counts are kept in the record, and a second tie means the branch
 * expresses no preference (no vote, "tied-after-retake"). `rules`: the first tie stands and
 * counts as the rule set's `tie` option says.
 */
const TIE_PROCEDURES = ['retake', 'rules'] as const;

/** Whether an affiliate decision received after the ballot closed is counted or left out (counted as no vote). */
const LATE_DECISIONS = ['count', 'exclude'] as const;

/** The ballot's procedural settings beside its rule set (they do not travel in the rule set of a report). */
export const ballotSettingsSchema = z.strictObject({
  tieProcedure: z.enum(TIE_PROCEDURES, { error: 'Choose how a tied branch vote is settled.' }),
  lateDecisions: z.enum(LATE_DECISIONS, { error: 'Choose whether late affiliate decisions are counted.' }),
});

export type BallotSettings = z.output<typeof ballotSettingsSchema>;

/** A new ballot's settings: the 2019 guidance on ties; late decisions counted, as Teller always did. */
export const NEW_BALLOT_SETTINGS: BallotSettings = { tieProcedure: 'retake', lateDecisions: 'count' };

/** Settings of a ballot set up before they existed: what Teller did then (a first tie final, late decisions counted). */
const EARLIER_BALLOT_SETTINGS: BallotSettings = { tieProcedure: 'rules', lateDecisions: 'count' };

/** The settings as stored, with any missing one as a ballot from before it existed had it. */
export function storedBallotSettings(json: string): BallotSettings {
  const parsed = ballotSettingsSchema.partial().safeParse(JSON.parse(json));
  return { ...EARLIER_BALLOT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export function tieProcedureWords(s: BallotSettings['tieProcedure']): string {
  return s === 'retake'
    ? 'A tied branch vote is taken again at the same meeting; if it ties again, the branch expresses no preference (counted as not voting).'
    : "A tied branch vote stands as a tie and counts as the rule set's tie rule says.";
}

export function lateDecisionsWords(s: BallotSettings['lateDecisions']): string {
  return s === 'count'
    ? 'An affiliate decision received after the closing date is counted, and marked late.'
    : 'An affiliate decision received after the closing date is left out: the affiliate counts as not voting.';
}
