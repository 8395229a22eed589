import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import { branchResult } from '../../shared/meetings';
import { computeOutcome, countResults, shareText } from '../../shared/outcome';
import { parseRules, presetById } from '../../shared/rules';
import { seededRandom } from '../seeded-random';
import { generateSigningKey, signBytes } from '../signing/keys';
import { signPayload } from '../signing/report-export';
import { chainHead, type TrustEntry } from '../signing/verify-report';

/**
 * Invented final reports, one per invented constituency, each signed by its own key, with the
 * trust list that accepts them: for benchmarks and tests of the regional office. Never real
 * places or people.
 */
export function syntheticRegionReports(count: number, seed: number): { texts: string[]; trust: TrustEntry[] } {
  const results = ['selection', 'reselect', 'tie', 'no-vote'] as const;
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const rules = presetById('labour-2021')!.rules;
  const trust: TrustEntry[] = [];
  const texts = Array.from({ length: count }, (_, i) => {
    const key = generateSigningKey();
    const branches = Array.from({ length: 8 + (i % 6) }, (_, b) => {
      const votes = { selection: Math.floor(rand() * 30), reselect: Math.floor(rand() * 30), abstain: Math.floor(rand() * 3), spoilt: Math.floor(rand() * 2) };
      const present = votes.selection + votes.reselect + votes.abstain + votes.spoilt + Math.floor(rand() * 5);
      const quorate = present > 5;
      return { name: `Ward ${b + 1}`, result: branchResult(votes, quorate), meeting: { date: '2026-06-10', quorate, attendance: present + 2, eligibleAttendance: present, votes } };
    });
    const affiliates = Array.from({ length: 10 + (i % 8) }, (_, a) => ({ name: `Affiliate ${a + 1}`, kind: 'trade-union' as const, result: pick(results) }));
    const b = countResults(branches.map((x) => x.result));
    const a = countResults(affiliates.map((x) => x.result));
    const outcome = computeOutcome(parseRules(rules), b, a);
    const clp = `Constituency ${String(i + 1).padStart(3, '0')}`;
    trust.push({ clp, keyId: key.keyId, publicKey: key.publicKeyRaw.toString('base64'), revoked: false });
    const payload = {
      ballotId: randomUUID(),
      revision: 1,
      status: 'final' as const,
      issuedAt: '2026-07-18T10:00:00Z',
      clp: { name: clp, code: null },
      mp: { name: `Invented MP ${i + 1}` },
      freezeDate: '2026-05-01',
      rules,
      branches,
      affiliates,
      outcome: { triggered: outcome.triggered, branches: b, affiliates: a, share: shareText(outcome) },
      complaints: { total: i % 4, open: i % 2, byCategory: (i % 4 ? { procedure: i % 4 } : {}) as Record<string, number> },
      register: { members: 400 + i, snapshotSha256: null, checkedIn: 120, refused: 3, overrides: 1 },
      auditHead: 'a'.repeat(64),
    };
    return JSON.stringify(signPayload(payload, { keyId: key.keyId, publicKey: key.publicKeyRaw.toString('base64'), privateKey: key.privateKey }), null, 2);
  });
  return { texts, trust };
}

/**
 * Invented final reports in version 2 (docs/formats/report-v2.md), one per invented
 * constituency, each signed by its own key and carrying a history of `entries` links (random,
 * chained to their head): for the regional office's benchmark and tests.
 */
export function syntheticRegionReportsV2(count: number, seed: number, entries: number): { texts: string[]; trust: TrustEntry[] } {
  const rand = seededRandom(seed);
  const rules = presetById('labour-2021')!.rules;
  const trust: TrustEntry[] = [];
  const hex = () => Array.from({ length: 8 }, () => Math.floor(rand() * 2 ** 32).toString(16).padStart(8, '0')).join('');
  const texts = Array.from({ length: count }, (_, i) => {
    const key = generateSigningKey();
    const branches = Array.from({ length: 8 + (i % 6) }, (_, b) => {
      const votes = { selection: Math.floor(rand() * 30), reselect: Math.floor(rand() * 30), abstain: Math.floor(rand() * 3), spoilt: Math.floor(rand() * 2) };
      const present = votes.selection + votes.reselect + votes.abstain + votes.spoilt + Math.floor(rand() * 5);
      const quorate = present > 5;
      const result = branchResult(votes, quorate);
      return {
        name: `Ward ${b + 1}`,
        result,
        noVoteReason: result === 'no-vote' ? 'inquorate' : null,
        meeting: { date: '2026-06-10', quorate, attendance: present + 2, eligibleAttendance: present, versions: 1 + (b % 5 === 0 ? 1 : 0), votes },
      };
    });
    const results = ['selection', 'reselect', 'tie', 'no-vote'] as const;
    const affiliates = [
      ...Array.from({ length: 10 + (i % 8) }, (_, a) => {
        const result = results[Math.floor(rand() * results.length)]!;
        return {
          name: `Affiliate ${a + 1}`,
          kind: 'trade-union' as const,
          result,
          noVoteReason: result === 'no-vote' ? 'declined' : null,
          eligible: true,
          ineligibleReason: null,
          decision: { receivedOn: '2026-06-20', late: a % 9 === 0 },
        };
      }),
      { name: 'Invented Ineligible Society', kind: 'socialist-society' as const, result: 'no-vote' as const, noVoteReason: 'ineligible', eligible: false, ineligibleReason: 'Not affiliated at the freeze date', decision: null },
    ];
    const b = countResults(branches.map((x) => x.result));
    const a = countResults(affiliates.filter((x) => x.eligible).map((x) => x.result));
    const outcome = computeOutcome(parseRules(rules), b, a);
    const links = Array.from({ length: entries }, hex);
    const clp = `Constituency ${String(i + 1).padStart(3, '0')}`;
    trust.push({ clp, keyId: key.keyId, publicKey: key.publicKeyRaw.toString('base64'), revoked: false });
    const payload = {
      ballotId: randomUUID(),
      revision: 1,
      status: 'final' as const,
      issuedAt: '2026-07-18T10:00:00Z',
      clp: { name: clp, code: null },
      mp: { name: `Invented MP ${i + 1}` },
      freezeDate: '2026-05-01',
      rules,
      branches,
      affiliates,
      outcome: { triggered: outcome.triggered, certain: true, branches: { ...b, pending: 0 }, affiliates: { ...a, pending: 0 }, share: shareText(outcome) },
      complaints: { total: i % 4, open: i % 2, byCategory: (i % 4 ? { procedure: i % 4 } : {}) as Record<string, number> },
      register: { members: 400 + i, snapshotSha256: null, checkedIn: 120, refused: 3, overrides: 1 },
      history: { entries, head: chainHead(links), links },
    };
    const value = signBytes(key.privateKey, Buffer.from(`teller-report/2\n${canonicalJson(payload)}`, 'utf8')).toString('base64');
    return JSON.stringify({ format: 'teller-report', version: 2, payload, signature: { algorithm: 'Ed25519', publicKey: key.publicKeyRaw.toString('base64'), keyId: key.keyId, value } }, null, 2);
  });
  return { texts, trust };
}
