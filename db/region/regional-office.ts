import { createHash } from 'node:crypto';
import type { ReceivedFile, RegionClp, RegionOffice, RegionRow, ReportImportRow, TrustedKeyRow, TrustKeyCheck } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { fingerprint } from '../../shared/report/fingerprint';
import { nearMissKeys } from '../../shared/report/fingerprint-near-miss';
import type { ClpStore } from '../store/clp-store';
import { keyIdOf } from '../signing/keys';
import { MAX_REPORT_BYTES, tooLargeCheck, verifyReport, type VerifyProblem } from '../signing/verify-report';
import { cleanClpName, clpKey } from './clp-key';
import { regionalChecks, type HeldRevision, type RegionalView } from './regional-checks';
import { reportFigures, type StoredPayload } from './report-figures';

/*
 * What a regional officer keeps: that the store is a regional office, the keys it trusts per
 * CLP (by normalised name), every file received with its verdict, and the revisions accepted,
 * each bound to its CLP and ballot. Every change goes through store.change with its audit entry.
 */

type Problem = VerifyProblem | { code: string; message: string };

/** Refused files' contents are kept for a re-check, up to this much in all (the oldest go first). */
const KEPT_REFUSED_BYTES = 64 * 1024 * 1024;

// ---------------------------------------------------------------- the office itself

export function regionOffice(store: ClpStore): RegionOffice {
  const row = store.stmt('SELECT name, since FROM region_office WHERE id = 1').get() as { name: string | null; since: string } | undefined;
  const keys = (store.stmt('SELECT COUNT(*) AS n FROM region_trusted_key WHERE revoked_at IS NULL').get() as { n: number }).n;
  const accepted = (store.stmt('SELECT COUNT(*) AS n FROM region_revision').get() as { n: number }).n;
  return {
    regional: row !== undefined,
    name: row?.name ?? null,
    since: row?.since ?? null,
    trustedKeys: keys,
    reportsAccepted: accepted,
    start: keys === 0 ? 'trust-key' : accepted === 0 ? 'import-reports' : 'overview',
  };
}

/** Makes this store a regional office (or renames it); refused for a store that holds a CLP's own records. */
export function setRegionOffice(store: ClpStore, name: string | null): RegionOffice {
  const clean = name === null ? null : name.normalize('NFC').replace(/\s+/gu, ' ').trim() || null;
  if (clean !== null && clean.length > 100) throw new TellerError('invalid-input', "The region's name is at most 100 characters.", 'name');
  const clps = (store.stmt('SELECT COUNT(*) AS n FROM clp').get() as { n: number }).n;
  if (clps > 0) throw new TellerError('invalid-input', "This store holds a CLP's own records: a regional office needs a store of its own. Nothing has been changed.");
  const before = store.stmt('SELECT name, since FROM region_office WHERE id = 1').get() as { name: string | null; since: string } | undefined;
  store.change('region.office', 'region_office', () => {
    store.stmt('INSERT INTO region_office (id, name, since) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name').run(clean, store.stamp());
    return { entityId: '1', before: before ? { name: before.name } : null, after: { name: clean } };
  });
  return regionOffice(store);
}

// ---------------------------------------------------------------- keys

interface KeyRow {
  clp_key: string;
  clp: string;
  key_id: string;
  public_key: string | null;
  added_at: string;
  revoked_at: string | null;
}

export function trustedKeys(store: ClpStore): TrustedKeyRow[] {
  const rows = store.db.prepare('SELECT * FROM region_trusted_key ORDER BY clp_key, added_at').all() as KeyRow[];
  const signed = store.db.prepare('SELECT clp, revision, status FROM region_revision WHERE key_id = ? AND clp_key = ? ORDER BY ballot_id, revision');
  return rows.map((r) => ({
    clp: r.clp,
    keyId: r.key_id,
    fingerprint: fingerprint(r.key_id),
    publicKey: r.public_key,
    addedAt: r.added_at,
    revokedAt: r.revoked_at,
    reports: signed.all(r.key_id, r.clp_key) as { clp: string; revision: number; status: string }[],
  }));
}

