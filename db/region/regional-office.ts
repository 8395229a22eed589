import type { RegionRow, ReportImportRow, TrustedKeyRow } from '../../shared/api';
import { createHash } from 'node:crypto';
import { TellerError } from '../../shared/errors';
import { fingerprint } from '../../shared/report/fingerprint';
import type { ReportPayload } from '../../shared/report/report-schema';
import type { ClpStore } from '../store/clp-store';
import { keyIdOf } from '../signing/keys';
import { verifyReportText, type TrustEntry, type VerifyProblem } from '../signing/verify-report';

/* What a regional officer keeps: trusted keys per CLP, and every report imported with its verdict. */

/** The trust list as verification reads it. */
export function trustList(store: ClpStore): TrustEntry[] {
  return (store.db.prepare('SELECT clp, key_id, public_key, revoked_at FROM trusted_key').all() as { clp: string; key_id: string; public_key: string | null; revoked_at: string | null }[]).map((r) => ({
    clp: r.clp,
    keyId: r.key_id,
    publicKey: r.public_key ?? '',
    revoked: r.revoked_at !== null,
  }));
}

export function trustedKeys(store: ClpStore): TrustedKeyRow[] {
  const rows = store.db.prepare('SELECT clp, key_id, public_key, added_at, revoked_at FROM trusted_key ORDER BY clp, added_at').all() as {
    clp: string;
    key_id: string;
    public_key: string | null;
    added_at: string;
    revoked_at: string | null;
  }[];
  const signed = store.db.prepare('SELECT clp, revision, status FROM region_report WHERE key_id = ? AND accepted = 1 ORDER BY clp, revision');
  return rows.map((r) => ({
    clp: r.clp,
    keyId: r.key_id,
    publicKey: r.public_key,
    addedAt: r.added_at,
    revokedAt: r.revoked_at,
    reports: signed.all(r.key_id) as { clp: string; revision: number; status: string }[],
  }));
}

/** Trusts a key for a CLP, given as its fingerprint (read out by phone) or its base64 public key. */
export function trustKey(store: ClpStore, clp: string, keyText: string): void {
  const name = clp.trim();
  if (name === '') throw new TellerError('invalid-input', "Give the CLP's name exactly as its reports show it.", 'clp');
  const compact = keyText.replace(/\s+/g, '').toLowerCase();
  let keyId: string;
  let publicKey: string | null = null;
  if (/^[0-9a-f]{32}$/.test(compact)) keyId = compact;
  else if (/^[A-Za-z0-9+/]{43}=$/.test(keyText.trim())) {
    publicKey = keyText.trim();
    keyId = keyIdOf(Buffer.from(publicKey, 'base64'));
  } else {
    throw new TellerError('invalid-input', 'That is neither a fingerprint (32 hex digits, spaces allowed) nor a public key (44 characters of base64).', 'key');
  }
  store.change('trust.add', 'trusted_key', () => {
    store.db
      .prepare('INSERT INTO trusted_key (clp, key_id, public_key, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (clp, key_id) DO UPDATE SET revoked_at = NULL, public_key = COALESCE(excluded.public_key, public_key)')
      .run(name, keyId, publicKey, store.stamp());
    return { entityId: `${name}/${keyId}`, before: null, after: { clp: name, keyId, fingerprint: fingerprint(keyId) } };
  });
}

export function revokeKey(store: ClpStore, clp: string, keyId: string): void {
  const row = store.db.prepare('SELECT 1 FROM trusted_key WHERE clp = ? AND key_id = ? AND revoked_at IS NULL').get(clp, keyId);
  if (!row) throw new TellerError('not-found', 'That key is not trusted for that CLP.');
  store.change('trust.revoke', 'trusted_key', () => {
    store.db.prepare('UPDATE trusted_key SET revoked_at = ? WHERE clp = ? AND key_id = ?').run(store.stamp(), clp, keyId);
    return { entityId: `${clp}/${keyId}`, before: { revoked: false }, after: { revoked: true } };
  });
}

/**
 * Verifies and stores one report file. The same file twice changes nothing; a refused
 * report is kept with its reasons but out of the totals; an older revision arriving after
 * a newer one is kept as history and does not replace it.
 */
