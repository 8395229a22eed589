import { fingerprint } from '../../shared/report/fingerprint';
import { chainHeads } from '../../shared/report/sha256-chain';

/*
 * Checks 7 to 10 of report-v2 (binding, continuity, revision, revoked) and the trust check
 * by normalised name: what a regional office checks a sound report against, namely the keys
 * it trusts and the revisions it has already accepted. Pure: the store is read through
 * `RegionalView`, so the app's import (job worker or its own thread), a re-check and the
 * `teller region import` command all decide here, the same way.
 */

type RegionalCode = 'trust' | 'binding' | 'continuity' | 'revision' | 'revoked';

interface RegionalProblem {
  code: RegionalCode;
  message: string;
}

/** A report that passed checks 1 to 6, as the regional checks see it. */
interface CandidateReport {
  clp: string;
  /** `clpKey(clp)`. */
  clpKey: string;
  ballotId: string;
  revision: number;
  status: 'interim' | 'final';
  issuedAt: string;
  keyId: string;
  /** SHA-256 of the RFC 8785 form of the payload: the same report whatever the file's bytes. */
  payloadSha256: string;
  /** Version 2's history links; null for version 1, which cannot carry them. */
  links: readonly string[] | null;
}

/** A revision already accepted. */
export interface HeldRevision {
  id: number;
  clp: string;
  clpKey: string;
  revision: number;
  status: string;
  keyId: string;
  payloadSha256: string;
  version: number;
  /** Version 2: how many entries its history had, and their head (null for version 1). */
  history: { entries: number; head: string } | null;
}

export interface RegionalView {
  /** The key's entry for the CLP (by normalised name), or null when it is not on the list. */
  trustFor(clpKey: string, keyId: string): { revokedAt: string | null } | null;
  /** Every accepted revision of the ballot, whatever CLP it names, in the order accepted. */
  revisionsOf(ballotId: string): HeldRevision[];
}

interface RegionalVerdict {
  verdict: 'accepted' | 'flagged' | 'duplicate' | 'refused';
  problems: RegionalProblem[];
  /** For a duplicate: the revision it repeats. */
  duplicateOf: number | null;
}

const REFUSING = new Set<RegionalCode>(['trust', 'binding', 'continuity', 'revision']);

/**
 * The earliest of `held` (sorted by revision) whose history `links` do not begin with: the
 * links' chain must reach each one's head after exactly its number of entries. Heads are
 * compared, so a held revision's links need not be kept: one pass over the new links.
 */
function firstNotExtended(links: readonly string[], held: readonly HeldRevision[]): HeldRevision | undefined {
  const heads = chainHeads(Buffer.from(links.join(''), 'hex'), held.map((h) => h.history!.entries));
  // A revision with more entries than these links can never be reached: its head is ''.
  return held.find((h, i) => h.history!.entries > links.length || heads[i] !== h.history!.head);
}

const day = (instant: string) => instant.replace('T', ' ').replace(/(:\d{2})(\.\d+)?Z$/, '$1 UTC');

/** Decides what a regional office does with a sound report: accept, accept and flag, call it a duplicate, or refuse it. */
export function regionalChecks(r: CandidateReport, view: RegionalView): RegionalVerdict {
  const problems: RegionalProblem[] = [];
  const fp = fingerprint(r.keyId);

  // trust and 10 revoked: the key, for this CLP by its normalised name.
  const trust = view.trustFor(r.clpKey, r.keyId);
  if (!trust) problems.push({ code: 'trust', message: `Key ${fp} is not trusted for ${r.clp}.` });
  else if (trust.revokedAt !== null) {
    if (Date.parse(r.issuedAt) > Date.parse(trust.revokedAt)) {
      problems.push({ code: 'revoked', message: `Key ${fp} was revoked for ${r.clp} at ${day(trust.revokedAt)}, and this report was issued after that (${day(r.issuedAt)}).` });
    } else {
      problems.push({ code: 'revoked', message: `Signed by key ${fp}, revoked for ${r.clp} since (at ${day(trust.revokedAt)}); the report was issued before that, so it is kept, marked.` });
    }
  }
  const refusedForRevocation = trust?.revokedAt != null && Date.parse(r.issuedAt) > Date.parse(trust.revokedAt);

  // 7 binding: the first accepted report of a ballot binds it to its CLP.
  const held = view.revisionsOf(r.ballotId);
  const bound = held[0];
  if (bound && bound.clpKey !== r.clpKey) {
    problems.push({ code: 'binding', message: `Ballot ${r.ballotId} belongs to ${bound.clp}, which reported it first: a report naming ${r.clp} cannot be added to it.` });
  }
  const mine = held.filter((h) => h.clpKey === r.clpKey);

  // 9 revision: the same revision again is a duplicate or a conflict; an interim never replaces a final.
  const same = mine.find((h) => h.revision === r.revision);
  let duplicateOf: number | null = null;
  if (same) {
    if (same.payloadSha256 === r.payloadSha256) duplicateOf = same.id;
    else problems.push({ code: 'revision', message: `Revision ${r.revision} of this ballot is already held with different contents: this is a conflicting revision.` });
  }
  const finalBelow = mine.filter((h) => h.status === 'final' && h.revision < r.revision).sort((a, b) => b.revision - a.revision)[0];
  if (r.status === 'interim' && finalBelow && !same) {
    problems.push({ code: 'revision', message: `An interim report cannot replace the final report already held (revision ${finalBelow.revision}).` });
  }

  // 8 continuity (version 2): the history begins with the history of every revision already accepted.
  if (r.links !== null && !same) {
    const v2 = mine.filter((h) => h.history !== null).sort((a, b) => a.revision - b.revision);
    const broken = firstNotExtended(
      r.links,
      v2.filter((h) => h.revision < r.revision),
    );
    const later = v2.find((h) => h.revision > r.revision);
    if (broken) {
      problems.push({
        code: 'continuity',
        message: `Its history does not extend revision ${broken.revision}: it does not begin with that revision's ${broken.history!.entries} entries, so the CLP's record was changed, not only added to, between them.`,
      });
    } else if (later) {
      problems.push({
        code: 'continuity',
        message: `Revision ${later.revision}, already accepted, is later than this one: a report's history must begin with the history of every revision already accepted, so this earlier revision, arriving after it, is kept out.`,
      });
    }
  }

  const refused = refusedForRevocation || problems.some((p) => REFUSING.has(p.code));
  if (refused) return { verdict: 'refused', problems, duplicateOf: null };
  if (duplicateOf !== null) return { verdict: 'duplicate', problems, duplicateOf };
  return { verdict: problems.length > 0 ? 'flagged' : 'accepted', problems, duplicateOf: null };
}