/** A key as an officer gives it: a fingerprint (read out by phone, spaces allowed) or a base64 public key. */
function parseKey(keyText: string): { keyId: string; publicKey: string | null } {
  const compact = keyText.replace(/\s+/g, '').toLowerCase();
  if (/^[0-9a-f]{32}$/.test(compact)) return { keyId: compact, publicKey: null };
  const b64 = keyText.trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(b64) && Buffer.from(b64, 'base64').toString('base64') === b64) return { keyId: keyIdOf(Buffer.from(b64, 'base64')), publicKey: b64 };
  throw new TellerError('invalid-input', 'That is neither a fingerprint (32 hex digits, spaces allowed) nor a public key (44 characters of base64).', 'key');
}

/** What trusting the key would do, changing nothing: the name as it will be kept, and any near-miss warning. */
export function checkTrustKey(store: ClpStore, clp: string, keyText: string): TrustKeyCheck {
  const name = cleanClpName(clp);
  const { keyId } = parseKey(keyText);
  const listed = (store.db.prepare('SELECT clp, key_id, revoked_at FROM region_trusted_key').all() as { clp: string; key_id: string; revoked_at: string | null }[]).map((k) => ({
    keyId: k.key_id,
    clp: k.clp,
    revoked: k.revoked_at !== null,
  }));
  const same = store.stmt('SELECT clp, revoked_at FROM region_trusted_key WHERE clp_key = ? AND key_id = ?').get(clpKey(name), keyId) as { clp: string; revoked_at: string | null } | undefined;
  return {
    clp: same?.clp ?? name,
    keyId,
    fingerprint: fingerprint(keyId),
    already: same ? (same.revoked_at === null ? 'trusted' : 'revoked') : null,
    warnings: nearMissKeys(keyId, listed),
  };
}

/** Trusts a key for a CLP; the same key again for the same CLP (in any spelling) changes nothing, and a revoked key stays revoked. */
export function trustKey(store: ClpStore, clp: string, keyText: string): TrustKeyCheck {
  const check = checkTrustKey(store, clp, keyText);
  const { publicKey } = parseKey(keyText);
  if (check.already === 'revoked') {
    throw new TellerError('invalid-input', `Key ${check.fingerprint} was revoked for ${check.clp}: a revoked key cannot be trusted again. Nothing has been changed.`, 'key');
  }
  if (check.already === 'trusted' && publicKey === null) return check;
  store.change('trust.add', 'region_trusted_key', () => {
    store
      .stmt('INSERT INTO region_trusted_key (clp_key, clp, key_id, public_key, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (clp_key, key_id) DO UPDATE SET public_key = COALESCE(public_key, excluded.public_key)')
      .run(clpKey(check.clp), check.clp, check.keyId, publicKey, store.stamp());
    return { entityId: `${clpKey(check.clp)}/${check.keyId}`, before: null, after: { clp: check.clp, keyId: check.keyId, fingerprint: check.fingerprint } };
  });
  return check;
}

/**
 * Revokes a key for the CLP named (by its normalised name, so any spelling), or for every CLP
 * it is trusted for when none is named. Reports it signed that were accepted stay, marked.
 */
