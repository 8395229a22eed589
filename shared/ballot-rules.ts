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
