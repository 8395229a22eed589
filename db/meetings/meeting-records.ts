import type { Complaint, MeetingSummary, MeetingView } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { TellerError } from '../../shared/errors';
import { isQuorate, meetingProblems, meetingResult, quorumRequired, retakeProblem, sameRecord, storedRecord, voteWindowTimetableProblem, type MeetingRecord, type MeetingState, type QuorumRule } from '../../shared/meetings';
import { eligibilityAt } from '../../shared/lists/eligibility';
import type { MemberStatus } from '../../shared/lists/member-rows';
import { readBallot, requireBallot } from '../setup/ballot';
import { branches } from '../setup/units';
import { textDigest } from '../store/audit';
import type { ClpStore } from '../store/clp-store';
import { complaintsAbout } from '../complaints/complaints';

type Figures = MeetingView['versions'][number]['figures'];

interface MeetingRow {
  id: number;
  ballot_id: string;
  branch_id: number;
  branch: string;
  date: string;
  state: MeetingState;
  draft: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  format: 'in-person' | 'online';
}

/*
 * Branch meetings: the record of each, checked figures, the derived result, and versions.
 * Closing freezes who was entitled, present and voting; a correction after that needs a
 * reason and becomes a new version; the branch's result follows the latest version.
 */

function meetingRow(store: ClpStore, meetingId: number): MeetingRow {
  const row = store.db
    .prepare('SELECT m.id, m.ballot_id, m.branch_id, b.name AS branch, m.date, m.state, m.draft, m.withdrawn_at, m.withdrawn_reason, m.format FROM meeting m JOIN branch b ON b.id = m.branch_id WHERE m.id = ?')
    .get(meetingId) as MeetingRow | undefined;
  if (!row) throw new TellerError('not-found', 'That meeting no longer exists.');
  return row;
}

/** The meeting, refused if it was withdrawn: nothing more is recorded against a withdrawn meeting. */
function liveMeetingRow(store: ClpStore, meetingId: number): MeetingRow {
  const row = meetingRow(store, meetingId);
  if (row.withdrawn_at) throw new TellerError('meeting-closed', `This meeting was withdrawn (${row.withdrawn_reason ?? ''}): nothing more can be recorded against it.`);
  return row;
}

/** The branch's meeting on that date that has not been withdrawn, if any. */
export function findMeeting(store: ClpStore, ballotId: string, branchId: number, date: string): number | null {
  const row = store.db.prepare('SELECT id FROM meeting WHERE ballot_id = ? AND branch_id = ? AND date = ? AND withdrawn_at IS NULL').get(ballotId, branchId, date) as { id: number } | undefined;
  return row?.id ?? null;
}

export function listMeetings(store: ClpStore): MeetingSummary[] {
  const ballot = readBallot(store);
  if (!ballot) return [];
  const rows = store.db
    .prepare(
      `SELECT m.id, m.branch_id, b.name AS branch, m.date, m.state, r.result FROM meeting m JOIN branch b ON b.id = m.branch_id
       LEFT JOIN unit_result r ON r.branch_id = m.branch_id AND r.ballot_id = m.ballot_id
       WHERE m.ballot_id = ? AND m.withdrawn_at IS NULL ORDER BY b.name_key, m.date`,
    )
    .all(ballot.id) as { id: number; branch_id: number; branch: string; date: string; state: string; result: MeetingSummary['result'] }[];
  return rows.map((r) => ({ id: r.id, branchId: r.branch_id, branch: r.branch, date: r.date, state: r.state, result: r.state === 'open' ? null : r.result }));
}

/** A meeting of a branch on a date, within the ballot's timetable. */
export function scheduleMeeting(store: ClpStore, branchId: number, date: string): number {
  const ballot = requireBallot(store);
  const branch = branches(store).find((b) => b.id === branchId);
  if (!branch) throw new TellerError('not-found', 'That branch no longer exists.');
  if (branch.withdrawn) throw new TellerError('unit-withdrawn', `${branch.name} was withdrawn (${branch.withdrawn.reason}), so no meeting can be recorded for it.`, 'branchId');
  if (date < ballot.opensOn) throw new TellerError('invalid-dates', `A meeting cannot be before branch meetings open (${formatUkDate(ballot.opensOn)}).`, 'date');
  if (date > ballot.closesOn) throw new TellerError('invalid-dates', `A meeting cannot be after the ballot closes (${formatUkDate(ballot.closesOn)}).`, 'date');
  const existing = findMeeting(store, ballot.id, branchId, date);
  if (existing) return existing;
  let id = 0;
  store.change('meeting.open', 'meeting', () => {
    id = Number(store.db.prepare('INSERT INTO meeting (ballot_id, branch_id, date) VALUES (?, ?, ?)').run(ballot.id, branchId, date).lastInsertRowid);
    return { entityId: String(id), before: null, after: { branchId, branch: branch.name, date } };
  });
  return id;
}

