import { canonicalJson } from '../../shared/canonical-json';
import { computeOutcome, countResults, shareText } from '../../shared/outcome';
import { fingerprint } from '../../shared/report/fingerprint';
import { payloadRuleProblems, reportEnvelopeSchema, SIGNED_PREFIX, type ReportEnvelope } from '../../shared/report/report-schema';
import { branchResult } from '../../shared/meetings';
import { parseRules, ruleSetProblems } from '../../shared/rules';
import { keyIdOf, verifyBytes } from './keys';

type ProblemCode = 'format' | 'signature' | 'trust' | 'branch-votes' | 'outcome';

export interface VerifyProblem {
  code: ProblemCode;
  message: string;
}

interface Verification {
  ok: boolean;
  keyId: string | null;
  clp: string | null;
  revision: number | null;
  recomputed: { triggered: boolean; share: string | null } | null;
  problems: VerifyProblem[];
  /** The checked report, when its format is sound. */
  envelope: ReportEnvelope | null;
}

export interface TrustEntry {
  clp: string;
  keyId: string;
  publicKey: string;
  revoked: boolean;
}

/** Reports are small: anything larger is refused before it is parsed, so memory stays bounded. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

function formatFailure(message: string): Verification {
  return { ok: false, keyId: null, clp: null, revision: null, recomputed: null, problems: [{ code: 'format', message }], envelope: null };
}

/** Checks a report file's text against report-v1: format, signature, trust (if a list is given), branch votes, outcome. */
export function verifyReportText(text: string, trust?: readonly TrustEntry[]): Verification {
  if (text.length > MAX_REPORT_BYTES) return formatFailure(`The file is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB: it is not a Teller report.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return formatFailure('The file is not valid JSON (it may be truncated or damaged).');
  }
  const parsed = reportEnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => {
      const where = i.path.length ? i.path.map(String).join('.') : 'the report';
      return i.code === 'unrecognized_keys' ? `${where} has fields the format does not allow: ${i.keys.join(', ')}.` : `${where}: ${i.message}.`;
    });
    return { ...formatFailure(''), problems: issues.map((message) => ({ code: 'format', message })) };
  }
  const env = parsed.data;
  const p = env.payload;
  const problems: VerifyProblem[] = payloadRuleProblems(p).map((message) => ({ code: 'format', message }));
  // The id is the CLP's own name for its rule set; only the arithmetic fields are checked and used.
  const rules = { ...p.rules, id: 'report' };
  const ruleIssues = ruleSetProblems(rules);
  for (const r of ruleIssues) problems.push({ code: 'format', message: `The rules are not usable: ${r.message}` });

  // Base64 with stray bits in its padding decodes to the same bytes: only the one true spelling is accepted (found by fuzzing).
  for (const [field, text] of [['publicKey', env.signature.publicKey], ['value', env.signature.value]] as const) {
    if (Buffer.from(text, 'base64').toString('base64') !== text) problems.push({ code: 'format', message: `signature.${field} is not in canonical base64.` });
  }

  // Signature: over the exact bytes of the format, with the key the report carries.
  const publicKeyRaw = Buffer.from(env.signature.publicKey, 'base64');
  if (keyIdOf(publicKeyRaw) !== env.signature.keyId) problems.push({ code: 'signature', message: 'The keyId does not belong to the public key in the report.' });
  const message = Buffer.from(SIGNED_PREFIX + canonicalJson((raw as { payload: unknown }).payload), 'utf8');
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
    const expected = branchResult(v, b.meeting.quorate);
    if (b.result !== expected) problems.push({ code: 'branch-votes', message: `${b.name}: the result is "${b.result}" but the votes give "${expected}".` });
  }

  let recomputed: Verification['recomputed'] = null;
  if (ruleIssues.length === 0 && payloadRuleProblems(p).length === 0) {
    const branches = countResults(p.branches.map((b) => b.result));
    const affiliates = countResults(p.affiliates.map((a) => a.result));
    const outcome = computeOutcome(parseRules(rules), branches, affiliates);
    recomputed = { triggered: outcome.triggered, share: shareText(outcome) };
    const same = (a: object, b: object) => canonicalJson(a) === canonicalJson(b);
    if (!same(p.outcome.branches, branches)) problems.push({ code: 'outcome', message: 'The branch counts in the outcome do not match the branches listed.' });
    if (!same(p.outcome.affiliates, affiliates)) problems.push({ code: 'outcome', message: 'The affiliate counts in the outcome do not match the affiliates listed.' });
    if (p.outcome.share !== recomputed.share) problems.push({ code: 'outcome', message: `The share is ${p.outcome.share ?? 'null'} but the units and rules give ${recomputed.share ?? 'null'}.` });
    if (p.outcome.triggered !== recomputed.triggered) {
      problems.push({
        code: 'outcome',
        message: `The report says a selection is ${p.outcome.triggered ? '' : 'not '}triggered, but the units and rules say it is${recomputed.triggered ? '' : ' not'}.`,
      });
    }
  }
  return { ok: problems.length === 0, keyId: env.signature.keyId, clp: p.clp.name, revision: p.revision, recomputed, problems, envelope: env };
}
