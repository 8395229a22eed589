import { TellerError } from '../../shared/errors';
import { formatUkClock } from '../../shared/time';
import { formatUkDate } from '../../shared/dates';
import { eligibilityAt, type EligibilitySettings } from '../../shared/lists/eligibility';
import type { DeskCounts, DeskEntry, DeskMember } from '../../shared/api';
import { registerMatchOf } from '../electoral-register/cross-match';
import { findMeeting } from '../meetings/meeting-records';
import { branches } from '../setup/units';
import type { ServiceContext } from '../service-context';
import { textDigest } from '../store/audit';
import { readBallot } from '../setup/ballot';
import type { IndexedMember } from './member-search';

type CheckinOutcome = DeskEntry['outcome'];

interface MeetingRow {
  id: number;
  ballot_id: string;
  branch_id: number;
  date: string;
  branch_name: string;
  state: 'open' | 'closed' | 'not-held' | 'abandoned';
  withdrawn_at: string | null;
}

/*
 * The door desk of one ballot's branch meetings: search the ballot's membership snapshot,
 * give a verdict with every reason, and record each admission, refusal, override and walk-in.
 */

export function deskSettings(ctx: ServiceContext): { settings: EligibilitySettings; snapshotId: number } {
  const ballot = readBallot(ctx.store());
  if (!ballot) throw new TellerError('no-ballot', 'Set up the trigger ballot before opening the door desk.');
  if (ballot.snapshotId === null) throw new TellerError('no-snapshot', 'Import the membership list (as at the freeze date) and choose it for this ballot before opening the door desk.');
  return { settings: { ...ballot.eligibility, freezeDate: ballot.freezeDate }, snapshotId: ballot.snapshotId };
}

/** How many members are on the list the ballot uses. */
export function snapshotSize(ctx: ServiceContext): number {
  const snapshotId = readBallot(ctx.store())?.snapshotId;
  return snapshotId ? ctx.memberIndex(snapshotId).size : 0;
}

export function deskMeeting(ctx: ServiceContext, meetingId: number): MeetingRow {
  const row = ctx.store()
    .stmt('SELECT m.id, m.ballot_id, m.branch_id, m.date, b.name AS branch_name, m.state, m.withdrawn_at FROM meeting m JOIN branch b ON b.id = m.branch_id WHERE m.id = ?')
    .get(meetingId) as MeetingRow | undefined;
  if (!row) throw new TellerError('not-found', 'That meeting no longer exists.');
  return row;
}

/** The meeting's state as the desk shows it: only an open meeting takes check-ins. */
export function deskState(meeting: MeetingRow): 'open' | 'closed' | 'not-held' | 'abandoned' | 'withdrawn' {
  return meeting.withdrawn_at ? 'withdrawn' : meeting.state;
}

const STATE_WORDS = { closed: 'closed', 'not-held': 'marked not held', abandoned: 'marked abandoned', withdrawn: 'withdrawn' } as const;

/** A desk that writes: refused once its meeting is closed, marked or withdrawn (its figures are the record). */
export function writableDeskMeeting(ctx: ServiceContext, meetingId: number): MeetingRow {
  const meeting = deskMeeting(ctx, meetingId);
  const state = deskState(meeting);
  if (state !== 'open') {
    throw new TellerError('meeting-closed', `This meeting was ${STATE_WORDS[state]}, so its door desk is read-only: no one more can be checked in or refused.`);
  }
  return meeting;
}

/** Opens the desk for a branch's meeting on a date; it never creates the meeting. */
export function openDeskMeeting(ctx: ServiceContext, branchId: number, date: string): number {
  deskSettings(ctx);
  const store = ctx.store();
  const ballot = readBallot(store);
  const branch = branches(store).find((b) => b.id === branchId);
  if (!ballot || !branch) throw new TellerError('not-found', 'That branch no longer exists.');
  const id = findMeeting(store, ballot.id, branchId, date);
  if (id === null) {
    throw new TellerError('no-meeting', `No ${branch.name} meeting on ${formatUkDate(date)} is recorded. Record it on the Meetings page first, then open its door desk.`, 'date');
  }
  return id;
}

function admittedAt(ctx: ServiceContext, meetingId: number, memberId: number): { here: { id: number; at: string } | null; elsewhere: { branch: string; date: string } | null } {
  const rows = ctx.store()
    .stmt(
      `SELECT c.id, c.meeting_id, c.at, m.date, b.name AS branch FROM checkin c JOIN meeting m ON m.id = c.meeting_id JOIN branch b ON b.id = m.branch_id
       WHERE c.member_id = ? AND c.outcome IN ('admitted', 'override') AND m.ballot_id = (SELECT ballot_id FROM meeting WHERE id = ?)`,
    )
    .all(memberId, meetingId) as { id: number; meeting_id: number; at: string; date: string; branch: string }[];
  const here = rows.find((r) => r.meeting_id === meetingId);
  const other = rows.find((r) => r.meeting_id !== meetingId);
  return { here: here ? { id: here.id, at: here.at } : null, elsewhere: other ? { branch: other.branch, date: other.date } : null };
}

