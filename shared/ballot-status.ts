import type { Affiliate, TellerState } from './api';
import { countResults, outcomeCertainty, whatWouldItTake, type ClassCounts, type TriggerOutcome, type UnitResult, type WhatWouldItTake } from './outcome';
import { parseRules, type ParsedRules, type UnitClass } from './rules';

export interface BallotStatus {
  parsed: ParsedRules;
  /** Units taking part (ineligible affiliates are left out). */
  units: Record<UnitClass, number>;
  reported: Record<UnitClass, ClassCounts>;
  pending: Record<UnitClass, number>;
  /** Affiliate decisions received after the closing date, and whether the ballot counts them. */
  late: { affiliates: number; counted: boolean };
  /** The outcome if a report were issued now: units yet to report count as no-vote. */
  soFar: TriggerOutcome;
  /** Whether the outcome is settled whatever the units still to report say; null while they can still change it. */
  certain: 'triggered' | 'not-triggered' | null;
  ahead: WhatWouldItTake;
}

/**
 * The result an affiliate counts with: its decision's result, or no vote when the decision
 * arrived after the closing date and the ballot leaves late decisions out; null while pending.
 */
export function countedAffiliateResult(a: Pick<Affiliate, 'result' | 'decision'>, lateDecisions: 'count' | 'exclude'): UnitResult | null {
  if (a.result === null) return null;
  return a.decision?.late && lateDecisions === 'exclude' ? 'no-vote' : a.result;
}

/** The live status of the ballot in a state, or null when no ballot is set up. */
export function ballotStatus(state: TellerState): BallotStatus | null {
  if (!state.ballot) return null;
  const parsed = parseRules(state.ballot.rules);
  const lateDecisions = state.ballot.settings.lateDecisions;
  const taking = state.affiliates.filter((a) => a.eligible && !a.withdrawn);
  const branchResults = state.branches.filter((b) => !b.withdrawn).map((b) => b.result);
  const affiliateResults = taking.map((a) => countedAffiliateResult(a, lateDecisions));
  const done = (rs: (UnitResult | null)[]) => rs.filter((r): r is UnitResult => r !== null);
  const reported = { branches: countResults(done(branchResults)), affiliates: countResults(done(affiliateResults)) };
  const pending = {
    branches: branchResults.length - done(branchResults).length,
    affiliates: affiliateResults.length - done(affiliateResults).length,
  };
  const { soFar, certain } = outcomeCertainty(parsed, { ...reported.branches, pending: pending.branches }, { ...reported.affiliates, pending: pending.affiliates });
  const ahead = whatWouldItTake(parsed, reported, pending);
  return {
    parsed,
    units: { branches: branchResults.length, affiliates: affiliateResults.length },
    reported,
    pending,
    late: { affiliates: taking.filter((a) => a.result !== null && a.decision?.late).length, counted: lateDecisions === 'count' },
    soFar,
    certain: certain ? (soFar.triggered ? 'triggered' : 'not-triggered') : null,
    ahead,
  };
}

/** The headline in words: "Not decided yet" until the outcome is certain, else the verdict. */
export function statusHeadline(s: Pick<BallotStatus, 'certain'>): string {
  if (s.certain === 'triggered') return 'Selection triggered';
  if (s.certain === 'not-triggered') return 'Selection not triggered';
  return 'Not decided yet';
}

/** The verdict so far, said as provisional while units can still change it. */
export function verdictSoFar(s: Pick<BallotStatus, 'soFar' | 'certain' | 'pending'>): string {
  const word = s.soFar.triggered ? 'selection triggered' : 'not triggered';
  const still = s.pending.branches + s.pending.affiliates;
  if (s.certain !== null) return still === 0 ? `Every unit has reported: ${word}.` : `Certain whatever the ${still} unit${still === 1 ? '' : 's'} still to report say: ${word}.`;
  return `If nothing else came in: ${word}. ${still} unit${still === 1 ? '' : 's'} still to report could change this.`;
}