function liveDeskFigures(store: ClpStore, meetingId: number) {
  const rows = store.db.prepare('SELECT outcome, COUNT(*) AS n FROM checkin WHERE meeting_id = ? GROUP BY outcome').all(meetingId) as { outcome: string; n: number }[];
  const n = (o: string) => rows.find((r) => r.outcome === o)?.n ?? 0;
  return { attendance: n('admitted') + n('override') + n('provisional'), eligibleAttendance: n('admitted'), refused: n('refused'), overrides: n('override') };
}

/** Members of the branch eligible by the ballot's rules on the list it uses (null without a list). */
function entitledMembers(store: ClpStore, branch: string): number | null {
  const ballot = requireBallot(store);
  if (!ballot.snapshotId) return null;
  const members = store.db.prepare('SELECT join_date AS joinDate, continuous_since AS continuousSince, status, branch FROM member WHERE snapshot_id = ?').all(ballot.snapshotId) as {
    joinDate: string;
    continuousSince: string | null;
    status: MemberStatus;
    branch: string;
  }[];
  if (members.length === 0) return null;
  const settings = { ...ballot.eligibility, freezeDate: ballot.freezeDate, registerRequired: false };
  return members.filter((m) => eligibilityAt(m, settings, branch, null).eligible).length;
}

/** The figures a record gives: attendance from the desk or as typed, quorum and result. */
function recordFigures(store: ClpStore, row: MeetingRow, record: MeetingRecord, frozen: Figures | null): Figures {
  const ballot = requireBallot(store);
  const desk = record.attendanceSource === 'desk' ? (frozen ?? { ...liveDeskFigures(store, row.id) }) : null;
  const attendance = desk ? desk.attendance : record.attendance;
  const eligibleAttendance = desk ? desk.eligibleAttendance : record.eligibleAttendance;
  const overrides = desk ? desk.overrides : record.overrides;
  const entitled = frozen ? frozen.entitled : entitledMembers(store, row.branch);
  const required = quorumRequired(ballot.quorum, entitled);
  if (required === null) {
    throw new TellerError('invalid-input', 'The quorum is a percentage of eligible members, but no membership list gives the number. Import the list, or set the quorum as a number.');
  }
  const quorate = isQuorate(eligibleAttendance, overrides, required);
  const checked = { ...record, attendance, eligibleAttendance, overrides };
  const problem = meetingProblems(checked)[0] ?? voteWindowTimetableProblem(record.voteWindow, row.date, ballot.closesOn, formatUkDate) ?? (quorate ? retakeProblem(record, ballot.settings.tieProcedure) : null);
  if (problem) throw new TellerError('invalid-input', problem.message, problem.field);
  const voting = record.votes.selection + record.votes.reselect + record.votes.abstain + record.votes.spoilt;
  const { result, noVoteReason } = meetingResult(record, quorate, ballot.settings.tieProcedure);
  return { attendance, eligibleAttendance, overrides, entitled, quorumRequired: required, quorate, voting, result, noVoteReason };
}

/** Figures as stored: those frozen before overrides were counted apart have none, and those frozen before reasons were kept have none. */
function storedFigures(json: string): Figures {
  const f = JSON.parse(json) as Omit<Figures, 'overrides' | 'noVoteReason'> & { overrides?: number; noVoteReason?: Figures['noVoteReason'] };
  return { overrides: 0, ...f, noVoteReason: f.noVoteReason ?? (f.result === 'no-vote' && !f.quorate && f.quorumRequired !== null ? 'inquorate' : null) };
}