export function describeMember(ctx: ServiceContext, meetingId: number, meeting: MeetingRow, settings: EligibilitySettings, m: IndexedMember): DeskMember {
  const verdict = eligibilityAt(m, settings, meeting.branch_name, registerMatchOf(ctx.store(), m.id));
  const seen = admittedAt(ctx, meetingId, m.id);
  if (seen.elsewhere) {
    verdict.reasons.push(`already checked in at the ${seen.elsewhere.branch} meeting on ${formatUkDate(seen.elsewhere.date)}`);
    verdict.eligible = false;
    verdict.remedies = [];
  }
  return {
    id: m.id,
    number: m.number,
    name: m.fullName,
    address: m.address,
    postcode: m.postcode,
    branch: m.branch,
    joinDate: m.joinDate,
    verdict,
    alreadyHere: seen.here?.at ?? null,
    checkinId: seen.here?.id ?? null,
  };
}

/** How many matches the desk shows at once; past that it says how many more, and to keep typing. */
const DESK_MATCHES = 12;

/** The members a query finds, the meeting's own branch first, and how many more matched than are shown. */
export function searchDesk(ctx: ServiceContext, meetingId: number, query: string): { members: DeskMember[]; more: number } {
  const meeting = deskMeeting(ctx, meetingId);
  const { settings, snapshotId } = deskSettings(ctx);
  const found = ctx.memberIndex(snapshotId).find(query, DESK_MATCHES, meeting.branch_name);
  return { members: found.members.map((m) => describeMember(ctx, meetingId, meeting, settings, m)), more: found.total - found.members.length };
}

/** Who the audit trail names for a desk action: the person at the desk, or the host's user when none was given. */
export function deskActor(ctx: ServiceContext, deskPerson: string | undefined): string {
  return deskPerson === undefined ? ctx.actor : `${deskPerson} (door desk)`;
}

export function deskCounts(ctx: ServiceContext, meetingId: number): DeskCounts {
  const rows = ctx.store().db.prepare('SELECT outcome, COUNT(*) AS n FROM checkin WHERE meeting_id = ? GROUP BY outcome').all(meetingId) as { outcome: CheckinOutcome; n: number }[];
  const n = (o: CheckinOutcome) => rows.find((r) => r.outcome === o)?.n ?? 0;
  return { checkedIn: n('admitted') + n('override') + n('provisional'), eligibleCheckedIn: n('admitted'), refused: n('refused'), overrides: n('override'), provisional: n('provisional') };
}

export function deskEntries(ctx: ServiceContext, meetingId: number, limit = 50): DeskEntry[] {
  const rows = ctx.store().db
    .prepare(
      `SELECT c.id, c.at, c.outcome, c.reasons, c.note, c.exceptions, c.walk_in_name, mb.full_name, mb.number FROM checkin c
       LEFT JOIN member mb ON mb.id = c.member_id WHERE c.meeting_id = ? ORDER BY c.id DESC LIMIT ?`,
    )
    .all(meetingId, limit) as { id: number; at: string; outcome: CheckinOutcome; reasons: string; note: string | null; exceptions: string; walk_in_name: string | null; full_name: string | null; number: string | null }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    outcome: r.outcome,
    name: r.full_name ?? r.walk_in_name ?? '(name removed)',
    number: r.number,
    reasons: JSON.parse(r.reasons) as string[],
    note: r.note,
    exceptions: JSON.parse(r.exceptions) as DeskEntry['exceptions'],
  }));
}

/** Admits an eligible member, records a refusal, or records a chair's override (which needs a written reason). */
export function recordCheckin(ctx: ServiceContext, meetingId: number, memberId: number, outcome: 'admitted' | 'refused' | 'override', note: string | null, deskPerson?: string): void {
  const meeting = writableDeskMeeting(ctx, meetingId);
  const { settings, snapshotId } = deskSettings(ctx);
  const m = ctx.memberIndex(snapshotId).byId(memberId);
  if (!m) throw new TellerError('not-found', 'That member is not on the membership list this ballot uses.');
  const d = describeMember(ctx, meetingId, meeting, settings, m);
  const reason = note?.trim() ?? '';
  if (outcome !== 'refused' && d.alreadyHere) {
    throw new TellerError('already-checked-in', `${m.fullName} was already checked in at this meeting at ${formatUkClock(d.alreadyHere)}. They cannot be counted twice: if that check-in was a mistake, undo it first.`);
  }
  if (outcome === 'admitted' && !d.verdict.eligible) {
    throw new TellerError('not-eligible', `${m.fullName} may not vote: ${d.verdict.reasons.join('; ')}. Record a refusal, or the chair's override with a reason.`);
  }
  if (outcome === 'override' && reason === '') throw new TellerError('invalid-input', "Write the chair's reason for the override.", 'note');
  if (outcome === 'override' && d.verdict.eligible) throw new TellerError('invalid-input', `${m.fullName} is eligible: check them in without an override.`);
  ctx.store().change(`checkin.${outcome}`, 'checkin', () => {
    const id = Number(
      ctx.store().db
        .prepare('INSERT INTO checkin (meeting_id, member_id, at, outcome, reasons, note) VALUES (?, ?, ?, ?, ?, ?)')
        .run(meetingId, memberId, ctx.store().stamp(), outcome, JSON.stringify(d.verdict.reasons), reason || null).lastInsertRowid,
    );
    // Internal ids and reasons only: the audit trail must stay free of names and numbers.
    return { entityId: String(id), before: null, after: { meetingId, memberId, outcome, reasons: d.verdict.reasons, note: textDigest(reason || null) } };
  }, deskActor(ctx, deskPerson));
}

