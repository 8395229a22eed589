import { randomUUID } from 'node:crypto';
import { branchResult } from '../../shared/meetings';
import { computeOutcome, countResults, shareText } from '../../shared/outcome';
import { parseRules, presetById } from '../../shared/rules';
import { seededRandom } from '../seeded-random';
import { generateSigningKey } from '../signing/keys';
import { signPayload } from '../signing/report-export';
import { chainHead, type TrustEntry } from '../signing/verify-report';

/*
 * Invented final reports, one per invented constituency, each signed by its own key, with the
 * trust list that accepts them: for benchmarks and tests of the regional office. Never real
 * places or people. Version 1 and version 2 (docs/formats/report-v2.md) come from one builder;
 * version 2 adds what its format adds (its history's links are drawn too, after each
 * constituency's units, so only the first constituency's are the same in both for a seed).
 */

const RESULTS = ['selection', 'reselect', 'tie', 'no-vote'] as const;

/** One constituency's branches as version 2 gives them: votes drawn at random, the result they give, why a branch did not vote, its meeting's versions. */
function syntheticBranches(rand: () => number, i: number) {
  return Array.from({ length: 8 + (i % 6) }, (_, b) => {
    const votes = { selection: Math.floor(rand() * 30), reselect: Math.floor(rand() * 30), abstain: Math.floor(rand() * 3), spoilt: Math.floor(rand() * 2) };
    const present = votes.selection + votes.reselect + votes.abstain + votes.spoilt + Math.floor(rand() * 5);
    const quorate = present > 5;
    const result = branchResult(votes, quorate);
    const meeting = { date: '2026-06-10', quorate, attendance: present + 2, eligibleAttendance: present, versions: 1 + (b % 5 === 0 ? 1 : 0), votes };
    return { name: `Ward ${b + 1}`, result, noVoteReason: result === 'no-vote' ? ('inquorate' as const) : null, meeting };
  });
}

/** A version 2 branch as version 1 gives it: no reason for not voting, no meeting versions. */
function branchV1({ name, result, meeting: { versions: _, ...meeting } }: ReturnType<typeof syntheticBranches>[number]) {
  return { name, result, meeting };
}

/** One constituency's affiliates, drawn at random, as version 1 gives them (all eligible). */
function syntheticAffiliates(rand: () => number, i: number) {
  return Array.from({ length: 10 + (i % 8) }, (_, a) => ({ name: `Affiliate ${a + 1}`, kind: 'trade-union' as const, result: RESULTS[Math.floor(rand() * RESULTS.length)]! }));
}

/** Version 1's affiliates as version 2 gives them: with each decision, and an ineligible society (whose result does not count). */
function affiliatesV2(drawn: ReturnType<typeof syntheticAffiliates>) {
  return [
    ...drawn.map((x, a) => ({ ...x, noVoteReason: x.result === 'no-vote' ? ('declined' as const) : null, eligible: true, ineligibleReason: null, decision: { receivedOn: '2026-06-20', late: a % 9 === 0 } })),
    { name: 'Invented Ineligible Society', kind: 'socialist-society' as const, result: 'no-vote' as const, noVoteReason: 'ineligible' as const, eligible: false, ineligibleReason: 'Not affiliated at the freeze date', decision: null },
  ];
}

/** `count` signed reports of one version; a version 2 report carries a history of `entries` random links chained to their head. */
function syntheticReports(version: 1 | 2, count: number, seed: number, entries: number): { texts: string[]; trust: TrustEntry[] } {
  const v2 = version === 2;
  const rand = seededRandom(seed);
  const rules = presetById('labour-2021')!.rules;
  const trust: TrustEntry[] = [];
  const hex = () => Array.from({ length: 8 }, () => Math.floor(rand() * 2 ** 32).toString(16).padStart(8, '0')).join('');
  const texts = Array.from({ length: count }, (_, i) => {
    const key = generateSigningKey();
    const branches = syntheticBranches(rand, i);
    const affiliates = syntheticAffiliates(rand, i);
    const b = countResults(branches.map((x) => x.result));
    const a = countResults(affiliates.map((x) => x.result));
    const outcome = computeOutcome(parseRules(rules), b, a);
    const clp = `Constituency ${String(i + 1).padStart(3, '0')}`;
    const publicKey = key.publicKeyRaw.toString('base64');
    trust.push({ clp, keyId: key.keyId, publicKey, revoked: false });
    const head = {
      ballotId: randomUUID(),
      revision: 1,
      status: 'final' as const,
      issuedAt: '2026-07-18T10:00:00Z',
      clp: { name: clp, code: null },
      mp: { name: `Invented MP ${i + 1}` },
      freezeDate: '2026-05-01',
      rules,
    };
    const tail = {
      complaints: { total: i % 4, open: i % 2, byCategory: (i % 4 ? { procedure: i % 4 } : {}) as Record<string, number> },
      register: { members: 400 + i, snapshotSha256: null, checkedIn: 120, refused: 3, overrides: 1 },
    };
    const signer = { keyId: key.keyId, publicKey, privateKey: key.privateKey };
    const share = shareText(outcome);
    if (!v2) {
      const payload = { ...head, branches: branches.map(branchV1), affiliates, outcome: { triggered: outcome.triggered, branches: b, affiliates: a, share }, ...tail, auditHead: 'a'.repeat(64) };
      return JSON.stringify(signPayload(payload, signer), null, 2);
    }
    const links = Array.from({ length: entries }, hex);
    const payload = {
      ...head,
      branches,
      affiliates: affiliatesV2(affiliates),
      outcome: { triggered: outcome.triggered, certain: true, branches: { ...b, pending: 0 }, affiliates: { ...a, pending: 0 }, share },
      ...tail,
      history: { entries, head: chainHead(links), links },
    };
    return JSON.stringify(signPayload(payload, signer), null, 2);
  });
  return { texts, trust };
}

/** Version 1 reports, for benchmarks and tests of the regional office. */
export function syntheticRegionReports(count: number, seed: number): { texts: string[]; trust: TrustEntry[] } {
  return syntheticReports(1, count, seed, 0);
}

/** Version 2 reports with a history of `entries` links each, for the regional office's benchmark and tests. */
export function syntheticRegionReportsV2(count: number, seed: number, entries: number): { texts: string[]; trust: TrustEntry[] } {
  return syntheticReports(2, count, seed, entries);
}
