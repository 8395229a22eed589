import type { TellerState } from './api';
import { computeOutcome, countResults, whatWouldItTake, type ClassCounts, type TriggerOutcome, type UnitResult, type WhatWouldItTake } from './outcome';
import { parseRules, type ParsedRules, type UnitClass } from './rules';

export interface BallotStatus {
  parsed: ParsedRules;
  /** Units taking part (ineligible affiliates are left out). */
  units: Record<UnitClass, number>;
  reported: Record<UnitClass, ClassCounts>;
  pending: Record<UnitClass, number>;
  /** The outcome if a report were issued now: units yet to report count as no-vote. */
  soFar: TriggerOutcome;
  ahead: WhatWouldItTake;
}

/** The live status of the ballot in a state, or null when no ballot is set up. */
export function ballotStatus(state: TellerState): BallotStatus | null {
  if (!state.ballot) return null;
  const parsed = parseRules(state.ballot.rules);
  const branchResults = state.branches.filter((b) => !b.withdrawn).map((b) => b.result);
  const affiliateResults = state.affiliates.filter((a) => a.eligible && !a.withdrawn).map((a) => a.result);
  const done = (rs: (UnitResult | null)[]) => rs.filter((r): r is UnitResult => r !== null);
  const reported = { branches: countResults(done(branchResults)), affiliates: countResults(done(affiliateResults)) };
  const pending = {
    branches: branchResults.length - done(branchResults).length,
    affiliates: affiliateResults.length - done(affiliateResults).length,
  };
  const asNoVote = (c: ClassCounts, n: number): ClassCounts => ({ ...c, noVote: c.noVote + n });
  const soFar = computeOutcome(parsed, asNoVote(reported.branches, pending.branches), asNoVote(reported.affiliates, pending.affiliates));
  return {
    parsed,
    units: { branches: branchResults.length, affiliates: affiliateResults.length },
    reported,
    pending,
    soFar,
    ahead: whatWouldItTake(parsed, reported, pending),
  };
}
