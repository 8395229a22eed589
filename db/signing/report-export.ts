import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import { TellerError } from '../../shared/errors';
import type { ExportedReportInfo, ReportChecklist } from '../../shared/api';
import { FINAL_WORD } from '../../shared/api/signing';
import { ukToday } from '../../shared/time';
import type { MeetingRecord } from '../../shared/meetings';
import { countWithPending, outcomeCertainty, shareText, type ReportedResult, type UnitResult } from '../../shared/outcome';
import {
  SIGNED_PREFIX,
  SIGNED_PREFIX_V2,
  type AnyReportEnvelope,
  type NoVoteReason,
  type ReportEnvelope,
  type ReportEnvelopeV2,
  type ReportPayloadV1,
  type ReportPayloadV2,
} from '../../shared/report/report-schema';
import { parseRules } from '../../shared/rules';
import { auditHead } from '../store/audit';
import { readBallot } from '../setup/ballot';
import { readClp } from '../setup/clp';
import { affiliates, branches } from '../setup/units';
import type { ClpStore } from '../store/clp-store';
import { complaintCounts } from '../complaints/complaints';
import { compareLogWithTables, differencesSentence } from '../audit/rebuild';
import { signBytes } from './keys';
import { chainHead } from './verify-report';
import type { KeyObject } from 'node:crypto';

/**
 * Why a unit has no vote (report-v2 section 2.1), from what the store records. `retaken`
 * marks a tie that stood after the vote was taken again and is recorded as no vote: the
 * store does not record that yet (the rules work of issue 14 will), so no caller sets it.
 */
export function noVoteReasonFor(unit: {
  kind: 'branch' | 'affiliate';
  result: UnitResult | null;
  status: 'interim' | 'final';
  eligible?: boolean;
  /** The branch's latest meeting (withdrawn ones aside) and whether its closed record was quorate. */
  meeting?: { state: string; quorate: boolean | null } | null;
  retaken?: boolean;
}): { result: ReportedResult; noVoteReason: NoVoteReason | null } {
  if (unit.kind === 'affiliate' && unit.eligible === false) return { result: 'no-vote', noVoteReason: 'ineligible' };
  if (unit.result === null) return unit.status === 'interim' ? { result: 'pending', noVoteReason: null } : { result: 'no-vote', noVoteReason: 'did-not-report' };
  if (unit.result !== 'no-vote') return { result: unit.result, noVoteReason: null };
  if (unit.retaken) return { result: 'no-vote', noVoteReason: 'tied-after-retake' };
  const m = unit.meeting;
  if (m?.state === 'not-held') return { result: 'no-vote', noVoteReason: 'not-held' };
  if (m?.state === 'abandoned') return { result: 'no-vote', noVoteReason: 'abandoned' };
  if (m?.state === 'closed' && m.quorate === false) return { result: 'no-vote', noVoteReason: 'inquorate' };
  // No vote without a meeting that says why: the affiliate's decision, or a branch's result
  // set by hand with its reason, was not to nominate.
  return { result: 'no-vote', noVoteReason: 'declined' };
}

/** The audit chain as a report gives it (report-v2 section 2.5): every entry's link, and their head. */
function historyOf(store: ClpStore): ReportPayloadV2['history'] {
  const links = (store.db.prepare('SELECT link FROM audit_entry ORDER BY seq').all() as { link: string }[]).map((r) => r.link);
  const recorded = auditHead(store.db);
  const head = chainHead(links);
  if (links.length !== recorded.entries || head !== recorded.head) {
    throw new TellerError('record-differs', 'This report cannot be exported, because the audit trail does not chain to its recorded head: run "teller audit verify" to see where it breaks.', 'status');
  }
  return { entries: links.length, head, links };
}

