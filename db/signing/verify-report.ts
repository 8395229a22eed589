import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonOfParsed } from '../../shared/canonical-json';
import { computeOutcome, countResults, countWithPending, outcomeCertainty, shareText } from '../../shared/outcome';
import { fingerprint } from '../../shared/report/fingerprint';
import { iJsonClean, iJsonProblems } from '../../shared/report/i-json';
import { normaliseClpName } from '../../shared/report/names';
import {
  payloadRuleProblems,
  payloadV2RuleProblems,
  reportEnvelopeSchema,
  reportEnvelopeSchemaV2,
  SIGNED_PREFIX,
  SIGNED_PREFIX_V2,
  type AnyReportEnvelope,
  type ReportEnvelopeV2,
} from '../../shared/report/report-schema';
import { branchResult } from '../../shared/meetings';
import { parseRules, ruleSetProblems } from '../../shared/rules';
import { chainHeads } from '../../shared/report/sha256-chain';
import { keyIdOf, verifyBytes } from './keys';

/**
 * The codes of every problem, exactly these words (docs/formats/report-v2.md section 3).
 * Checks 1–6 are made here; 7–10 (`binding`, `continuity`, `revision`, `revoked`) need the
 * reports a regional office has already accepted, and are made by the regional import.
 */
export const PROBLEM_CODES = ['format', 'signature', 'trust', 'branch-votes', 'outcome', 'history', 'binding', 'continuity', 'revision', 'revoked'] as const;
type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface VerifyProblem {
  code: ProblemCode;
  message: string;
}

/** What `teller verify --json` gives as recomputed: `certain` only for a version 2 report. */
export interface Recomputed {
  triggered: boolean;
  share: string | null;
  certain?: boolean;
}

/** One report file checked on its own (checks 1–6). */
export interface ReportCheck {
  /** No problem found. */
  ok: boolean;
  /** `signature.keyId`; null when the file's format is not sound. */
  keyId: string | null;
  /** `payload.clp.name` as the report gives it; null when the format is not sound. */
  clp: string | null;
  revision: number | null;
  /** The outcome recomputed from the units and rules; null when the rules are not usable. */
  recomputed: Recomputed | null;
  problems: VerifyProblem[];
  /** The report, when its format is sound (even if other checks failed). */
  envelope: AnyReportEnvelope | null;
  /** 1 or 2 when the format is sound; null otherwise. */
  version: 1 | 2 | null;
  /**
   * The payload's RFC 8785 text (the bytes signed after the prefix), when the format is
   * sound: the same for every copy of the report, whatever the file's whitespace, member
   * order or number spelling (`-0`, `2.0`). Compare reports by this, never by file bytes.
   */
  canonicalPayload: string | null;
  /** Lowercase hex SHA-256 of `canonicalPayload` (UTF-8). */
  payloadSha256: string | null;
  /** `normaliseClpName(clp)`: the CLP's name as names are compared (NFC, case-folded, spaces collapsed). */
  clpKey: string | null;
}

export interface TrustEntry {
  clp: string;
  keyId: string;
  publicKey: string;
  revoked: boolean;
}

/** Reports are small: anything larger is refused before it is parsed, so memory stays bounded. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

const NOTHING = { keyId: null, clp: null, revision: null, recomputed: null, envelope: null, version: null, canonicalPayload: null, payloadSha256: null, clpKey: null } as const;

function formatFailure(messages: string[]): ReportCheck {
  return { ok: false, ...NOTHING, problems: messages.map((message) => ({ code: 'format', message })) };
}

/** The file is too large to be a report: said without reading or hashing what it holds. */
export function tooLargeCheck(bytes: number): ReportCheck {
  return formatFailure([`The file is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB (it is ${bytes.toLocaleString('en-GB')} bytes): it is not a Teller report.`]);
}

/**
 * The head a list of links chains to (section 2.5): h(0) = 32 zero bytes, h(i) = SHA-256(h(i−1) || link i).
 * Each link is 64 lowercase hex digits (as the format's schema requires).
 */
export function chainHead(links: readonly string[]): string {
  // The same as nextHead() link by link, in one pass over all their bytes: a report carries thousands.
  return chainHeads(Buffer.from(links.join(''), 'hex'), [links.length])[0]!;
}

