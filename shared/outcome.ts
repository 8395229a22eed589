import { z } from 'zod';
import { add, compare, div, formatRatio, mul, ratio, ZERO, type Rational } from './rational';
import type { ParsedRules, UnitClass } from './rules';

/** A unit's result: what a branch meeting decided or an affiliate said. */
export const unitResultSchema = z.enum(['selection', 'reselect', 'tie', 'no-vote']);

export type UnitResult = z.output<typeof unitResultSchema>;
const UNIT_CLASSES: readonly UnitClass[] = ['branches', 'affiliates'];

/** How the units of one class voted (the `outcome.branches` shape of report-v1). */
export interface ClassCounts {
  selection: number;
  reselect: number;
  tie: number;
  noVote: number;
}

export const NO_COUNTS: ClassCounts = { selection: 0, reselect: 0, tie: 0, noVote: 0 };

export function countResults(results: readonly UnitResult[]): ClassCounts {
  const c = { ...NO_COUNTS };
  for (const r of results) {
    if (r === 'no-vote') c.noVote += 1;
    else c[r] += 1;
  }
  return c;
}

const plus = (a: ClassCounts, b: ClassCounts): ClassCounts => ({
  selection: a.selection + b.selection,
  reselect: a.reselect + b.reselect,
  tie: a.tie + b.tie,
  noVote: a.noVote + b.noVote,
});

export interface ClassTally {
  counts: ClassCounts;
  /** Selection weight: selection results plus whatever ties contribute. */
  numerator: Rational;
  /** The units the share is counted over (SPEC "base"). */
  denominator: number;
  /** numerator / denominator, or null when the denominator is zero. */
  share: Rational | null;
  /** For `either`: this class on its own reaches the threshold. */
  reached: boolean;
}

export interface TriggerOutcome {
  triggered: boolean;
  /** Combined share for `college` and `pooled`; null for `either`. */
  share: Rational | null;
  classes: Record<UnitClass, ClassTally>;
  /** For `college`: the weight each class actually carried after the empty-class rule. */
  effectiveWeights: Record<UnitClass, Rational> | null;
}

function meets(share: Rational, p: ParsedRules): boolean {
  const c = compare(share, p.threshold);
  return p.rules.strict ? c > 0 : c >= 0;
}

function tally(counts: ClassCounts, p: ParsedRules): ClassTally {
  const { tie, base } = p.rules;
  const tieSelection = tie === 'selection' ? ratio(counts.tie) : tie === 'split' ? ratio(counts.tie, 2) : ZERO;
  const numerator = add(ratio(counts.selection), tieSelection);
  const denominator =
    base === 'all'
      ? counts.selection + counts.reselect + counts.tie + counts.noVote
      : counts.selection + counts.reselect + (tie === 'no-vote' ? 0 : counts.tie);
  const share = denominator === 0 ? null : div(numerator, ratio(denominator));
  return { counts, numerator, denominator, share, reached: share !== null && meets(share, p) };
}

/** The outcome of a ballot from each class's results under the rules (SPEC "Rule sets"). */
export function computeOutcome(p: ParsedRules, branches: ClassCounts, affiliates: ClassCounts): TriggerOutcome {
  const classes = { branches: tally(branches, p), affiliates: tally(affiliates, p) };
  const method = p.rules.method;
  if (method === 'either') {
    return { triggered: classes.branches.reached || classes.affiliates.reached, share: null, classes, effectiveWeights: null };
  }
  if (method === 'pooled') {
    const den = classes.branches.denominator + classes.affiliates.denominator;
    const share = den === 0 ? ZERO : div(add(classes.branches.numerator, classes.affiliates.numerator), ratio(den));
    return { triggered: meets(share, p), share, classes, effectiveWeights: null };
  }
  const counted = UNIT_CLASSES.filter((c) => p.rules.emptyClass === 'zero' || classes[c].share !== null);
  const totalWeight = counted.reduce((s, c) => add(s, p.weights[c]), ZERO);
  const effectiveWeights = { branches: ZERO, affiliates: ZERO };
  let share = ZERO;
  if (totalWeight.n !== 0n) {
    for (const c of counted) {
      const w = p.rules.emptyClass === 'zero' ? p.weights[c] : div(p.weights[c], totalWeight);
      effectiveWeights[c] = w;
      share = add(share, mul(w, classes[c].share ?? ZERO));
    }
  }
  return { triggered: meets(share, p), share, classes, effectiveWeights };
}

/** The reduced share string of report-v1 (`null` for `either`). */
export function shareText(o: TriggerOutcome): string | null {
  return o.share === null ? null : formatRatio(o.share);
}

interface Allocation {
  total: number;
  branches: number;
  affiliates: number;
}

export interface WhatWouldItTake {
  /** Units in each class that have not reported yet. */
  pending: Record<UnitClass, number>;
  /** 'triggered' or 'not-triggered' when every possible completion gives that outcome. */
  certain: 'triggered' | 'not-triggered' | null;
  /** The fewest further selection results with which a selection could be triggered, and where. */
  fewestToTrigger: Allocation | null;
  /** The fewest further selection results that trigger a selection whatever the other units report. */
  fewestToMakeCertain: Allocation | null;
}

type Extreme = 'selection' | 'reselect' | 'tie' | 'no-vote';