/** The payload of report-v2 from the store: counts and results, never a member's identity. */
function buildPayload(store: ClpStore, status: 'interim' | 'final', revision: number, issuedAt: string): ReportPayloadV2 {
  const clp = readClp(store);
  const ballot = readBallot(store);
  if (!clp || !ballot) throw new TellerError('no-ballot', 'Set up the CLP and its ballot before exporting a report.');
  const meetings = store.db
    .prepare(
      `SELECT m.id, m.branch_id, m.date, v.record, v.figures, v.version AS versions FROM meeting m
       JOIN meeting_version v ON v.meeting_id = m.id AND v.version = (SELECT MAX(version) FROM meeting_version WHERE meeting_id = m.id)
       WHERE m.ballot_id = ? AND m.state = 'closed' ORDER BY m.date`,
    )
    .all(ballot.id) as { id: number; branch_id: number; date: string; record: string; figures: string; versions: number }[];
  type Figures = { attendance: number; eligibleAttendance: number; overrides?: number; quorate: boolean };
  // Withdrawn units are left out of the report: they are not part of the count.
  const branchRows = branches(store)
    .filter((b) => !b.withdrawn)
    .map((b) => {
      const m = meetings.filter((x) => x.branch_id === b.id).at(-1);
      const record = m ? (JSON.parse(m.record) as MeetingRecord) : null;
      const figures = m ? (JSON.parse(m.figures) as Figures) : null;
      const latest = b.meeting ? { state: b.meeting.state, quorate: b.meeting.id === m?.id && figures ? figures.quorate : null } : null;
      const { result, noVoteReason } = noVoteReasonFor({ kind: 'branch', result: b.result, status, meeting: latest });
      // One figure for who may vote: members admitted on the chair's override vote too.
      return {
        name: b.name,
        result,
        noVoteReason,
        meeting:
          m && record && figures
            ? { date: m.date, quorate: figures.quorate, attendance: figures.attendance, eligibleAttendance: figures.eligibleAttendance + (figures.overrides ?? 0), versions: m.versions, votes: record.votes }
            : null,
      };
    });
  // Ineligible affiliates are listed, with their reason, and never counted.
  const affiliateRows = affiliates(store)
    .filter((a) => !a.withdrawn)
    .map((a) => {
      const { result, noVoteReason } = noVoteReasonFor({ kind: 'affiliate', result: a.result, status, eligible: a.eligible });
      return {
        name: a.name,
        kind: a.kind,
        result,
        noVoteReason,
        eligible: a.eligible,
        ineligibleReason: a.eligible ? null : a.ineligibleReason?.trim() || 'No reason was recorded.',
        // Late: received after the ballot closed, the deadline the ballot stores.
        decision: a.decision ? { receivedOn: a.decision.receivedOn, late: a.decision.receivedOn > ballot.closesOn } : null,
      };
    });
  const branchCounts = countWithPending(branchRows.map((b) => b.result));
  const affiliateCounts = countWithPending(affiliateRows.filter((a) => a.eligible).map((a) => a.result));
  const { soFar, certain } = outcomeCertainty(parseRules(ballot.rules), branchCounts, affiliateCounts);
  const complaints = complaintCounts(store);
  const snapshot = ballot.snapshotId
    ? (store.db.prepare('SELECT imported, sha256 FROM member_snapshot WHERE id = ?').get(ballot.snapshotId) as { imported: number; sha256: string } | undefined)
    : undefined;
  const desk = store.db
    .prepare(`SELECT c.outcome, COUNT(*) AS n FROM checkin c JOIN meeting m ON m.id = c.meeting_id WHERE m.ballot_id = ? GROUP BY c.outcome`)
    .all(ballot.id) as { outcome: string; n: number }[];
  const n = (o: string) => desk.find((d) => d.outcome === o)?.n ?? 0;
  const rules = { ...ballot.rules };
  return {
    ballotId: ballot.id,
    revision,
    status,
    issuedAt,
    clp: { name: clp.name, code: clp.code },
    mp: { name: clp.mpName },
    freezeDate: ballot.freezeDate,
    rules,
    branches: branchRows,
    affiliates: affiliateRows,
    outcome: { triggered: soFar.triggered, certain, branches: branchCounts, affiliates: affiliateCounts, share: shareText(soFar) },
    complaints: { total: complaints.total, open: complaints.byStatus.open ?? 0, byCategory: complaints.byCategory },
    register: {
      members: snapshot?.imported ?? 0,
      snapshotSha256: snapshot?.sha256 ?? null,
      checkedIn: n('admitted') + n('override') + n('provisional'),
      refused: n('refused'),
      overrides: n('override'),
    },
    history: historyOf(store),
  };
}