/**
 * The bytes of a history's links, when they are what the schema asks of them (at most
 * 1,000,000 strings of 64 lowercase hex digits), found in one pass; null otherwise.
 */
function plainLinkBytes(links: unknown): Buffer | null {
  if (!Array.isArray(links) || links.length > 1_000_000) return null;
  for (const l of links) if (typeof l !== 'string' || l.length !== 64) return null;
  const hex = links.join('');
  const bytes = Buffer.from(hex, 'hex');
  // Decoding stops at the first character that is not hex; lowercase only spells the bytes back.
  return bytes.length * 2 === hex.length && bytes.toString('hex') === hex ? bytes : null;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The version 2 schema over the report, and its links' bytes. Where the history's links are
 * plainly sound, the schema is run over the report without them and they are put back: the
 * same result as the schema over all of it (sound links give no issue), without a check per link.
 */
function parseV2(raw: unknown): { parsed: ReturnType<typeof reportEnvelopeSchemaV2.safeParse>; linkBytes: Buffer | null } {
  const payload = isRecord(raw) ? raw.payload : undefined;
  const history = isRecord(payload) ? payload.history : undefined;
  const links = isRecord(history) ? history.links : undefined;
  const linkBytes = plainLinkBytes(links);
  if (!isRecord(raw) || !isRecord(payload) || !isRecord(history) || linkBytes === null) return { parsed: reportEnvelopeSchemaV2.safeParse(raw), linkBytes: null };
  const parsed = reportEnvelopeSchemaV2.safeParse({ ...raw, payload: { ...payload, history: { ...history, links: [] } } });
  if (parsed.success) parsed.data.payload.history.links = links as string[];
  return { parsed, linkBytes };
}

function shapeProblems(issues: { path: PropertyKey[]; code: string; message: string; keys?: string[] }[]): string[] {
  return issues.slice(0, 10).map((i) => {
    const where = i.path.length ? i.path.map(String).join('.') : 'the report';
    return i.code === 'unrecognized_keys' ? `${where} has fields the format does not allow: ${(i.keys ?? []).join(', ')}.` : `${where}: ${i.message}.`;
  });
}

/**
 * Checks one report file's text, version 1 or 2, on its own: 1 `format`, 2 `signature`,
 * 3 `trust` (only when a trust list is given), 4 `branch-votes`, 5 `outcome`, 6 `history`
 * (version 2). A version 1 file is checked exactly as report-v1.md says. Every problem
 * found is listed. The regional import calls this, then makes checks 7–10 against what it
 * holds, using `canonicalPayload`, `payloadSha256`, `version` and `clpKey`.
 *
 * `text` longer than MAX_REPORT_BYTES is refused unread; a caller that reads files should
 * refuse a larger file by its size (`tooLargeCheck`) without reading it at all.
 */
export function verifyReport(text: string, trust?: readonly TrustEntry[]): ReportCheck {
  if (text.length > MAX_REPORT_BYTES) return tooLargeCheck(Buffer.byteLength(text, 'utf8'));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return formatFailure(['The file is not valid JSON (it may be truncated or damaged).']);
  }
  const version = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { version?: unknown }).version : undefined;
  if (version === 2) {
    // I-JSON: a repeated member name, half a character or an inexact number is refused, never read "last one wins".
    if (!iJsonClean(text)) {
      const strict = iJsonProblems(text);
      if (strict.length > 0) return formatFailure(strict);
    }
    const { parsed, linkBytes } = parseV2(raw);
    if (!parsed.success) return formatFailure(shapeProblems(parsed.error.issues));
    return checkV2(parsed.data, raw, trust, linkBytes);
  }
  const parsed = reportEnvelopeSchema.safeParse(raw);
  if (!parsed.success) return formatFailure(shapeProblems(parsed.error.issues));
  return checkV1(parsed.data, raw, trust);
}