function latestVersion(store: ClpStore, meetingId: number): { version: number; figures: Figures } | null {
  const row = store.db.prepare('SELECT version, figures FROM meeting_version WHERE meeting_id = ? ORDER BY version DESC LIMIT 1').get(meetingId) as { version: number; figures: string } | undefined;
  return row ? { version: row.version, figures: storedFigures(row.figures) } : null;
}

function setBranchResult(store: ClpStore, row: MeetingRow, result: Figures['result']): void {
  store.db.prepare('DELETE FROM unit_result WHERE ballot_id = ? AND branch_id = ?').run(row.ballot_id, row.branch_id);
  store.db.prepare('INSERT INTO unit_result (ballot_id, branch_id, result, recorded_at) VALUES (?, ?, ?, ?)').run(row.ballot_id, row.branch_id, result, store.stamp());
}

function addVersion(store: ClpStore, row: MeetingRow, state: 'closed' | 'not-held' | 'abandoned', record: MeetingRecord | null, figures: Figures, reason: string | null): number {
  const version = (latestVersion(store, row.id)?.version ?? 0) + 1;
  store.db
    .prepare('INSERT INTO meeting_version (meeting_id, version, at, state, record, figures, reason) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(row.id, version, store.stamp(), state, record && JSON.stringify(record), JSON.stringify(figures), reason);
  store.db.prepare('UPDATE meeting SET state = ? WHERE id = ?').run(state, row.id);
  setBranchResult(store, row, figures.result);
  return version;
}

/** A meeting record as the audit chain holds it: the names of those who ran it and the notes only as their SHA-256. */
function auditRecord(r: MeetingRecord): MeetingRecord | Record<string, unknown> {
  return { ...r, chair: textDigest(r.chair), secretary: textDigest(r.secretary), others: textDigest(r.others), notes: textDigest(r.notes) };
}

/** Refuses a meeting of a withdrawn branch: nothing more is recorded for a withdrawn branch. */
function refuseWithdrawnBranch(store: ClpStore, row: MeetingRow): void {
  const branch = branches(store).find((b) => b.id === row.branch_id);
  if (branch?.withdrawn) throw new TellerError('unit-withdrawn', `${branch.name} was withdrawn (${branch.withdrawn.reason}), so nothing more can be recorded for it.`);
}

/** Refuses a meeting whose date the timetable no longer covers (the timetable was changed after it was scheduled). */
function refuseOutsideTimetable(store: ClpStore, row: MeetingRow): void {
  const ballot = requireBallot(store);
  if (row.date < ballot.opensOn) {
    throw new TellerError('invalid-dates', `This meeting (${formatUkDate(row.date)}) is before branch meetings open (${formatUkDate(ballot.opensOn)}): withdraw it, or change the timetable with a reason.`, 'date');
  }
  if (row.date > ballot.closesOn) {
    throw new TellerError('invalid-dates', `This meeting (${formatUkDate(row.date)}) is after the ballot closes (${formatUkDate(ballot.closesOn)}): withdraw it, or change the timetable with a reason.`, 'date');
  }
}

/**
 * Saves the record of an open meeting, checked as the meeting page checks it: the meeting is
 * open and within the timetable, and the figures hold (with the door desk's counts when the
 * attendance comes from the desk).
 */
export function saveMeetingDraft(store: ClpStore, meetingId: number, record: MeetingRecord): void {
  const row = liveMeetingRow(store, meetingId);
  if (row.state !== 'open') throw new TellerError('meeting-closed', 'This meeting is closed. To change its record, make a correction with a reason.');
  refuseWithdrawnBranch(store, row);
  refuseOutsideTimetable(store, row);
  const desk = record.attendanceSource === 'desk' ? liveDeskFigures(store, meetingId) : null;
  const problem =
    meetingProblems(desk ? { ...record, attendance: desk.attendance, eligibleAttendance: desk.eligibleAttendance, overrides: desk.overrides } : record)[0] ??
    voteWindowTimetableProblem(record.voteWindow, row.date, requireBallot(store).closesOn, formatUkDate);
  if (problem) throw new TellerError('invalid-input', problem.message, problem.field);
  store.change('meeting.draft', 'meeting', () => {
    store.db.prepare('UPDATE meeting SET draft = ? WHERE id = ?').run(JSON.stringify(record), meetingId);
    return { entityId: String(meetingId), before: row.draft && auditRecord(JSON.parse(row.draft) as MeetingRecord), after: auditRecord(record) };
  });
}


const NOT_RECORDED = 'Record the meeting (chair, attendance and the vote) before closing it.';

/** Closes the meeting on its saved record; `shown`, the record on screen, must be the one saved. */
export function closeMeeting(store: ClpStore, meetingId: number, shown?: MeetingRecord): void {
  const row = liveMeetingRow(store, meetingId);
  if (row.state !== 'open') throw new TellerError('meeting-closed', `This meeting was already ${row.state === 'closed' ? 'closed' : `marked ${row.state}`}. To change it, make a correction with a reason.`);
  refuseWithdrawnBranch(store, row);
  if (!row.draft) throw new TellerError('invalid-input', NOT_RECORDED, 'close');
  const record = storedRecord(row.draft);
  if (shown && !sameRecord(shown, record)) {
    throw new TellerError('unsaved-edits', 'The record has changes that are not saved. Save the record (or undo the changes) before closing the meeting.', 'close');
  }
  const figures = recordFigures(store, row, record, null);
  store.change('meeting.close', 'meeting', () => {
    const version = addVersion(store, row, 'closed', record, figures, null);
    return { entityId: String(meetingId), before: { state: 'open' }, after: { state: 'closed', version, record: auditRecord(record), figures } };
  });
}

export function correctMeeting(store: ClpStore, meetingId: number, record: MeetingRecord, reason: string): void {
  const row = liveMeetingRow(store, meetingId);
  if (row.state === 'open') throw new TellerError('invalid-input', 'This meeting is still open: change its record and close it.');
  if (reason.trim() === '') throw new TellerError('invalid-input', 'Say why the record is being corrected: the reason is kept with both versions.', 'reason');
  refuseWithdrawnBranch(store, row);
  const previous = latestVersion(store, meetingId);
  // Who was entitled, and who was present at the desk, stay as frozen at closing.
  const figures = recordFigures(store, row, record, previous?.figures ?? null);
  store.change('meeting.correct', 'meeting', () => {
    const version = addVersion(store, row, 'closed', record, figures, reason.trim());
    return { entityId: String(meetingId), before: previous, after: { version, record: auditRecord(record), figures, reason: textDigest(reason.trim()) } };
  });
}

export function markMeeting(store: ClpStore, meetingId: number, state: 'not-held' | 'abandoned', reason: string): void {
  const row = liveMeetingRow(store, meetingId);
  if (reason.trim() === '') throw new TellerError('invalid-input', `Say why the meeting was ${state === 'not-held' ? 'not held' : 'abandoned'}.`, 'reason');
  if (row.state === 'closed') {
    throw new TellerError('meeting-closed', `This meeting was closed with its vote recorded, so it cannot now be marked ${state === 'not-held' ? 'not held' : 'abandoned'}. To change its record, make a correction with a reason.`, 'reason');
  }
  if (row.state === state) throw new TellerError('meeting-closed', `This meeting is already marked ${state === 'not-held' ? 'not held' : 'abandoned'}.`);
  const desk = liveDeskFigures(store, meetingId);
  const figures: Figures = { attendance: desk.attendance, eligibleAttendance: desk.eligibleAttendance, overrides: desk.overrides, entitled: null, quorumRequired: null, quorate: false, voting: 0, result: 'no-vote', noVoteReason: state };
  store.change(`meeting.${state}`, 'meeting', () => {
    const version = addVersion(store, row, state, null, figures, reason.trim());
    // The figures it freezes, so the log alone rebuilds this version (docs/audit-rebuild.md).
    return { entityId: String(meetingId), before: { state: row.state }, after: { state, version, reason: textDigest(reason.trim()), figures } };
  });
}

/** A meeting opened by mistake (no one checked in, not closed): kept with the reason, out of the lists. */
export function withdrawMeeting(store: ClpStore, meetingId: number, reason: string): void {
  const row = liveMeetingRow(store, meetingId);
  if (reason.trim() === '') throw new TellerError('invalid-input', 'Say why the meeting is being withdrawn: the reason is kept with it.', 'reason');
  if (row.state !== 'open') throw new TellerError('meeting-closed', `This meeting was ${row.state === 'closed' ? 'closed' : `marked ${row.state}`}, so it is part of the record: it cannot be withdrawn. Correct it with a reason instead.`, 'reason');
  const checkins = (store.db.prepare('SELECT COUNT(*) AS n FROM checkin WHERE meeting_id = ?').get(meetingId) as { n: number }).n;
  if (checkins > 0) {
    throw new TellerError('meeting-has-checkins', `${checkins} ${checkins === 1 ? 'person was' : 'people were'} checked in at this meeting, so it took place: mark it not held or abandoned instead.`, 'reason');
  }
  const at = store.stamp();
  store.change('meeting.withdraw', 'meeting', () => {
    store.db.prepare('UPDATE meeting SET withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?').run(at, reason.trim(), meetingId);
    return { entityId: String(meetingId), before: { branchId: row.branch_id, date: row.date, state: row.state }, after: { withdrawnAt: at, reason: textDigest(reason.trim()) } };
  });
}

/** What closing now would freeze, or why it cannot close; nothing once it is closed. */
function closingPreview(store: ClpStore, row: MeetingRow): MeetingView['closing'] {
  if (row.state !== 'open' || row.withdrawn_at) return { figures: null, problem: null };
  if (!row.draft) return { figures: null, problem: NOT_RECORDED };
  try {
    return { figures: recordFigures(store, row, storedRecord(row.draft), null), problem: null };
  } catch (e) {
    if (e instanceof TellerError) return { figures: null, problem: e.message };
    throw e;
  }
}

function overrideAdmissions(store: ClpStore, meetingId: number): MeetingView['overrideAdmissions'] {
  const rows = store.db.prepare("SELECT at, reasons, note FROM checkin WHERE meeting_id = ? AND outcome = 'override' ORDER BY id").all(meetingId) as { at: string; reasons: string; note: string | null }[];
  return rows.map((r) => ({ at: r.at, reasons: JSON.parse(r.reasons) as string[], note: r.note }));
}

export function meetingView(store: ClpStore, meetingId: number): MeetingView {
  const row = meetingRow(store, meetingId);
  const ballot = requireBallot(store);
  const versions = (
    store.db.prepare('SELECT version, at, state, reason, record, figures FROM meeting_version WHERE meeting_id = ? ORDER BY version').all(meetingId) as {
      version: number;
      at: string;
      state: string;
      reason: string | null;
      record: string | null;
      figures: string;
    }[]
  ).map((v) => ({ version: v.version, at: v.at, state: v.state, reason: v.reason, record: v.record ? storedRecord(v.record) : null, figures: storedFigures(v.figures) }));
  const current = versions.at(-1);
  const record = row.state === 'open' ? (row.draft ? storedRecord(row.draft) : null) : (current?.record ?? null);
  const deskLive = liveDeskFigures(store, meetingId);
  const deskFigures = current && current.record?.attendanceSource === 'desk' ? { ...deskLive, attendance: current.figures.attendance, eligibleAttendance: current.figures.eligibleAttendance, overrides: current.figures.overrides } : deskLive;
  const entitled = current ? current.figures.entitled : entitledMembers(store, row.branch);
  return {
    id: row.id,
    branchId: row.branch_id,
    branch: row.branch,
    date: row.date,
    state: row.state,
    format: row.format,
    withdrawn: row.withdrawn_at ? { at: row.withdrawn_at, reason: row.withdrawn_reason ?? '' } : null,
    closing: closingPreview(store, row),
    record,
    deskFigures,
    overrideAdmissions: overrideAdmissions(store, meetingId),
    quorum: { rule: ballot.quorum, required: quorumRequired(ballot.quorum, entitled), entitled },
    tieProcedure: ballot.settings.tieProcedure,
    versions,
    history: store.auditLog(500).filter((e) => (e.entity === 'meeting' && e.entityId === String(meetingId)) || (e.entity === 'checkin' && (e.after as { meetingId?: number } | null)?.meetingId === meetingId)),
    complaints: complaintsAbout(store, meetingId) satisfies Complaint[],
  };
}

export function saveQuorum(store: ClpStore, rule: QuorumRule): void {
  const ballot = requireBallot(store);
  store.change('ballot.quorum', 'ballot', () => {
    store.db.prepare('UPDATE ballot SET quorum = ? WHERE id = ?').run(JSON.stringify(rule), ballot.id);
    return { entityId: ballot.id, before: ballot.quorum, after: rule };
  });
}
