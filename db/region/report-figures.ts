/*
 * A report's figures as the regional office shows them, from version 1 or version 2 payloads.
 * Reported and pending mean what they mean on the secretary's dashboard: a unit has reported
 * once it has a result, no-vote included; ineligible affiliates are not units. Version 1
 * cannot tell a unit yet to report from a no-vote, so there "reporting" is as it always was
 * (a result other than no-vote) and the rest count as pending.
 */

type Result = 'selection' | 'reselect' | 'tie' | 'no-vote' | 'pending';

/** A stored payload, version 1 or 2 (version 2's members optional). */
export interface StoredPayload {
  ballotId: string;
  revision: number;
  status: 'interim' | 'final';
  issuedAt: string;
  clp: { name: string; code: string | null };
  mp: { name: string };
  freezeDate: string;
  rules: { id: string; method: string; threshold: string; base: string; tie: string; strict: boolean };
  branches: {
    name: string;
    result: Result;
    noVoteReason?: string | null;
    meeting: {
      date: string;
      quorate: boolean;
      attendance: number;
      eligibleAttendance: number;
      versions?: number;
      votes: { selection: number; reselect: number; abstain: number; spoilt: number };
    } | null;
  }[];
  affiliates: {
    name: string;
    kind: string;
    result: Result;
    noVoteReason?: string | null;
    eligible?: boolean;
    ineligibleReason?: string | null;
    decision?: { receivedOn: string; late: boolean } | null;
  }[];
  outcome: {
    triggered: boolean;
    certain?: boolean;
    share: string | null;
    branches: { selection: number; reselect: number; tie: number; noVote: number; pending?: number };
    affiliates: { selection: number; reselect: number; tie: number; noVote: number; pending?: number };
  };
  complaints: { total: number; open: number; byCategory: Record<string, number> };
  register: { members: number; snapshotSha256: string | null; checkedIn: number; refused: number; overrides: number };
  history?: { entries: number; head: string; links: string[] };
}

interface ClassFigures {
  units: number;
  reported: number;
  pending: number;
  counts: { selection: number; reselect: number; tie: number; noVote: number; pending: number };
}

function classFigures(units: readonly { result: Result }[], version: number): ClassFigures {
  const counts = { selection: 0, reselect: 0, tie: 0, noVote: 0, pending: 0 };
  for (const u of units) {
    if (u.result === 'no-vote') counts.noVote++;
    else counts[u.result]++;
  }
  const reported = version >= 2 ? units.length - counts.pending : units.length - counts.noVote - counts.pending;
  return { units: units.length, reported, pending: units.length - reported, counts };
}

export function reportFigures(p: StoredPayload, version: number) {
  return {
    triggered: p.outcome.triggered,
    share: p.outcome.share,
    threshold: p.rules.threshold,
    method: p.rules.method,
    /** Version 2 says; a version 1 final report is certain, an interim one cannot say. */
    certain: p.outcome.certain ?? (p.status === 'final' ? true : null),
    branches: classFigures(p.branches, version),
    affiliates: classFigures(p.affiliates.filter((a) => a.eligible !== false), version),
    complaints: p.complaints,
  };
}
