/*
 * The words a person reads for each code in a report (the PDFs never print a raw code such as
 * "trade-union" or "electoral-register"). The same words as the app's screens.
 */

const RESULT_WORDS: Record<string, string> = {
  selection: 'Selection',
  reselect: 'Reselect',
  tie: 'Tie',
  'no-vote': 'No vote',
  pending: 'Pending — not reported yet',
};

/** Why a unit has no vote (report version 2), as the end of "No vote — …". */
const NO_VOTE_REASON_WORDS: Record<string, string> = {
  inquorate: 'meeting inquorate',
  'not-held': 'meeting not held',
  abandoned: 'meeting abandoned',
  'tied-after-retake': 'tied after a retake',
  declined: 'declined to take part',
  'did-not-report': 'did not report',
  ineligible: 'not eligible',
};

/** A unit's result in words: "Selection", "Pending — not reported yet", "No vote — meeting inquorate". */
export function resultWords(result: string, noVoteReason?: string | null): string {
  if (result === 'no-vote' && noVoteReason) return `No vote — ${words(NO_VOTE_REASON_WORDS, noVoteReason).toLowerCase()}`;
  return words(RESULT_WORDS, result);
}

export const AFFILIATE_KIND_WORDS: Record<string, string> = {
  'trade-union': 'Trade-union branch',
  'socialist-society': 'Socialist society',
  'co-operative': 'Co-operative Party',
  other: 'Other',
};

export const COMPLAINT_CATEGORY_WORDS: Record<string, string> = {
  eligibility: 'Eligibility',
  impersonation: 'Impersonation',
  'electoral-register': 'Electoral register',
  procedure: 'Procedure',
  conduct: 'Conduct',
  other: 'Other',
};

export const COMPLAINT_STATUS_WORDS: Record<string, string> = { open: 'Open', referred: 'Referred to region', resolved: 'Resolved', dismissed: 'Dismissed' };

export const STATUS_WORDS: Record<string, string> = { final: 'Final', interim: 'Interim' };

/** The word for a code from a table; a code the table does not know is made readable ("some-code" → "Some code"). */
export function words(table: Record<string, string>, code: string): string {
  const known = table[code];
  if (known) return known;
  const plain = code.replace(/[-_]+/g, ' ').trim();
  return plain ? plain[0]!.toUpperCase() + plain.slice(1) : code;
}

/** "1 CLP", "2 CLPs". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