type SigningKeyParts = { keyId: string; publicKey: string; privateKey: KeyObject };

/**
 * Signs a payload: Ed25519 over "teller-report/2\n" and the payload's RFC 8785 form for a
 * version 2 payload (one with `history`), or over "teller-report/1\n" for a version 1
 * payload (kept for tests and synthetic reports; Teller writes version 2).
 */
export function signPayload(payload: ReportPayloadV2, key: SigningKeyParts): ReportEnvelopeV2;
export function signPayload(payload: ReportPayloadV1, key: SigningKeyParts): ReportEnvelope;
export function signPayload(payload: ReportPayloadV1 | ReportPayloadV2, key: SigningKeyParts): AnyReportEnvelope {
  const v2 = 'history' in payload;
  const message = Buffer.from((v2 ? SIGNED_PREFIX_V2 : SIGNED_PREFIX) + canonicalJson(payload), 'utf8');
  const signature = { algorithm: 'Ed25519' as const, publicKey: key.publicKey, keyId: key.keyId, value: signBytes(key.privateKey, message).toString('base64') };
  return v2 ? { format: 'teller-report', version: 2, payload, signature } : { format: 'teller-report', version: 1, payload, signature };
}

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'clp'
  );
}

/** What is not finished yet: shown, and confirmed, before a final report. */
export function reportChecklist(store: ClpStore): ReportChecklist {
  const ballot = readBallot(store);
  if (!ballot) throw new TellerError('no-ballot', 'Set up the ballot before exporting a report.');
  const pendingUnits = [
    ...branches(store).filter((b) => b.result === null && !b.withdrawn).map((b) => ({ unit: 'branch' as const, id: b.id, name: b.name })),
    ...affiliates(store).filter((a) => a.eligible && !a.withdrawn && a.result === null).map((a) => ({ unit: 'affiliate' as const, id: a.id, name: a.name })),
  ];
  const openMeetings = store.db
    .prepare(`SELECT m.id, b.name AS branch, m.date FROM meeting m JOIN branch b ON b.id = m.branch_id WHERE m.ballot_id = ? AND m.state = 'open' AND m.withdrawn_at IS NULL ORDER BY m.date, m.id`)
    .all(ballot.id) as { id: number; branch: string; date: string }[];
  const complaints = complaintCounts(store);
  const revisions = store.db
    .prepare(`SELECT MAX(revision) AS last, MAX(CASE WHEN status = 'final' THEN revision END) AS final FROM report_export WHERE ballot_id = ?`)
    .get(ballot.id) as { last: number | null; final: number | null };
  return {
    pendingUnits,
    openMeetings,
    openComplaints: (complaints.byStatus.open ?? 0) + (complaints.byStatus.referred ?? 0),
    closesOn: ballot.closesOn,
    ballotClosed: ukToday(new Date(store.stamp())) > ballot.closesOn,
    finalRevision: revisions.final,
    lastRevision: revisions.last,
  };
}

/** What a final report's audit entry keeps of the checklist the secretary confirmed. */
function checklistSummary(c: ReportChecklist) {
  return { pendingUnits: c.pendingUnits.map((u) => `${u.unit}:${u.id}`), openMeetings: c.openMeetings.map((m) => m.id), openComplaints: c.openComplaints, ballotClosed: c.ballotClosed };
}

/**
 * Refuses what may not be issued: a final report without the word FINAL typed, a corrected final
 * without its reason, and any interim once a final has been issued. Checked before the key is opened.
 */
