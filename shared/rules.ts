import { z } from 'zod';
import { fraction } from './api/fields';
import { compare, parseRatio, ratio, add, ONE, ZERO, type Rational } from './rational';

export type UnitClass = 'branches' | 'affiliates';

/** A rule set exactly as it travels in a report (`rules` of report-v1), with a sentence for each field a person can get wrong. */
export const ruleSetSchema = z.strictObject({
  id: z.string().trim().min(1, { error: 'The rule set needs a name.' }).max(64),
  method: z.enum(['either', 'college', 'pooled']),
  threshold: fraction('The threshold'),
  strict: z.boolean(),
  weights: z.strictObject({ branches: fraction('The branches weight'), affiliates: fraction('The affiliates weight') }).optional(),
  base: z.enum(['voting', 'all']),
  tie: z.enum(['no-vote', 'selection', 'reselect', 'split']),
  emptyClass: z.enum(['reweight', 'zero']).optional(),
});

export type RuleSet = z.output<typeof ruleSetSchema>;

export interface RulePreset {
  rules: RuleSet;
  title: string;
  source: string;
  doubts: string[];
}

export const RULE_PRESETS: readonly RulePreset[] = [
  {
    title: 'Labour 2018 rules',
    rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' },
    source:
      '"One third or more of Party branches, or one third or more of affiliated branches." The 2019 guidance said: the third is calculated only on units that cast a vote, so units that did not vote are left out; branch quorum rules do not apply to trigger-ballot meetings (no quorum is the default); a tied branch vote is retaken at the same meeting, and a second tie means the branch expresses no preference, which Teller counts as not voting.',
    doubts: [
      'The guidance says how a tied branch vote is settled, but not how an affiliate that reports a tied vote counts; Teller counts it as not voting.',
    ],
  },
  {
    title: 'Labour 2021 rules',
    rules: {
      id: 'labour-2021',
      method: 'college',
      threshold: '1/2',
      strict: true,
      weights: { branches: '1/2', affiliates: '1/2' },
      base: 'voting',
      tie: 'no-vote',
      emptyClass: 'reweight',
    },
    source:
      'An electoral college in which branches and affiliates each carry half; a selection is triggered when the combined selection share is more than 50%. The rule text is not public and press reports differ, but Ilford South 2022 settles the reading: every branch for selection and 3 of the 20 voting affiliates (one more abstained) was reported as 57.5% and triggered, which only this reading gives (1/2 × 10/10 + 1/2 × 3/20 = 23/40). Ties at branch meetings and units that did not vote are handled as the 2019 guidance said.',
    doubts: [
      'How an affiliate that reports a tied vote counts is not in public sources; Teller counts it as not voting.',
      'What happens when one class has no voting units is not in public sources; Teller gives its weight to the other class, so with every affiliate still to report the verdict so far rests on the branches alone, and the dashboard shows the outcome as undecided until an affiliate reports.',
    ],
  },
];

export function presetById(id: string): RulePreset | undefined {
  return RULE_PRESETS.find((p) => p.rules.id === id);
}

interface RuleProblem {
  field: keyof RuleSet | 'weights.branches' | 'weights.affiliates';
  message: string;
}

