import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json';
import { computeOutcome, countResults, shareText } from '../../../shared/outcome';
import { parseRules, presetById } from '../../../shared/rules';
import type { ReportPayloadV1 as ReportPayload } from '../../../shared/report/report-schema';
import { generateSigningKey, signBytes } from '../../../db/signing/keys';
import { signPayload } from '../../../db/signing/report-export';

/*
 * Hand-made reports for the regional office's checks: a small sound version 1 payload, any
 * field changed at will, signed by any key, written with any spacing.
 */

interface TestKey {
  keyId: string;
  publicKey: string;
  privateKey: ReturnType<typeof generateSigningKey>['privateKey'];
}

export function newKey(): TestKey {
  const k = generateSigningKey();
  return { keyId: k.keyId, publicKey: k.publicKeyRaw.toString('base64'), privateKey: k.privateKey };
}

const rules = presetById('labour-2021')!.rules;

/** A sound report of an invented CLP: two branches (one selection, one reselect), one affiliate. */
export function payload(over: Partial<ReportPayload> = {}): ReportPayload {
  const branches: ReportPayload['branches'] = [
    { name: 'North Ward', result: 'selection', meeting: { date: '2026-06-02', quorate: true, attendance: 20, eligibleAttendance: 20, votes: { selection: 12, reselect: 6, abstain: 1, spoilt: 0 } } },
    { name: 'South Ward', result: 'reselect', meeting: { date: '2026-06-03', quorate: true, attendance: 15, eligibleAttendance: 14, votes: { selection: 4, reselect: 9, abstain: 0, spoilt: 1 } } },
  ];
  const affiliates: ReportPayload['affiliates'] = [{ name: 'Invented Workers Union', kind: 'trade-union', result: 'no-vote' }];
  const b = countResults(branches.map((x) => x.result));
  const a = countResults(affiliates.map((x) => x.result));
  const o = computeOutcome(parseRules(rules), b, a);
  return {
    ballotId: randomUUID(),
    revision: 1,
    status: 'interim',
    issuedAt: '2026-06-05T10:00:00Z',
    clp: { name: 'Northgate and Eastmere', code: null },
    mp: { name: 'Invented MP' },
    freezeDate: '2026-05-01',
    rules,
    branches,
    affiliates,
    outcome: { triggered: o.triggered, branches: b, affiliates: a, share: shareText(o) },
    complaints: { total: 1, open: 1, byCategory: { procedure: 1 } },
    register: { members: 300, snapshotSha256: null, checkedIn: 35, refused: 0, overrides: 0 },
    auditHead: 'b'.repeat(64),
    ...over,
  };
}

/** The report signed by `key`, as JSON text (indented by `space`, 2 unless said). */
export function signed(p: ReportPayload, key: TestKey, space: number | string = 2): string {
  return JSON.stringify(signPayload(p, key), null, space);
}

/** A chain's head (report-v2 section 2.5). */
export function headOf(links: readonly string[]): string {
  let head = Buffer.alloc(32);
  for (const link of links) head = createHash('sha256').update(head).update(Buffer.from(link, 'hex')).digest();
  return head.toString('hex');
}

/** `n` links, distinct for each `tag`. */
export function linksFor(tag: string, n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => createHash('sha256').update(`${tag} entry ${from + i + 1}`).digest('hex'));
}

/** The same sound report in version 2, with the history given (final, nothing pending; a corrected meeting, an ineligible affiliate). */
export function payloadV2(links: readonly string[], over: Record<string, unknown> = {}) {
  const p = payload();
  const { auditHead: _auditHead, ...rest } = p;
  return {
    ...rest,
    status: 'final' as const,
    branches: p.branches.map((b, i) => ({ ...b, noVoteReason: null, meeting: b.meeting && { ...b.meeting, versions: i === 0 ? 2 : 1 } })),
    affiliates: [
      ...p.affiliates.map((a) => ({ ...a, noVoteReason: 'declined', eligible: true, ineligibleReason: null, decision: { receivedOn: '2026-06-20', late: true } })),
      { name: 'Invented Ineligible Society', kind: 'socialist-society' as const, result: 'no-vote' as const, noVoteReason: 'ineligible', eligible: false, ineligibleReason: 'Not affiliated at the freeze date', decision: null },
    ],
    outcome: { ...p.outcome, certain: true, branches: { ...p.outcome.branches, pending: 0 }, affiliates: { ...p.outcome.affiliates, pending: 0 } },
    history: { entries: links.length, head: headOf(links), links: [...links] },
    ...over,
  };
}

/** A version 2 report signed by `key`. */
export function signedV2(p: object, key: TestKey, space: number | string = 2): string {
  const value = signBytes(key.privateKey, Buffer.from(`teller-report/2\n${canonicalJson(p)}`, 'utf8')).toString('base64');
  return JSON.stringify({ format: 'teller-report', version: 2, payload: p, signature: { algorithm: 'Ed25519', publicKey: key.publicKey, keyId: key.keyId, value } }, null, space);
}