/** Steps shared by both versions: the rules, canonical base64, the signature and the trust list. */
function commonChecks(env: AnyReportEnvelope, raw: unknown, prefix: string, trust: readonly TrustEntry[] | undefined, problems: VerifyProblem[]) {
  const p = env.payload;
  // The id is the CLP's own name for its rule set; only the arithmetic fields are checked and used.
  const rules = { ...p.rules, id: 'report' };
  const ruleIssues = ruleSetProblems(rules);
  for (const r of ruleIssues) problems.push({ code: 'format', message: `The rules are not usable: ${r.message}` });

  // Base64 with stray bits in its padding decodes to the same bytes: only the one true spelling is accepted (found by fuzzing).
  for (const [field, text] of [['publicKey', env.signature.publicKey], ['value', env.signature.value]] as const) {
    if (Buffer.from(text, 'base64').toString('base64') !== text) problems.push({ code: 'format', message: `signature.${field} is not in canonical base64.` });
  }

  // Signature: over the exact bytes of the format, with the key the report carries.
  const canonicalPayload = canonicalJsonOfParsed((raw as { payload: unknown }).payload);
  const publicKeyRaw = Buffer.from(env.signature.publicKey, 'base64');
  if (keyIdOf(publicKeyRaw) !== env.signature.keyId) problems.push({ code: 'signature', message: 'The keyId does not belong to the public key in the report.' });
  const message = Buffer.from(prefix + canonicalPayload, 'utf8');
  if (!verifyBytes(publicKeyRaw, message, Buffer.from(env.signature.value, 'base64'))) {
    problems.push({ code: 'signature', message: 'The signature does not match: the report was changed after it was signed, or signed with another key.' });
  }

  if (trust) {
    const entry = trust.find((t) => t.keyId === env.signature.keyId && t.clp === p.clp.name);
    if (!entry) problems.push({ code: 'trust', message: `Key ${fingerprint(env.signature.keyId)} is not on the trust list for ${p.clp.name}.` });
    else if (entry.revoked) problems.push({ code: 'trust', message: `Key ${fingerprint(env.signature.keyId)} was revoked for ${p.clp.name}.` });
  }

  for (const b of p.branches) {
    if (!b.meeting) continue;
    const v = b.meeting.votes;
    const cast = v.selection + v.reselect + v.abstain + v.spoilt;
    if (cast > b.meeting.eligibleAttendance) problems.push({ code: 'branch-votes', message: `${b.name}: ${cast} votes but only ${b.meeting.eligibleAttendance} eligible members present.` });
    if (b.meeting.eligibleAttendance > b.meeting.attendance) problems.push({ code: 'branch-votes', message: `${b.name}: more eligible members present (${b.meeting.eligibleAttendance}) than people present (${b.meeting.attendance}).` });
    // A tie that stood when the vote was taken again is no preference: no vote (report-v2 2.1).
    const tiedAgain = 'noVoteReason' in b && b.noVoteReason === 'tied-after-retake' && b.meeting.quorate && v.selection === v.reselect;
    const expected = tiedAgain ? 'no-vote' : branchResult(v, b.meeting.quorate);
    if (b.result !== expected) problems.push({ code: 'branch-votes', message: `${b.name}: the result is "${b.result}" but the votes give "${expected}".` });
  }
  return { rules, rulesUsable: ruleIssues.length === 0, canonicalPayload };
}

function finish(env: AnyReportEnvelope, version: 1 | 2, problems: VerifyProblem[], recomputed: Recomputed | null, canonicalPayload: string): ReportCheck {
  const p = env.payload;
  return {
    ok: problems.length === 0,
    keyId: env.signature.keyId,
    clp: p.clp.name,
    revision: p.revision,
    recomputed,
    problems,
    envelope: env,
    version,
    canonicalPayload,
    payloadSha256: createHash('sha256').update(canonicalPayload, 'utf8').digest('hex'),
    clpKey: normaliseClpName(p.clp.name),
  };
}

const same = (a: object, b: object) => canonicalJson(a) === canonicalJson(b);

function outcomeWords(p: { triggered: boolean }, recomputed: { triggered: boolean }): string {
  return `The report says a selection is ${p.triggered ? '' : 'not '}triggered, but the units and rules say it is${recomputed.triggered ? '' : ' not'}.`;
}

