import type { Complaint, MeetingSummary, MeetingView } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { TellerError } from '../../shared/errors';
import { utcInstant } from '../../shared/time';
import { branchResult, meetingProblems, quorumRequired, type MeetingRecord, type MeetingState, type QuorumRule } from '../../shared/meetings';
import { eligibilityAt } from '../../shared/register/eligibility';
import type { MemberStatus } from '../../shared/register/member-rows';
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
}

/**
 * Branch meetings: the record of each, checked figures, the derived result, and versions.
 * Closing freezes who was entitled, present and voting; a correction after that needs a
 * reason and becomes a new version; the branch's result follows the latest version.
 */
export class MeetingRecords {
  constructor(
    private readonly store: ClpStore,
    private readonly now: () => Date,
  ) {}

  private row(meetingId: number): MeetingRow {
    const row = this.store.db
      .prepare('SELECT m.id, m.ballot_id, m.branch_id, b.name AS branch, m.date, m.state, m.draft FROM meeting m JOIN branch b ON b.id = m.branch_id WHERE m.id = ?')
      .get(meetingId) as MeetingRow | undefined;
    if (!row) throw new TellerError('not-found', 'That meeting no longer exists.');
    return row;
  }

  private ballot() {
    const ballot = this.store.ballot();
    if (!ballot) throw new TellerError('no-ballot', 'Set up the trigger ballot first.');
    return ballot;
  }

  list(): MeetingSummary[] {
    const ballot = this.store.ballot();
    if (!ballot) return [];
    const rows = this.store.db
      .prepare(
        `SELECT m.id, m.branch_id, b.name AS branch, m.date, m.state, r.result FROM meeting m JOIN branch b ON b.id = m.branch_id
         LEFT JOIN unit_result r ON r.branch_id = m.branch_id AND r.ballot_id = m.ballot_id
         WHERE m.ballot_id = ? ORDER BY b.name_key, m.date`,
      )
      .all(ballot.id) as { id: number; branch_id: number; branch: string; date: string; state: string; result: MeetingSummary['result'] }[];
    return rows.map((r) => ({ id: r.id, branchId: r.branch_id, branch: r.branch, date: r.date, state: r.state, result: r.state === 'open' ? null : r.result }));
  }

  /** A meeting of a branch on a date, within the ballot's timetable. */
  schedule(branchId: number, date: string): number {
    const ballot = this.ballot();
    const branch = this.store.branches().find((b) => b.id === branchId);
    if (!branch) throw new TellerError('not-found', 'That branch no longer exists.');
    if (date < ballot.freezeDate) throw new TellerError('invalid-dates', `A meeting cannot be before the freeze date (${formatUkDate(ballot.freezeDate)}).`, 'date');
    if (date > ballot.closesOn) throw new TellerError('invalid-dates', `A meeting cannot be after the ballot closes (${formatUkDate(ballot.closesOn)}).`, 'date');
    const existing = this.store.db.prepare('SELECT id FROM meeting WHERE ballot_id = ? AND branch_id = ? AND date = ?').get(ballot.id, branchId, date) as { id: number } | undefined;
    if (existing) return existing.id;
    let id = 0;
    this.store.change('meeting.open', 'meeting', () => {
      id = Number(this.store.db.prepare('INSERT INTO meeting (ballot_id, branch_id, date) VALUES (?, ?, ?)').run(ballot.id, branchId, date).lastInsertRowid);
      return { entityId: String(id), before: null, after: { branchId, branch: branch.name, date } };
    });
    return id;
  }

  private deskFigures(meetingId: number) {
    const rows = this.store.db.prepare('SELECT outcome, COUNT(*) AS n FROM checkin WHERE meeting_id = ? GROUP BY outcome').all(meetingId) as { outcome: string; n: number }[];
    const n = (o: string) => rows.find((r) => r.outcome === o)?.n ?? 0;
    return { attendance: n('admitted') + n('override') + n('provisional'), eligibleAttendance: n('admitted'), refused: n('refused'), overrides: n('override') };
  }