/** Someone not on the list: refused, or provisional on the chair's ruling, with what they said. */
export function recordWalkIn(ctx: ServiceContext, meetingId: number, name: string, details: string, outcome: 'refused' | 'provisional', note: string, deskPerson?: string): void {
  writableDeskMeeting(ctx, meetingId);
  if (name.trim() === '') throw new TellerError('invalid-input', 'Write the name the person gave.', 'name');
  if (outcome === 'provisional' && note.trim() === '') throw new TellerError('invalid-input', "Write the chair's ruling for a provisional vote.", 'note');
  ctx.store().change(`checkin.walk-in-${outcome}`, 'checkin', () => {
    const id = Number(
      ctx.store().db
        .prepare('INSERT INTO checkin (meeting_id, member_id, at, outcome, reasons, note, walk_in_name, walk_in_details) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)')
        .run(meetingId, ctx.store().stamp(), outcome, JSON.stringify(['not on the membership list']), note.trim() || null, name.trim(), details.trim() || null).lastInsertRowid,
    );
    return { entityId: String(id), before: null, after: { meetingId, outcome, reasons: ['not on the membership list'], note: textDigest(note.trim() || null) } };
  }, deskActor(ctx, deskPerson));
}

/**
 * Undoes a check-in, refusal or walk-in recorded by mistake (the wrong John Smith), while the
 * meeting is open: the row goes, so every count is as if it had never been made, and the audit
 * trail keeps both the entry that made it and this one, with the reason (as its hash) and who.
 */
export function undoCheckin(ctx: ServiceContext, meetingId: number, checkinId: number, reason: string, deskPerson?: string): void {
  writableDeskMeeting(ctx, meetingId);
  const row = ctx.store()
    .db.prepare(
      'SELECT id, member_id, outcome, reasons, note FROM checkin WHERE id = ? AND meeting_id = ?',
    )
    .get(checkinId, meetingId) as { id: number; member_id: number | null; outcome: CheckinOutcome; reasons: string; note: string | null } | undefined;
  if (!row) throw new TellerError('not-found', 'That check-in is not recorded at this meeting (it may have been undone already).');
  const why = reason.trim();
  if (why === '') throw new TellerError('invalid-input', 'Write why this is being undone: it is recorded in the audit trail.', 'reason');
  ctx.store().change(
    'checkin.undo',
    'checkin',
    () => {
      ctx.store().db.prepare('DELETE FROM checkin WHERE id = ?').run(row.id);
      return {
        entityId: String(row.id),
        // What was undone, as its own entry recorded it: ids and reasons, never names.
        before: { meetingId, memberId: row.member_id, outcome: row.outcome, reasons: JSON.parse(row.reasons) as unknown, note: textDigest(row.note) },
        after: { meetingId, memberId: row.member_id, outcome: row.outcome, undone: true, reason: textDigest(why) },
      };
    },
    deskActor(ctx, deskPerson),
  );
}

/** The check-ins undone at this meeting, newest first, from the audit trail (named while the list is kept). */
export function deskUndone(ctx: ServiceContext, meetingId: number): { at: string; by: string; outcome: CheckinOutcome; name: string | null }[] {
  const rows = ctx.store()
    .db.prepare(
      `SELECT a.at, a.actor, json_extract(a.after, '$.outcome') AS outcome, mb.full_name FROM audit_entry a
       LEFT JOIN member mb ON mb.id = json_extract(a.after, '$.memberId')
       WHERE a.action = 'checkin.undo' AND json_extract(a.after, '$.meetingId') = ? ORDER BY a.seq DESC LIMIT 50`,
    )
    .all(meetingId) as { at: string; actor: string; outcome: CheckinOutcome; full_name: string | null }[];
  return rows.map((r) => ({ at: r.at, by: r.actor, outcome: r.outcome, name: r.full_name }));
}