export function checkExport(store: ClpStore, input: { status: 'interim' | 'final'; confirm?: string | undefined; reason?: string | undefined }): void {
  // The log is the record: a report is issued only from tables that the audit entries rebuild exactly.
  const { compared, differences } = compareLogWithTables(store.db);
  if (!compared) throw new TellerError('record-differs', "This report cannot be exported, because the store's tables could not be checked against its audit trail: they are marked as from an earlier version of Teller.", 'status');
  if (differences.length > 0) throw new TellerError('record-differs', differencesSentence(differences), 'status');
  const checklist = reportChecklist(store);
  if (input.status === 'interim') {
    if (checklist.finalRevision !== null) {
      throw new TellerError('report-final', `The final report (revision ${checklist.finalRevision}) has been issued, so an interim report can no longer follow it. To change what was reported, issue a corrected final report with its reason.`, 'status');
    }
    return;
  }
  if ((input.confirm ?? '').trim() !== FINAL_WORD) {
    throw new TellerError('confirmation-mismatch', `Type ${FINAL_WORD} to confirm that this report is final.`, 'confirm');
  }
  if (checklist.finalRevision !== null && (input.reason ?? '').trim() === '') {
    throw new TellerError('report-final', `A final report (revision ${checklist.finalRevision}) has already been issued: say why this corrected final revision is needed.`, 'reason');
  }
}

/** Issues the next revision of the ballot's report, signed, and records it in the audit trail. */
export function exportReport(
  store: ClpStore,
  input: { status: 'interim' | 'final'; confirm?: string | undefined; reason?: string | undefined },
  key: { keyId: string; publicKey: string; privateKey: KeyObject },
): ExportedReportInfo {
  const { status } = input;
  const ballot = readBallot(store);
  if (!ballot) throw new TellerError('no-ballot', 'Set up the ballot before exporting a report.');
  let exported: ExportedReportInfo | null = null;
  store.change('report.export', 'report', () => {
    checkExport(store, input); // again inside the transaction, so nothing can slip in between
    const checklist = reportChecklist(store);
    // After a RESTORE to before a report, its head is still recorded (carried over): the next revision follows it.
    const last = store.db
      .prepare('SELECT MAX(r) AS r FROM (SELECT MAX(revision) AS r FROM report_export WHERE ballot_id = ? UNION ALL SELECT MAX(revision) FROM issued_head WHERE ballot_id = ?)')
      .get(ballot.id, ballot.id) as { r: number | null };
    const revision = (last.r ?? 0) + 1;
    // The history in the report is the chain as it stands before this export's own entry.
    const payload = buildPayload(store, status, revision, store.stamp());
    const envelope = signPayload(payload, key);
    const json = `${JSON.stringify(envelope, null, 2)}\n`;
    const sha256 = createHash('sha256').update(json, 'utf8').digest('hex');
    store.db.prepare('INSERT INTO report_export (ballot_id, revision, status, issued_at, key_id, sha256) VALUES (?, ?, ?, ?, ?, ?)').run(ballot.id, revision, status, payload.issuedAt, key.keyId, sha256);
    // What the report was issued from, kept so a later rewrite of those entries is caught.
    store.db.prepare('INSERT INTO issued_head (ballot_id, revision, entries, head) VALUES (?, ?, ?, ?)').run(ballot.id, revision, payload.history.entries, payload.history.head);
    exported = { fileName: `${slug(payload.clp.name)}-r${revision}.teller.json`, json, sha256, revision, keyId: key.keyId };
    const after =
      status === 'final'
        ? {
            revision, status, sha256, keyId: key.keyId, auditHead: payload.history.head,
            confirmed: FINAL_WORD,
            checklist: checklistSummary(checklist),
            ...(checklist.finalRevision !== null ? { corrects: checklist.finalRevision, reason: (input.reason ?? '').trim() } : {}),
          }
        : { revision, status, sha256, keyId: key.keyId, auditHead: payload.history.head };
    return { entityId: `${ballot.id}/${revision}`, before: null, after };
  });
  if (!exported) throw new Error('the export did not run');
  return exported;
}