/** Every reason a rule set cannot be used, in plain English; empty when it is sound. */
export function ruleSetProblems(rules: RuleSet): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(rules.id)) {
    problems.push({ field: 'id', message: 'The rule set name must be 1 to 64 lower-case letters, digits or dashes, e.g. "custom-2026".' });
  }
  const t = parseRatio(rules.threshold);
  if (!t) {
    problems.push({ field: 'threshold', message: 'The threshold must be a fraction such as 1/3.' });
  } else if (compare(t, ZERO) <= 0 || compare(t, ONE) > 0) {
    problems.push({ field: 'threshold', message: 'The threshold must be more than 0 and no more than 1.' });
  } else if (compare(t, ONE) === 0 && rules.strict) {
    problems.push({ field: 'threshold', message: 'A share can never be more than 1, so a strict threshold of 1 could never be reached.' });
  }
  if (rules.method === 'college') {
    if (!rules.weights) {
      problems.push({ field: 'weights', message: 'An electoral college needs a weight for branches and for affiliates.' });
    } else {
      const wb = parseRatio(rules.weights.branches);
      const wa = parseRatio(rules.weights.affiliates);
      if (!wb) problems.push({ field: 'weights.branches', message: 'The branches weight must be a fraction such as 1/2.' });
      if (!wa) problems.push({ field: 'weights.affiliates', message: 'The affiliates weight must be a fraction such as 1/2.' });
      if (wb && wa && compare(add(wb, wa), ONE) !== 0) {
        problems.push({ field: 'weights', message: 'The two weights must add up to exactly 1.' });
      }
    }
    if (!rules.emptyClass) {
      problems.push({ field: 'emptyClass', message: 'Say what happens to a class with no voting units: reweight or zero.' });
    }
  } else {
    if (rules.weights !== undefined) problems.push({ field: 'weights', message: 'Weights apply only to an electoral college.' });
    if (rules.emptyClass !== undefined) problems.push({ field: 'emptyClass', message: 'The empty-class rule applies only to an electoral college.' });
  }
  return problems;
}

/** The parsed numbers of a sound rule set. Throws if the rule set has problems. */
export interface ParsedRules {
  rules: RuleSet;
  threshold: Rational;
  weights: Record<UnitClass, Rational>;
}

export function parseRules(rules: RuleSet): ParsedRules {
  const problems = ruleSetProblems(rules);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join(' '));
  const threshold = parseRatio(rules.threshold) ?? ratio(1n, 2n);
  const half = ratio(1n, 2n);
  const weights =
    rules.method === 'college' && rules.weights
      ? { branches: parseRatio(rules.weights.branches) ?? half, affiliates: parseRatio(rules.weights.affiliates) ?? half }
      : { branches: half, affiliates: half };
  return { rules, threshold, weights };
}

function fractionWords(text: string): string {
  const named: Record<string, string> = { '1/2': 'one half', '1/3': 'one third', '2/3': 'two thirds', '1/4': 'one quarter', '3/4': 'three quarters', '1/1': 'all' };
  return named[text] ?? text;
}

/** The rule set in plain English, one sentence per rule. */
export function describeRules(rules: RuleSet): string[] {
  const reach = rules.strict ? 'more than' : 'at least';
  const t = fractionWords(rules.threshold);
  const lines: string[] = [];
  if (rules.method === 'either') {
    lines.push(`A selection is triggered if ${reach} ${t} of branches, or ${reach} ${t} of affiliates, want one. Each class is judged on its own.`);
  } else if (rules.method === 'college') {
    const w = rules.weights ?? { branches: '1/2', affiliates: '1/2' };
    lines.push(
      `An electoral college: branches carry ${fractionWords(w.branches)} of the weight and affiliates ${fractionWords(w.affiliates)}. A selection is triggered if the combined selection share is ${reach} ${t}.`,
    );
  } else {
    lines.push(`All branches and affiliates are counted together. A selection is triggered if ${reach} ${t} of them want one.`);
  }
  lines.push(
    rules.base === 'voting'
      ? 'Shares are counted only over units that cast a vote; units that did not vote are left out.'
      : 'Shares are counted over every listed unit, including those that did not vote.',
  );
  const tieText: Record<RuleSet['tie'], string> = {
    'no-vote': 'A tied unit counts as not voting.',
    selection: 'A tied unit counts as wanting a selection.',
    reselect: 'A tied unit counts as wanting the MP reselected.',
    split: 'A tied unit counts half for a selection and half for reselection.',
  };
  lines.push(tieText[rules.tie]);
  if (rules.method === 'college') {
    lines.push(
      rules.emptyClass === 'zero'
        ? 'A class with no units to count contributes nothing; its weight is not passed on.'
        : 'If a class has no units to count, the other class carries its weight.',
    );
  }
  return lines;
}