export function revokeKey(store: ClpStore, keyText: string, clp?: string): string[] {
  const { keyId } = parseKey(keyText);
  const rows = (clp === undefined
    ? store.db.prepare('SELECT clp_key, clp FROM region_trusted_key WHERE key_id = ? AND revoked_at IS NULL').all(keyId)
    : store.db.prepare('SELECT clp_key, clp FROM region_trusted_key WHERE key_id = ? AND clp_key = ? AND revoked_at IS NULL').all(keyId, clpKey(clp))) as { clp_key: string; clp: string }[];
  if (rows.length === 0) throw new TellerError('not-found', `Key ${fingerprint(keyId)} is not trusted${clp === undefined ? '' : ` for ${clp.normalize('NFC').trim()}`}, so there is nothing to revoke.`, 'key');
  store.change('trust.revoke', 'region_trusted_key', () => {
    const at = store.stamp();
    const mark = { code: 'revoked', message: `Signed by key ${fingerprint(keyId)}, revoked since (at ${at.replace('T', ' ').replace('Z', ' UTC')}); kept, marked.` };
    for (const r of rows) {
      store.stmt('UPDATE region_trusted_key SET revoked_at = ? WHERE clp_key = ? AND key_id = ?').run(at, r.clp_key, keyId);
      // What it signed and was accepted stays counted, marked as from a key revoked since.
      const files = store.db.prepare("SELECT id, problems FROM region_file WHERE key_id = ? AND clp_key = ? AND verdict = 'accepted'").all(keyId, r.clp_key) as { id: number; problems: string }[];
      for (const f of files) store.stmt("UPDATE region_file SET verdict = 'flagged', problems = ? WHERE id = ?").run(JSON.stringify([...(JSON.parse(f.problems) as Problem[]), mark]), f.id);
    }
    return { entityId: keyId, before: { revoked: false }, after: { revoked: true, clps: rows.map((r) => r.clp) } };
  });
  return rows.map((r) => r.clp);
}

// ---------------------------------------------------------------- receiving reports

/** A file to check: its bytes, or null when it was larger than a report can be (never read, never hashed). */
export interface ReceivedBytes {
  name: string;
  bytes: Buffer | null;
  size: number | null;
}

interface Decision {
  verdict: ReportImportRow['verdict'];
  problems: Problem[];
  version: number | null;
  ballotId: string | null;
  clp: string | null;
  clpKey: string | null;
  revision: number | null;
  status: string | null;
  issuedAt: string | null;
  keyId: string | null;
  payloadSha256: string | null;
  /** For an accepted or flagged report: what to store as its revision (its history's links are not kept: their number and head are enough). */
  keep: { payload: string; history: { entries: number; head: string } | null; publicKey: string } | null;
}