export function importReport(store: ClpStore, fileName: string, text: string, trust: readonly TrustEntry[] = trustList(store)): ReportImportRow {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const known = store.stmt('SELECT clp, revision FROM region_report WHERE sha256 = ?').get(sha256) as { clp: string | null; revision: number | null } | undefined;
  if (known) return { fileName, verdict: 'duplicate', clp: known.clp, revision: known.revision, problems: [] };
  const v = verifyReportText(text, trust);
  const p: ReportPayload | null = v.envelope?.payload ?? null;
  const newer = p
    ? (store.stmt('SELECT MAX(revision) AS r FROM region_report WHERE ballot_id = ? AND accepted = 1').get(p.ballotId) as { r: number | null }).r
    : null;
  const verdict: ReportImportRow['verdict'] = !v.ok ? 'refused' : newer !== null && p !== null && newer > p.revision ? 'superseded-already' : 'accepted';
  store.change('report.import', 'region_report', () => {
    store
      .stmt('INSERT INTO region_report (sha256, file_name, imported_at, ballot_id, clp, revision, status, issued_at, key_id, accepted, problems, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(sha256, fileName, store.stamp(), p?.ballotId ?? null, p?.clp.name ?? null, p?.revision ?? null, p?.status ?? null, p?.issuedAt ?? null, v.keyId, v.ok ? 1 : 0, JSON.stringify(v.problems), p ? JSON.stringify(p) : null);
    if (v.ok && v.envelope) {
      store.stmt('UPDATE trusted_key SET public_key = ? WHERE key_id = ? AND public_key IS NULL').run(v.envelope.signature.publicKey, v.envelope.signature.keyId);
    }
    return { entityId: sha256, before: null, after: { fileName, clp: v.clp, revision: v.revision, verdict, problems: v.problems.map((x) => x.code) } };
  });
  return { fileName, verdict, clp: v.clp, revision: v.revision, problems: v.problems };
}

/** Every CLP with its latest accepted report. */
export function regionOverview(store: ClpStore): RegionRow[] {
  const rows = store.db
    .prepare(
      `SELECT r.* FROM region_report r WHERE r.accepted = 1 AND r.revision = (SELECT MAX(revision) FROM region_report x WHERE x.ballot_id = r.ballot_id AND x.accepted = 1)
       ORDER BY r.clp`,
    )
    .all() as { ballot_id: string; clp: string; revision: number; status: string; issued_at: string; key_id: string; payload: string }[];
  const history = store.db.prepare('SELECT revision, status, accepted, imported_at FROM region_report WHERE ballot_id = ? ORDER BY revision, imported_at');
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as ReportPayload;
    const reporting = (xs: { result: string }[]) => xs.filter((x) => x.result !== 'no-vote').length;
    return {
      ballotId: r.ballot_id,
      clp: r.clp,
      revision: r.revision,
      status: r.status,
      issuedAt: r.issued_at,
      triggered: p.outcome.triggered,
      share: p.outcome.share,
      threshold: p.rules.threshold,
      method: p.rules.method,
      branchesReporting: reporting(p.branches),
      branches: p.branches.length,
      affiliatesReporting: reporting(p.affiliates),
      affiliates: p.affiliates.length,
      complaints: p.complaints.total,
      openComplaints: p.complaints.open,
      keyId: r.key_id,
      history: (history.all(r.ballot_id) as { revision: number | null; status: string | null; accepted: number; imported_at: string }[]).map((h) => ({
        revision: h.revision,
        status: h.status,
        accepted: h.accepted === 1,
        importedAt: h.imported_at,
      })),
    };
  });
}

/** Reports kept out of the totals, with their reasons. */
export function refusedReports(store: ClpStore): { fileName: string; clp: string | null; revision: number | null; problems: VerifyProblem[]; importedAt: string }[] {
  return (store.db.prepare('SELECT file_name, clp, revision, problems, imported_at FROM region_report WHERE accepted = 0 ORDER BY imported_at DESC').all() as {
    file_name: string;
    clp: string | null;
    revision: number | null;
    problems: string;
    imported_at: string;
  }[]).map((r) => ({ fileName: r.file_name, clp: r.clp, revision: r.revision, problems: JSON.parse(r.problems) as VerifyProblem[], importedAt: r.imported_at }));
}