function withAll(counts: ClassCounts, n: number, r: Extreme): ClassCounts {
  if (n === 0) return counts;
  return plus(counts, r === 'no-vote' ? { ...NO_COUNTS, noVote: n } : { ...NO_COUNTS, [r]: n });
}

/*
 * Why checking only "every remaining unit gives the same result" is enough: within a class
 * units are interchangeable, a class's share is a linear-fractional function of how many of
 * the rest give each result, and the combined outcome is monotone in each class's share once
 * it is known which classes are empty. Such functions reach their extremes at the corners
 * of the simplex of completions. test/shared/outcome.property.test.ts checks this claim
 * against full enumeration.
 */
function outcomesOver(
  p: ParsedRules,
  reported: Record<UnitClass, ClassCounts>,
  extra: Record<UnitClass, number>,
  rest: Record<UnitClass, number>,
  extremes: readonly Extreme[],
): boolean[] {
  const found: boolean[] = [];
  for (const eb of extremes) {
    for (const ea of extremes) {
      const b = withAll(withAll(reported.branches, extra.branches, 'selection'), rest.branches, eb);
      const a = withAll(withAll(reported.affiliates, extra.affiliates, 'selection'), rest.affiliates, ea);
      found.push(computeOutcome(p, b, a).triggered);
    }
  }
  return found;
}

const REST: readonly Extreme[] = ['reselect', 'tie', 'no-vote'];

/** "What would it take": certainty and the fewest further selection results that trigger. */
export function whatWouldItTake(
  p: ParsedRules,
  reported: Record<UnitClass, ClassCounts>,
  pending: Record<UnitClass, number>,
): WhatWouldItTake {
  const none = { branches: 0, affiliates: 0 };
  const all = outcomesOver(p, reported, none, pending, ['selection', ...REST]);
  const certain = all.every((t) => t) ? 'triggered' : all.some((t) => t) ? null : 'not-triggered';
  let fewestToTrigger: Allocation | null = null;
  let fewestToMakeCertain: Allocation | null = null;
  const most = pending.branches + pending.affiliates;
  for (let total = 0; total <= most && (!fewestToTrigger || !fewestToMakeCertain); total++) {
    for (let b = Math.max(0, total - pending.affiliates); b <= Math.min(total, pending.branches); b++) {
      const alloc = { branches: b, affiliates: total - b };
      const rest = { branches: pending.branches - b, affiliates: pending.affiliates - alloc.affiliates };
      const found = outcomesOver(p, reported, alloc, rest, REST);
      if (!fewestToTrigger && found.some((t) => t)) fewestToTrigger = { total, ...alloc };
      if (!fewestToMakeCertain && found.every((t) => t)) fewestToMakeCertain = { total, ...alloc };
    }
  }
  return { pending, certain, fewestToTrigger, fewestToMakeCertain };
}

/* ------------------------------------------------------------------------------------------
 * Pending units and certainty (report version 2, and the dashboard's "Not decided yet").
 * ---------------------------------------------------------------------------------------- */

/** A unit's result as a version 2 report gives it: `pending` has not reported yet. */
export type ReportedResult = UnitResult | 'pending';

/** One class's counts with the units that have not reported yet (report-v2 `outcome.branches`). */
export interface PendingClassCounts extends ClassCounts {
  pending: number;
}

const NO_PENDING_COUNTS: PendingClassCounts = { ...NO_COUNTS, pending: 0 };

/** Counts results, `pending` apart from `no-vote`. */
export function countWithPending(results: readonly ReportedResult[]): PendingClassCounts {
  const c = { ...NO_PENDING_COUNTS };
  for (const r of results) {
    if (r === 'pending') c.pending += 1;
    else if (r === 'no-vote') c.noVote += 1;
    else c[r] += 1;
  }
  return c;
}

interface OutcomeCertainty {
  /** The outcome as it stands, with every pending unit counted as no-vote. */
  soFar: TriggerOutcome;
  /** Whether `soFar.triggered` stays the same however the pending units report (true with none pending). */
  certain: boolean;
}

/**
 * The outcome so far and whether it is settled: `certain` is true exactly when every way the
 * pending units of each class could report (selection, reselect, tie or no vote, in any
 * split) gives the same `triggered` as the outcome so far. Computed in exact rational
 * arithmetic over the completions in which all pending units of a class report alike, which
 * is enough (see `outcomesOver`); test/unit/shared/outcome.property.test.ts checks it against
 * every split.
 */
export function outcomeCertainty(p: ParsedRules, branches: PendingClassCounts, affiliates: PendingClassCounts): OutcomeCertainty {
  const settled = (c: PendingClassCounts): ClassCounts => ({ selection: c.selection, reselect: c.reselect, tie: c.tie, noVote: c.noVote });
  const reported = { branches: settled(branches), affiliates: settled(affiliates) };
  const soFar = computeOutcome(p, withAll(reported.branches, branches.pending, 'no-vote'), withAll(reported.affiliates, affiliates.pending, 'no-vote'));
  const none = { branches: 0, affiliates: 0 };
  const all = outcomesOver(p, reported, none, { branches: branches.pending, affiliates: affiliates.pending }, ['selection', ...REST]);
  return { soFar, certain: all.every((t) => t === soFar.triggered) };
}