  /** Members of the branch eligible by the ballot's rules on the list it uses (null without a list). */
  private entitled(branch: string): number | null {
    const ballot = this.ballot();
    if (!ballot.snapshotId) return null;
    const members = this.store.db.prepare('SELECT join_date AS joinDate, status, branch FROM member WHERE snapshot_id = ?').all(ballot.snapshotId) as { joinDate: string; status: MemberStatus; branch: string }[];
    if (members.length === 0) return null;
    const settings = { ...ballot.eligibility, freezeDate: ballot.freezeDate, registerRequired: false };
    return members.filter((m) => eligibilityAt(m, settings, branch, null).eligible).length;
  }

  /** The figures a record gives: attendance from the desk or as typed, quorum and result. */
  private figures(row: MeetingRow, record: MeetingRecord, frozen: Figures | null): Figures {
    const ballot = this.ballot();
    const desk = record.attendanceSource === 'desk' ? (frozen ?? { ...this.deskFigures(row.id) }) : null;
    const attendance = desk ? desk.attendance : record.attendance;
    const eligibleAttendance = desk ? desk.eligibleAttendance : record.eligibleAttendance;
    const entitled = frozen ? frozen.entitled : this.entitled(row.branch);
    const required = quorumRequired(ballot.quorum, entitled);
    if (required === null) {
      throw new TellerError('invalid-input', 'The quorum is a percentage of eligible members, but no membership list gives the number. Import the list, or set the quorum as a number.');
    }
    const quorate = eligibleAttendance >= required;
    const checked = { ...record, attendance, eligibleAttendance };
    const problem = meetingProblems(checked)[0];
    if (problem) throw new TellerError('invalid-input', problem.message, problem.field);
    const voting = record.votes.selection + record.votes.reselect + record.votes.abstain + record.votes.spoilt;
    return { attendance, eligibleAttendance, entitled, quorumRequired: required, quorate, voting, result: branchResult(record.votes, quorate) };
  }

  private latest(meetingId: number): { version: number; figures: Figures } | null {
    const row = this.store.db.prepare('SELECT version, figures FROM meeting_version WHERE meeting_id = ? ORDER BY version DESC LIMIT 1').get(meetingId) as { version: number; figures: string } | undefined;
    return row ? { version: row.version, figures: JSON.parse(row.figures) as Figures } : null;
  }

  private setBranchResult(row: MeetingRow, result: Figures['result']): void {
    this.store.db.prepare('DELETE FROM unit_result WHERE ballot_id = ? AND branch_id = ?').run(row.ballot_id, row.branch_id);
    this.store.db.prepare('INSERT INTO unit_result (ballot_id, branch_id, result, recorded_at) VALUES (?, ?, ?, ?)').run(row.ballot_id, row.branch_id, result, utcInstant(this.now()));
  }

