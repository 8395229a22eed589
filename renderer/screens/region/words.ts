/* What the regional office's checks and verdicts mean, in the words an officer reads. */

/** The ten checks a report goes through, in the order they are made (report-v2.md). */
export const CHECK_CODES = ['format', 'signature', 'trust', 'branch-votes', 'outcome', 'history', 'binding', 'continuity', 'revision', 'revoked'] as const;
type CheckCode = (typeof CHECK_CODES)[number];

/** Each check's name, and one plain sentence on what it means when a report fails it. */
export const CHECK_WORDS: Record<CheckCode, { name: string; failed: string }> = {
  format: { name: 'Format', failed: 'The file is not a Teller report that can be read: it is damaged, not a report at all, or breaks the rules of the report format.' },
  signature: { name: 'Signature', failed: 'The signature does not match the contents: the file was changed after it was signed, or was never signed by the key it names.' },
  trust: { name: 'Trust', failed: 'The key that signed the report is not on your list of keys trusted for this CLP.' },
  'branch-votes': { name: 'Branch votes', failed: "A branch's result does not follow from the votes recorded for it." },
  outcome: { name: 'Outcome', failed: 'The outcome the report claims is not the one its branches and affiliates give under the rules.' },
  history: { name: 'History', failed: "The report's record of the CLP's audit trail does not add up: its links do not lead to the head it states." },
  binding: { name: 'Binding', failed: 'This ballot was first reported by another CLP, or the report is signed by a key not trusted for the CLP that first reported it.' },
  continuity: {
    name: 'Continuity',
    failed: "The CLP's record in this report does not carry on from a revision you have already accepted: something recorded earlier has been rewritten.",
  },
  revision: { name: 'Revision', failed: 'A different report with the same ballot and revision number is already here, or an interim report tried to replace a final one.' },
  revoked: { name: 'Revoked key', failed: 'The report is signed by a key you have revoked: refused if issued after the revocation, marked if issued before it.' },
};

/** The name of a check, or the code itself for one this version of Teller does not know. */
export function checkName(code: string): string {
  return code in CHECK_WORDS ? CHECK_WORDS[code as CheckCode].name : code;
}

/** The plain sentence for a failed check, or null for a code this version of Teller does not know. */
export function checkSentence(code: string): string | null {
  return code in CHECK_WORDS ? CHECK_WORDS[code as CheckCode].failed : null;
}

/** What happened to a file received. */
const VERDICT_WORDS: Record<string, { word: string; meaning: string; tone: 'ok' | 'bad' | 'warn' | 'plain' }> = {
  accepted: { word: 'Accepted', meaning: 'Every check passed; the report counts in the overview.', tone: 'ok' },
  flagged: { word: 'Accepted, marked', meaning: 'It counts, but is marked: it was signed before its key was revoked.', tone: 'warn' },
  refused: { word: 'Refused', meaning: 'It failed a check and is kept out of the totals.', tone: 'bad' },
  duplicate: { word: 'Already here', meaning: 'The same report was received before: nothing changed.', tone: 'plain' },
};

export function verdictWords(verdict: string): { word: string; meaning: string; tone: 'ok' | 'bad' | 'warn' | 'plain' } {
  return VERDICT_WORDS[verdict] ?? { word: verdict, meaning: '', tone: 'plain' };
}

/** What a fingerprint is and how to check it, for the first run and the trust form. */
export const FINGERPRINT_WORDS = {
  what: "A fingerprint is 32 letters and digits, in 8 groups of 4 (for example 3f2a 9c01 …), that name the key a CLP's secretary signs their reports with. Teller accepts a CLP's report only if it is signed by a key you trusted for that CLP.",
  how: "Phone the CLP's secretary (on a number you already know, not one given in an email) and ask them to read the fingerprint shown in their Teller's Settings. Type it as they read it, then read it back to them group by group. Trust it only when every group matches.",
} as const;

/** A unit's result, as the secretary's screens say it. */
const RESULT_WORDS: Record<string, string> = { selection: 'Selection', reselect: 'Reselect', tie: 'Tie', 'no-vote': 'No vote', pending: 'Not reported yet' };

/** Why a unit has no vote (version 2 reports say). */
const NO_VOTE_WORDS: Record<string, string> = {
  inquorate: 'the meeting was not quorate',
  'not-held': 'no meeting was held',
  abandoned: 'the meeting was abandoned',
  'tied-after-retake': 'the vote was tied again after a retake',
  declined: 'it declined to take part',
  'did-not-report': 'it did not report in time',
  ineligible: 'it is not eligible',
};

export const AFFILIATE_KIND_WORDS: Record<string, string> = {
  'trade-union': 'Trade-union branch',
  'socialist-society': 'Socialist society',
  'co-operative': 'Co-operative Party',
  other: 'Other',
};

/** "No vote: the meeting was not quorate", "Selection". */
export function resultWords(result: string, noVoteReason: string | null): string {
  const word = RESULT_WORDS[result] ?? result;
  return noVoteReason ? `${word}: ${NO_VOTE_WORDS[noVoteReason] ?? noVoteReason}` : word;
}