/** Version 1, exactly as report-v1.md says. */
function checkV1(env: AnyReportEnvelope & { version: 1 }, raw: unknown, trust: readonly TrustEntry[] | undefined): ReportCheck {
  const p = env.payload;
  const problems: VerifyProblem[] = payloadRuleProblems(p).map((message) => ({ code: 'format', message }));
  const { rules, rulesUsable, canonicalPayload } = commonChecks(env, raw, SIGNED_PREFIX, trust, problems);
  let recomputed: Recomputed | null = null;
  if (rulesUsable && payloadRuleProblems(p).length === 0) {
    const branches = countResults(p.branches.map((b) => b.result));
    const affiliates = countResults(p.affiliates.map((a) => a.result));
    const outcome = computeOutcome(parseRules(rules), branches, affiliates);
    recomputed = { triggered: outcome.triggered, share: shareText(outcome) };
    if (!same(p.outcome.branches, branches)) problems.push({ code: 'outcome', message: 'The branch counts in the outcome do not match the branches listed.' });
    if (!same(p.outcome.affiliates, affiliates)) problems.push({ code: 'outcome', message: 'The affiliate counts in the outcome do not match the affiliates listed.' });
    if (p.outcome.share !== recomputed.share) problems.push({ code: 'outcome', message: `The share is ${p.outcome.share ?? 'null'} but the units and rules give ${recomputed.share ?? 'null'}.` });
    if (p.outcome.triggered !== recomputed.triggered) problems.push({ code: 'outcome', message: outcomeWords(p.outcome, recomputed) });
  }
  return finish(env, 1, problems, recomputed, canonicalPayload);
}

/** Version 2: version 1's checks on the new shape, pending counts and `certain`, and the history. */
function checkV2(env: ReportEnvelopeV2, raw: unknown, trust: readonly TrustEntry[] | undefined, linkBytes: Buffer | null): ReportCheck {
  const p = env.payload;
  const ruleProblems = [...payloadRuleProblems(p), ...payloadV2RuleProblems(p)];
  const problems: VerifyProblem[] = ruleProblems.map((message) => ({ code: 'format', message }));
  const { rules, rulesUsable, canonicalPayload } = commonChecks(env, raw, SIGNED_PREFIX_V2, trust, problems);

  for (const b of p.branches) {
    if (b.noVoteReason === 'inquorate' && (!b.meeting || b.meeting.quorate)) {
      problems.push({ code: 'branch-votes', message: `${b.name}: the reason for no vote is "inquorate", but the report gives ${b.meeting ? 'a quorate meeting' : 'no meeting'}.` });
    }
  }

  let recomputed: Recomputed | null = null;
  if (rulesUsable && ruleProblems.length === 0) {
    // Ineligible affiliates are listed but never counted.
    const branches = countWithPending(p.branches.map((b) => b.result));
    const affiliates = countWithPending(p.affiliates.filter((a) => a.eligible).map((a) => a.result));
    const { soFar, certain } = outcomeCertainty(parseRules(rules), branches, affiliates);
    recomputed = { triggered: soFar.triggered, share: shareText(soFar), certain };
    if (!same(p.outcome.branches, branches)) problems.push({ code: 'outcome', message: 'The branch counts in the outcome do not match the branches listed.' });
    if (!same(p.outcome.affiliates, affiliates)) problems.push({ code: 'outcome', message: 'The affiliate counts in the outcome do not match the eligible affiliates listed.' });
    if (p.outcome.share !== recomputed.share) problems.push({ code: 'outcome', message: `The share is ${p.outcome.share ?? 'null'} but the units and rules give ${recomputed.share ?? 'null'}.` });
    if (p.outcome.triggered !== recomputed.triggered) problems.push({ code: 'outcome', message: outcomeWords(p.outcome, recomputed) });
    if (p.outcome.certain !== certain) {
      problems.push({
        code: 'outcome',
        message: certain
          ? 'The report says the outcome is not certain, but no way the pending units could report would change it.'
          : 'The report says the outcome is certain, but the pending units could still change it.',
      });
    }
  }

  const h = p.history;
  if (h.entries !== h.links.length) problems.push({ code: 'history', message: `The history says ${h.entries} entries but gives ${h.links.length} links.` });
  const head = chainHeads(linkBytes ?? Buffer.from(h.links.join(''), 'hex'), [h.links.length])[0]!;
  if (head !== h.head) problems.push({ code: 'history', message: `The history's links do not chain to its head: they give ${head}, the report says ${h.head}.` });
  return finish(env, 2, problems, recomputed, canonicalPayload);
}

/**
 * Checks a report file's text (either version): the older name of `verifyReport`, kept for
 * the callers that use it.
 */
export function verifyReportText(text: string, trust?: readonly TrustEntry[]): ReportCheck {
  return verifyReport(text, trust);
}