  private addVersion(row: MeetingRow, state: 'closed' | 'not-held' | 'abandoned', record: MeetingRecord | null, figures: Figures, reason: string | null): number {
    const version = (this.latest(row.id)?.version ?? 0) + 1;
    this.store.db
      .prepare('INSERT INTO meeting_version (meeting_id, version, at, state, record, figures, reason) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, version, utcInstant(this.now()), state, record && JSON.stringify(record), JSON.stringify(figures), reason);
    this.store.db.prepare('UPDATE meeting SET state = ? WHERE id = ?').run(state, row.id);
    this.setBranchResult(row, figures.result);
    return version;
  }

  saveDraft(meetingId: number, record: MeetingRecord): void {
    const row = this.row(meetingId);
    if (row.state !== 'open') throw new TellerError('meeting-closed', 'This meeting is closed. To change its record, make a correction with a reason.');
    this.store.change('meeting.draft', 'meeting', () => {
      this.store.db.prepare('UPDATE meeting SET draft = ? WHERE id = ?').run(JSON.stringify(record), meetingId);
      return { entityId: String(meetingId), before: row.draft && (JSON.parse(row.draft) as unknown), after: record };
    });
  }

  close(meetingId: number): void {
    const row = this.row(meetingId);
    if (row.state !== 'open') throw new TellerError('meeting-closed', `This meeting was already ${row.state === 'closed' ? 'closed' : `marked ${row.state}`}. To change it, make a correction with a reason.`);
    if (!row.draft) throw new TellerError('invalid-input', 'Record the meeting (chair, attendance and the vote) before closing it.');
    const record = JSON.parse(row.draft) as MeetingRecord;
    const figures = this.figures(row, record, null);
    this.store.change('meeting.close', 'meeting', () => {
      const version = this.addVersion(row, 'closed', record, figures, null);
      return { entityId: String(meetingId), before: { state: 'open' }, after: { state: 'closed', version, record, figures } };
    });
  }

  correct(meetingId: number, record: MeetingRecord, reason: string): void {
    const row = this.row(meetingId);
    if (row.state === 'open') throw new TellerError('invalid-input', 'This meeting is still open: change its record and close it.');
    if (reason.trim() === '') throw new TellerError('invalid-input', 'Say why the record is being corrected: the reason is kept with both versions.', 'reason');
    const previous = this.latest(meetingId);
    // Who was entitled, and who was present at the desk, stay as frozen at closing.
    const figures = this.figures(row, record, previous?.figures ?? null);
    this.store.change('meeting.correct', 'meeting', () => {
      const version = this.addVersion(row, 'closed', record, figures, reason.trim());
      return { entityId: String(meetingId), before: previous, after: { version, record, figures, reason: reason.trim() } };
    });
  }

  mark(meetingId: number, state: 'not-held' | 'abandoned', reason: string): void {
    const row = this.row(meetingId);
    if (reason.trim() === '') throw new TellerError('invalid-input', `Say why the meeting was ${state === 'not-held' ? 'not held' : 'abandoned'}.`, 'reason');
    if (row.state === state) throw new TellerError('meeting-closed', `This meeting is already marked ${state === 'not-held' ? 'not held' : 'abandoned'}.`);
    const desk = this.deskFigures(meetingId);
    const figures: Figures = { attendance: desk.attendance, eligibleAttendance: desk.eligibleAttendance, entitled: null, quorumRequired: null, quorate: false, voting: 0, result: 'no-vote' };
    this.store.change(`meeting.${state}`, 'meeting', () => {
      const version = this.addVersion(row, state, null, figures, reason.trim());
      return { entityId: String(meetingId), before: { state: row.state }, after: { state, version, reason: reason.trim() } };
    });
  }

  view(meetingId: number): MeetingView {
    const row = this.row(meetingId);
    const ballot = this.ballot();
    const versions = (
      this.store.db.prepare('SELECT version, at, state, reason, record, figures FROM meeting_version WHERE meeting_id = ? ORDER BY version').all(meetingId) as {
        version: number;
        at: string;
        state: string;
        reason: string | null;
        record: string | null;
        figures: string;
      }[]
    ).map((v) => ({ version: v.version, at: v.at, state: v.state, reason: v.reason, record: v.record ? (JSON.parse(v.record) as MeetingRecord) : null, figures: JSON.parse(v.figures) as Figures }));
    const current = versions.at(-1);
    const record = row.state === 'open' ? (row.draft ? (JSON.parse(row.draft) as MeetingRecord) : null) : (current?.record ?? null);
    const deskLive = this.deskFigures(meetingId);
    const deskFigures = current && current.record?.attendanceSource === 'desk' ? { ...deskLive, attendance: current.figures.attendance, eligibleAttendance: current.figures.eligibleAttendance } : deskLive;
    const entitled = current ? current.figures.entitled : this.entitled(row.branch);
    return {
      id: row.id,
      branchId: row.branch_id,
      branch: row.branch,
      date: row.date,
      state: row.state,
      record,
      deskFigures,
      quorum: { rule: ballot.quorum, required: quorumRequired(ballot.quorum, entitled), entitled },
      versions,
      history: this.store.auditLog(500).filter((e) => (e.entity === 'meeting' && e.entityId === String(meetingId)) || (e.entity === 'checkin' && (e.after as { meetingId?: number } | null)?.meetingId === meetingId)),
      complaints: complaintsAbout(this.store, meetingId) satisfies Complaint[],
    };
  }

  saveQuorum(rule: QuorumRule): void {
    const ballot = this.ballot();
    this.store.change('ballot.quorum', 'ballot', () => {
      this.store.db.prepare('UPDATE ballot SET quorum = ? WHERE id = ?').run(JSON.stringify(rule), ballot.id);
      return { entityId: ballot.id, before: ballot.quorum, after: rule };
    });
  }
}