function regionalView(store: ClpStore): RegionalView {
  return {
    trustFor: (key, keyId) => {
      const r = store.stmt('SELECT revoked_at FROM region_trusted_key WHERE clp_key = ? AND key_id = ?').get(key, keyId) as { revoked_at: string | null } | undefined;
      return r ? { revokedAt: r.revoked_at } : null;
    },
    revisionsOf: (ballotId) =>
      (store.stmt('SELECT id, clp, clp_key, revision, status, key_id, payload_sha256, version, history_entries, history_head FROM region_revision WHERE ballot_id = ? ORDER BY id').all(ballotId) as {
        id: number; clp: string; clp_key: string; revision: number; status: string; key_id: string; payload_sha256: string; version: number; history_entries: number | null; history_head: string | null;
      }[]).map((h): HeldRevision => ({
        id: h.id,
        clp: h.clp,
        clpKey: h.clp_key,
        revision: h.revision,
        status: h.status,
        keyId: h.key_id,
        payloadSha256: h.payload_sha256,
        version: h.version,
        history: h.history_entries === null || h.history_head === null ? null : { entries: h.history_entries, head: h.history_head },
      })),
  };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Checks 1 to 10 on one file's bytes: what to do with it. Reads the store, changes nothing. */
function decide(store: ClpStore, bytes: Buffer | null, size: number | null): Decision {
  const none = { version: null, ballotId: null, clp: null, clpKey: null, revision: null, status: null, issuedAt: null, keyId: null, payloadSha256: null, keep: null };
  if (bytes === null || bytes.length > MAX_REPORT_BYTES) return { ...none, verdict: 'refused', problems: tooLargeCheck(size ?? MAX_REPORT_BYTES + 1).problems };
  const v = verifyReport(bytes.toString('utf8'));
  const env = v.envelope;
  if (!env || v.payloadSha256 === null || v.version === null) return { ...none, verdict: 'refused', problems: v.problems };
  const p = env.payload as StoredPayload;
  const version = v.version;
  const links = p.history?.links ?? null;
  const key = clpKey(p.clp.name);
  const payloadSha256 = v.payloadSha256;
  const about = { version, ballotId: p.ballotId, clp: p.clp.name, clpKey: key, revision: p.revision, status: p.status, issuedAt: p.issuedAt, keyId: env.signature.keyId, payloadSha256 };
  if (!v.ok) return { ...about, verdict: 'refused', problems: v.problems, keep: null };
  const r = regionalChecks({ clp: p.clp.name, clpKey: key, ballotId: p.ballotId, revision: p.revision, status: p.status, issuedAt: p.issuedAt, keyId: env.signature.keyId, payloadSha256, links }, regionalView(store));
  const stored = links === null ? p : { ...p, history: { ...p.history!, links: [] } };
  const history = p.history ? { entries: p.history.entries, head: p.history.head } : null;
  const keep = r.verdict === 'accepted' || r.verdict === 'flagged' ? { payload: JSON.stringify(stored), history, publicKey: env.signature.publicKey } : null;
  return { ...about, verdict: r.verdict, problems: r.problems, keep };
}

/** Writes a decision for a file row (new or re-checked), the revision it adds, and the refused file's bytes within the bound. */
function record(store: ClpStore, id: number, d: Decision, bytes: Buffer | null): void {
  store
    .stmt(
      `UPDATE region_file SET checked_at = ?, verdict = ?, problems = ?, version = ?, ballot_id = ?, clp = ?, clp_key = ?, revision = ?, status = ?, issued_at = ?, key_id = ?, payload_sha256 = ?, bytes = ? WHERE id = ?`,
    )
    .run(store.stamp(), d.verdict, JSON.stringify(d.problems), d.version, d.ballotId, d.clp, d.clpKey, d.revision, d.status, d.issuedAt, d.keyId, d.payloadSha256, d.verdict === 'refused' ? bytes : null, id);
  if (d.keep) {
    store
      .stmt('INSERT INTO region_revision (file_id, clp_key, clp, ballot_id, revision, status, issued_at, key_id, version, payload_sha256, payload, history_entries, history_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, d.clpKey, d.clp, d.ballotId, d.revision, d.status, d.issuedAt, d.keyId, d.version, d.payloadSha256, d.keep.payload, d.keep.history?.entries ?? null, d.keep.history?.head ?? null);
    store.stmt('UPDATE region_trusted_key SET public_key = ? WHERE key_id = ? AND clp_key = ? AND public_key IS NULL').run(d.keep.publicKey, d.keyId, d.clpKey);
  }
  if (d.verdict === 'refused' && bytes !== null) {
    // Bounded: the oldest refused files' contents go first (they can still be chosen again).
    const total = (store.stmt('SELECT COALESCE(SUM(LENGTH(bytes)), 0) AS n FROM region_file WHERE bytes IS NOT NULL').get() as { n: number }).n;
    let over = total - KEPT_REFUSED_BYTES;
    if (over > 0) {
      for (const old of store.db.prepare('SELECT id, LENGTH(bytes) AS n FROM region_file WHERE bytes IS NOT NULL AND id <> ? ORDER BY checked_at, id').iterate(id) as Iterable<{ id: number; n: number }>) {
        if (over <= 0) break;
        store.stmt('UPDATE region_file SET bytes = NULL WHERE id = ?').run(old.id);
        over -= old.n;
      }
      if (over > 0) store.stmt('UPDATE region_file SET bytes = NULL WHERE id = ?').run(id);
    }
  }
}

function rowOf(id: number, fileName: string, d: Decision): ReportImportRow {
  return { fileId: id, fileName, verdict: d.verdict, clp: d.clp, ballotId: d.ballotId, revision: d.revision, problems: d.problems };
}

const auditAfter = (fileName: string, d: Decision) => ({ fileName: `sha256:${sha256(fileName)}`, clp: d.clp, ballotId: d.ballotId, revision: d.revision, verdict: d.verdict, problems: d.problems.map((x) => x.code) });

/**
 * Checks one file received and records it with its verdict. The same bytes as a file refused
 * before are that file again: it is re-checked in place (the trust list may have changed).
 */
export function receiveReport(store: ClpStore, file: ReceivedBytes): ReportImportRow {
  const fileSha = file.bytes === null ? null : sha256(file.bytes);
  if (fileSha !== null) {
    const before = store.stmt("SELECT id FROM region_file WHERE file_sha256 = ? AND verdict = 'refused' ORDER BY id DESC LIMIT 1").get(fileSha) as { id: number } | undefined;
    if (before) return recheckWith(store, before.id, file.bytes!);
  }
  const d = decide(store, file.bytes, file.size);
  let id = 0;
  store.change('report.receive', 'region_file', () => {
    const at = store.stamp();
    id = Number(
      store
        .stmt("INSERT INTO region_file (file_name, received_at, checked_at, size, file_sha256, verdict, problems) VALUES (?, ?, ?, ?, ?, 'refused', '[]')")
        .run(file.name, at, at, file.bytes?.length ?? file.size, fileSha).lastInsertRowid,
    );
    record(store, id, d, file.bytes);
    return { entityId: String(id), before: null, after: auditAfter(file.name, d) };
  });
  return rowOf(id, file.name, d);
}

function recheckWith(store: ClpStore, id: number, bytes: Buffer): ReportImportRow {
  const row = store.stmt('SELECT file_name, verdict, problems FROM region_file WHERE id = ?').get(id) as { file_name: string; verdict: string; problems: string };
  const d = decide(store, bytes, bytes.length);
  store.change('report.recheck', 'region_file', () => {
    record(store, id, d, bytes);
    return { entityId: String(id), before: { verdict: row.verdict, problems: (JSON.parse(row.problems) as Problem[]).map((x) => x.code) }, after: auditAfter(row.file_name, d) };
  });
  return rowOf(id, row.file_name, d);
}

/** Checks a refused file again from its kept contents (after the trust list changed, say). */
export function recheckFile(store: ClpStore, id: number): ReportImportRow {
  const row = store.stmt('SELECT verdict, bytes, file_name FROM region_file WHERE id = ?').get(id) as { verdict: string; bytes: Buffer | null; file_name: string } | undefined;
  if (!row) throw new TellerError('not-found', 'There is no such file among the files received.');
  if (row.verdict !== 'refused') throw new TellerError('invalid-input', `${row.file_name} was not refused, so there is nothing to check again.`);
  if (row.bytes === null) throw new TellerError('invalid-input', `The contents of ${row.file_name} were not kept (too large, or older refused files filled the space kept for them): choose the file again to check it.`);
  return recheckWith(store, id, row.bytes);
}

// ---------------------------------------------------------------- what the officer sees

interface RevisionRow {
  id: number;
  file_id: number;
  clp_key: string;
  clp: string;
  ballot_id: string;
  revision: number;
  status: string;
  issued_at: string;
  key_id: string;
  version: number;
  payload: string;
}

interface FileRow {
  id: number;
  file_name: string;
  received_at: string;
  checked_at: string;
  size: number | null;
  verdict: ReceivedFile['verdict'];
  problems: string;
  version: number | null;
  ballot_id: string | null;
  clp: string | null;
  clp_key: string | null;
  revision: number | null;
  status: string | null;
  key_id: string | null;
  kept: number;
}

const FILE_COLUMNS = 'id, file_name, received_at, checked_at, size, verdict, problems, version, ballot_id, clp, clp_key, revision, status, key_id, bytes IS NOT NULL AS kept';

function receivedOf(f: FileRow): ReceivedFile {
  const problems = JSON.parse(f.problems) as Problem[];
  return {
    id: f.id,
    fileName: f.file_name,
    receivedAt: f.received_at,
    checkedAt: f.checked_at,
    size: f.size,
    verdict: f.verdict,
    codes: [...new Set(problems.map((p) => p.code))],
    problems,
    version: f.version,
    ballotId: f.ballot_id,
    clp: f.clp,
    revision: f.revision,
    status: f.status,
    keyId: f.key_id,
    canRecheck: f.verdict === 'refused' && f.kept === 1,
  };
}

/** Every file received, newest first, with its verdict and reasons. */
export function receivedFiles(store: ClpStore): ReceivedFile[] {
  return (store.db.prepare(`SELECT ${FILE_COLUMNS} FROM region_file ORDER BY id DESC`).all() as FileRow[]).map(receivedOf);
}

const isRevoked = (store: ClpStore, key: string, keyId: string) => {
  const r = store.stmt('SELECT revoked_at FROM region_trusted_key WHERE clp_key = ? AND key_id = ?').get(key, keyId) as { revoked_at: string | null } | undefined;
  return r?.revoked_at != null;
};

/** The revision that stands for a ballot: the latest final one if there is one, else the latest. */
const CURRENT = `SELECT r.* FROM region_revision r WHERE r.id = (
  SELECT x.id FROM region_revision x WHERE x.clp_key = r.clp_key AND x.ballot_id = r.ballot_id ORDER BY x.status = 'final' DESC, x.revision DESC LIMIT 1)`;

/** Every file received for a ballot from its CLP (or any CLP, before one is bound), oldest first. */
function filesOf(store: ClpStore, ballotId: string, key: string): FileRow[] {
  return store.db.prepare(`SELECT ${FILE_COLUMNS} FROM region_file WHERE ballot_id = ? AND clp_key = ? ORDER BY id`).all(ballotId, key) as FileRow[];
}

/** Every CLP's ballot with the revision that stands, counted as the secretary's dashboard counts. */
export function regionOverview(store: ClpStore): RegionRow[] {
  const rows = store.db.prepare(`${CURRENT} ORDER BY r.clp_key, r.ballot_id`).all() as RevisionRow[];
  return rows.map((r) => {
    const f = reportFigures(JSON.parse(r.payload) as StoredPayload, r.version);
    return {
      ballotId: r.ballot_id,
      clp: r.clp,
      revision: r.revision,
      status: r.status,
      issuedAt: r.issued_at,
      version: r.version,
      standing: r.status === 'final' ? 'final' : f.certain === true ? 'interim' : 'undecided',
      certain: f.certain,
      triggered: f.triggered,
      share: f.share,
      threshold: f.threshold,
      method: f.method,
      branchesReporting: f.branches.reported,
      branchesPending: f.branches.pending,
      branches: f.branches.units,
      affiliatesReporting: f.affiliates.reported,
      affiliatesPending: f.affiliates.pending,
      affiliates: f.affiliates.units,
      complaints: f.complaints.total,
      openComplaints: f.complaints.open,
      keyId: r.key_id,
      revokedKey: isRevoked(store, r.clp_key, r.key_id),
      history: filesOf(store, r.ballot_id, r.clp_key).map((h) => ({
        fileId: h.id,
        fileName: h.file_name,
        revision: h.revision,
        status: h.status,
        verdict: h.verdict,
        accepted: h.verdict === 'accepted' || h.verdict === 'flagged',
        importedAt: h.checked_at,
      })),
    };
  });
}

/** Files refused, newest first (the overview's list of what was kept out of the totals). */
export function refusedReports(store: ClpStore): { fileName: string; clp: string | null; revision: number | null; problems: Problem[]; importedAt: string }[] {
  return receivedFiles(store)
    .filter((f) => f.verdict === 'refused')
    .map((f) => ({ fileName: f.fileName, clp: f.clp, revision: f.revision, problems: f.problems, importedAt: f.checkedAt }));
}

/** One CLP's ballot in full: the revision that stands, unit by unit, and every revision received with its verdict and history. */
export function regionClp(store: ClpStore, ballotId: string): RegionClp {
  const r = store.db.prepare(`${CURRENT} AND r.ballot_id = ?`).get(ballotId) as RevisionRow | undefined;
  if (!r) throw new TellerError('not-found', 'No report of that ballot has been accepted.');
  const p = JSON.parse(r.payload) as StoredPayload;
  const f = reportFigures(p, r.version);
  const accepted = store.db.prepare('SELECT file_id, revision, issued_at, version, history_entries, history_head FROM region_revision WHERE ballot_id = ? AND clp_key = ? ORDER BY revision').all(ballotId, r.clp_key) as {
    file_id: number; revision: number; issued_at: string; version: number; history_entries: number | null; history_head: string | null;
  }[];
  const byFile = new Map(accepted.map((a, i) => [a.file_id, { a, before: accepted[i - 1] }]));
  return {
    ballotId,
    clp: r.clp,
    code: p.clp.code,
    mp: p.mp.name,
    freezeDate: p.freezeDate,
    rules: { id: p.rules.id, method: p.rules.method, threshold: p.rules.threshold, base: p.rules.base, tie: p.rules.tie },
    revision: r.revision,
    status: r.status,
    issuedAt: r.issued_at,
    version: r.version,
    keyId: r.key_id,
    revokedKey: isRevoked(store, r.clp_key, r.key_id),
    outcome: { triggered: f.triggered, share: f.share, certain: f.certain, branches: f.branches.counts, affiliates: f.affiliates.counts },
    reported: { branches: { reported: f.branches.reported, pending: f.branches.pending, units: f.branches.units }, affiliates: { reported: f.affiliates.reported, pending: f.affiliates.pending, units: f.affiliates.units } },
    branches: p.branches.map((b) => ({
      name: b.name,
      result: b.result,
      noVoteReason: b.noVoteReason ?? null,
      meeting: b.meeting && {
        date: b.meeting.date,
        quorate: b.meeting.quorate,
        attendance: b.meeting.attendance,
        eligibleAttendance: b.meeting.eligibleAttendance,
        votes: b.meeting.votes,
        versions: b.meeting.versions ?? null,
        corrected: b.meeting.versions === undefined ? null : b.meeting.versions > 1,
      },
    })),
    affiliates: p.affiliates.map((a) => ({
      name: a.name,
      kind: a.kind,
      result: a.result,
      noVoteReason: a.noVoteReason ?? null,
      eligible: a.eligible ?? null,
      ineligibleReason: a.ineligibleReason ?? null,
      decision: a.decision ?? null,
    })),
    complaints: { total: p.complaints.total, open: p.complaints.open, byCategory: p.complaints.byCategory },
    register: p.register,
    revisions: filesOf(store, ballotId, r.clp_key).map((file) => {
      const held = byFile.get(file.id);
      const entries = held?.a.history_entries ?? null;
      const prev = held?.before;
      let continuity: RegionClp['revisions'][number]['continuity'] = null;
      if (held) {
        if (entries === null) continuity = { state: 'not-available', previous: null, added: null, message: 'A version 1 report carries no history links.' };
        else if (!prev) continuity = { state: 'first', previous: null, added: null, message: `The first revision received: ${entries} entries of the CLP's record.` };
        else if (prev.history_entries === null) continuity = { state: 'not-available', previous: prev.revision, added: null, message: `Revision ${prev.revision} is version 1, so there is no history to compare.` };
        else {
          // Checked when it was accepted: its history begins with every earlier revision's.
          const added = entries - prev.history_entries;
          continuity = { state: 'extends', previous: prev.revision, added, message: `Extends revision ${prev.revision}: its record was only added to (${added} ${added === 1 ? 'entry' : 'entries'} more).` };
        }
      }
      return {
        ...receivedOf(file),
        issuedAt: held?.a.issued_at ?? null,
        history: entries === null ? null : { entries, head: held?.a.history_head ?? null },
        continuity,
      };
    }),
  };
}
