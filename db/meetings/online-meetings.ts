import { createHash } from 'node:crypto';
import type { OnlineMeeting, OnlineParticipant } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { eligibilityAt } from '../../shared/lists/eligibility';
import { matchParticipants, ParticipantReportError, readParticipantReport, type ParticipantMatch } from '../../shared/lists/participants';
import { describeMember, deskMeeting, deskSettings, deskState, writableDeskMeeting } from '../door-desk/door-desk';
import type { IndexedMember } from '../door-desk/member-search';
import { readBounded } from '../files/read-bounded';
import { registerMatchOf } from '../electoral-register/cross-match';
import type { ServiceContext } from '../service-context';

/*
 * Online meetings (2022: some regions mandated branch meetings on Zoom). The platform's
 * participant report stands in for the door desk: each participant is matched to a member by
 * email, then name; the matched are counted as the desk counts check-ins (an eligible member
 * admitted, anyone else refused with the reasons). A second device of a member already counted,
 * and anyone who matches no member or more than one, wait for the chair, whose every decision
 * is recorded in the audit trail under the chair's name, as the desk records who is at it.
 * The audit trail holds ids and counts only: names and emails stay in the tables (and go at the purge).
 */

type Decision = 'admit' | 'not-member' | 'duplicate';

interface ParticipantRow {
  id: number;
  name: string;
  original_name: string;
  email: string;
  joined_at: string;
  left_at: string;
  minutes: number;
  sessions: number;
  match: OnlineParticipant['match'];
  member_id: number | null;
  candidates: string;
  decision: Decision | null;
  decision_member_id: number | null;
  checkin_id: number | null;
}

/** The largest report read: a participant report of thousands of rows is a few hundred kilobytes. */
const MAX_REPORT_BYTES = 5 * 1024 * 1024;

const chairActor = (chairPerson: string) => `${chairPerson} (chair)`;

/** Held in person or online: changed only while the meeting is open and no one is counted present yet. */
export function setMeetingFormat(ctx: ServiceContext, meetingId: number, format: 'in-person' | 'online'): void {
  writableDeskMeeting(ctx, meetingId);
  const store = ctx.store();
  const current = (store.db.prepare('SELECT format FROM meeting WHERE id = ?').get(meetingId) as { format: string }).format;
  if (current === format) return;
  const checkins = (store.db.prepare('SELECT COUNT(*) AS n FROM checkin WHERE meeting_id = ?').get(meetingId) as { n: number }).n;
  const participants = (store.db.prepare('SELECT COUNT(*) AS n FROM participant WHERE meeting_id = ?').get(meetingId) as { n: number }).n;
  if (checkins > 0 || participants > 0) {
    throw new TellerError(
      'invalid-input',
      format === 'online'
        ? `The door desk has already recorded ${checkins} ${checkins === 1 ? 'person' : 'people'} at this meeting, so it cannot be changed to an online meeting: undo those check-ins first.`
        : "This meeting's participant report is already imported, so it cannot be changed to an in-person meeting.",
      'format',
    );
  }
  store.change('meeting.format', 'meeting', () => {
    store.db.prepare('UPDATE meeting SET format = ? WHERE id = ?').run(format, meetingId);
    return { entityId: String(meetingId), before: { format: current }, after: { format } };
  });
}

/** Inserts the check-in that counts a participant, with its own audit entry (ids and reasons only); returns its id. */
function countParticipant(ctx: ServiceContext, meetingId: number, participant: { id: number; name: string; email: string }, member: IndexedMember | null, actor: string): number {
  const store = ctx.store();
  let checkinId = 0;
  if (member === null) {
    const reasons = ['not a member: the chair decided this participant of the online meeting is not on the membership list'];
    store.change(
      'checkin.walk-in-refused',
      'checkin',
      () => {
        checkinId = Number(
          store.db
            .prepare('INSERT INTO checkin (meeting_id, member_id, at, outcome, reasons, note, walk_in_name, walk_in_details) VALUES (?, NULL, ?, ?, ?, NULL, ?, ?)')
            .run(meetingId, store.stamp(), 'refused', JSON.stringify(reasons), participant.name, participant.email || null).lastInsertRowid,
        );
        return { entityId: String(checkinId), before: null, after: { meetingId, outcome: 'refused', reasons, online: true, participantId: participant.id } };
      },
      actor,
    );
    return checkinId;
  }
  const meeting = deskMeeting(ctx, meetingId);
  const { settings } = deskSettings(ctx);
  const d = describeMember(ctx, meetingId, meeting, settings, member);
  if (d.alreadyHere) {
    throw new TellerError('already-checked-in', `${member.fullName} is already counted at this meeting (another participant or the door desk): decide this participant is a duplicate device, or admit them as someone else.`);
  }
  const outcome = d.verdict.eligible ? 'admitted' : 'refused';
  store.change(
    `checkin.${outcome}`,
    'checkin',
    () => {
      checkinId = Number(
        store.db
          .prepare('INSERT INTO checkin (meeting_id, member_id, at, outcome, reasons, note) VALUES (?, ?, ?, ?, ?, NULL)')
          .run(meetingId, member.id, store.stamp(), outcome, JSON.stringify(d.verdict.reasons)).lastInsertRowid,
      );
      return { entityId: String(checkinId), before: null, after: { meetingId, memberId: member.id, outcome, reasons: d.verdict.reasons, online: true, participantId: participant.id } };
    },
    actor,
  );
  return checkinId;
}

/** Takes back the check-in that counted a participant, as the desk's undo does (both stay in the audit trail). */
function uncountParticipant(ctx: ServiceContext, meetingId: number, checkinId: number, participantId: number, actor: string): void {
  const store = ctx.store();
  const row = store.db.prepare('SELECT member_id, outcome, reasons FROM checkin WHERE id = ? AND meeting_id = ?').get(checkinId, meetingId) as
    | { member_id: number | null; outcome: string; reasons: string }
    | undefined;
  if (!row) return;
  store.change(
    'checkin.undo',
    'checkin',
    () => {
      store.db.prepare('DELETE FROM checkin WHERE id = ?').run(checkinId);
      return {
        entityId: String(checkinId),
        before: { meetingId, memberId: row.member_id, outcome: row.outcome, reasons: JSON.parse(row.reasons) as unknown },
        after: { meetingId, memberId: row.member_id, outcome: row.outcome, undone: true, reason: 'the chair decided a participant of the online meeting again', participantId },
      };
    },
    actor,
  );
}

/**
 * Imports the participant report of an online meeting: read, matched against the ballot's
 * list, and the matched counted present; the rest wait for the chair. One report a meeting;
 * a file that is not a report, or any row that cannot be read, changes nothing.
 */
export function importParticipants(ctx: ServiceContext, meetingId: number, fileId: string, chairPerson: string): void {
  writableDeskMeeting(ctx, meetingId);
  const { snapshotId } = deskSettings(ctx);
  const store = ctx.store();
  const format = (store.db.prepare('SELECT format FROM meeting WHERE id = ?').get(meetingId) as { format: string }).format;
  if (format !== 'online') throw new TellerError('invalid-input', 'This meeting is held in person: choose "Held online" before importing a participant report.');
  if (store.db.prepare('SELECT 1 FROM participant_report WHERE meeting_id = ?').get(meetingId)) {
    throw new TellerError('invalid-input', "This meeting's participant report is already imported: decide the doubtful participants on the list below instead.");
  }
  const file = ctx.staged.get(fileId);
  let bytes: Buffer;
  try {
    // Read as the other imports read files: bounded, inside the folder chosen, uploads decrypted.
    bytes = readBounded(file.path, { limit: MAX_REPORT_BYTES, name: file.name, ...(file.folder === undefined ? {} : { folder: file.folder }), ...(file.key ? { key: file.key } : {}) });
  } finally {
    ctx.staged.discard(fileId);
  }
  let report;
  try {
    report = readParticipantReport(bytes);
  } catch (e) {
    if (e instanceof ParticipantReportError) throw new TellerError('invalid-file', e.message);
    throw e;
  }
  const index = ctx.memberIndex(snapshotId);
  const members = store.db.prepare('SELECT id, full_name AS fullName, email FROM member WHERE snapshot_id = ?').all(snapshotId) as { id: number; fullName: string; email: string }[];
  const matches = matchParticipants(report.participants, members);
  const actor = chairActor(chairPerson);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  store.db
    .transaction(() => {
      const add = store.db.prepare(
        'INSERT INTO participant (meeting_id, name, original_name, email, joined_at, left_at, minutes, sessions, match, member_id, candidates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const ids: number[] = [];
      store.change(
        'participants.import',
        'meeting',
        () => {
          store.db.prepare('INSERT INTO participant_report (meeting_id, platform, file_name, sha256, imported_at, rows) VALUES (?, ?, ?, ?, ?, ?)').run(meetingId, report.platform, file.name, sha256, store.stamp(), report.rows);
          report.participants.forEach((p, i) => {
            const m = matches[i] as ParticipantMatch;
            const memberId = m.kind === 'email' || m.kind === 'name' || m.kind === 'same-member' ? m.memberId : null;
            const candidates = m.kind === 'ambiguous' ? m.candidates : [];
            ids.push(Number(add.run(meetingId, p.name, p.originalName, p.email, p.joinedAt, p.leftAt, p.minutes, p.sessions, m.kind, memberId, JSON.stringify(candidates)).lastInsertRowid));
          });
          const count = (k: ParticipantMatch['kind']) => matches.filter((m) => m.kind === k).length;
          return {
            entityId: String(meetingId),
            before: null,
            after: { meetingId, platform: report.platform, sha256, rows: report.rows, participants: report.participants.length, byEmail: count('email'), byName: count('name'), sameMember: count('same-member'), ambiguous: count('ambiguous'), none: count('none') },
          };
        },
        actor,
      );
      const link = store.db.prepare('UPDATE participant SET checkin_id = ? WHERE id = ?');
      report.participants.forEach((p, i) => {
        const m = matches[i] as ParticipantMatch;
        if (m.kind !== 'email' && m.kind !== 'name') return;
        const member = index.byId(m.memberId);
        if (!member || alreadyCounted(ctx, meetingId, m.memberId)) return; // counted at the door desk: left for the chair as a duplicate
        const id = ids[i] as number;
        link.run(countParticipant(ctx, meetingId, { id, name: p.name, email: p.email }, member, actor), id);
      });
      // A member the desk or another participant counted already: the chair decides this one.
      store.db.prepare("UPDATE participant SET match = 'same-member' WHERE meeting_id = ? AND match IN ('email', 'name') AND checkin_id IS NULL").run(meetingId);
    })
    .immediate();
}

function alreadyCounted(ctx: ServiceContext, meetingId: number, memberId: number): boolean {
  return ctx.store().db.prepare("SELECT 1 FROM checkin WHERE meeting_id = ? AND member_id = ? AND outcome IN ('admitted', 'override', 'refused')").get(meetingId, memberId) !== undefined;
}

/**
 * The chair's decision on one participant: admit as a member (the one matched, or another),
 * not a member (counted as refused), or a duplicate device (not counted). A decision can be
 * changed while the meeting is open: the count follows the latest, and the audit trail keeps all.
 */
export function decideParticipant(ctx: ServiceContext, meetingId: number, participantId: number, decision: Decision, memberId: number | undefined, chairPerson: string): void {
  writableDeskMeeting(ctx, meetingId);
  const { snapshotId } = deskSettings(ctx);
  const store = ctx.store();
  const p = store.db.prepare('SELECT * FROM participant WHERE id = ? AND meeting_id = ?').get(participantId, meetingId) as ParticipantRow | undefined;
  if (!p) throw new TellerError('not-found', 'That participant is not in this meeting’s report.');
  const actor = chairActor(chairPerson);
  let member: IndexedMember | null = null;
  if (decision === 'admit') {
    const chosen = memberId ?? p.member_id;
    if (chosen === null || chosen === undefined) throw new TellerError('invalid-input', 'Choose the member this participant is.', 'memberId');
    member = ctx.memberIndex(snapshotId).byId(chosen) ?? null;
    if (!member) throw new TellerError('not-found', 'That member is not on the membership list this ballot uses.', 'memberId');
  } else if (memberId !== undefined) {
    throw new TellerError('invalid-input', 'A member is chosen only when the participant is admitted as that member.', 'memberId');
  }
  store.db
    .transaction(() => {
      if (p.checkin_id !== null) uncountParticipant(ctx, meetingId, p.checkin_id, p.id, actor);
      const checkinId = decision === 'duplicate' ? null : countParticipant(ctx, meetingId, p, member, actor);
      store.change(
        'participant.decide',
        'meeting',
        () => {
          store.db.prepare('UPDATE participant SET decision = ?, decision_member_id = ?, checkin_id = ? WHERE id = ?').run(decision, member?.id ?? null, checkinId, p.id);
          return {
            entityId: String(meetingId),
            before: p.decision === null ? null : { participantId: p.id, decision: p.decision, memberId: p.decision_member_id },
            after: { meetingId, participantId: p.id, match: p.match, decision, memberId: member?.id ?? null },
          };
        },
        actor,
      );
    })
    .immediate();
}

/** The online meeting as the chair reviews it: the report, every participant with their match, verdict and decision. */
export function onlineMeeting(ctx: ServiceContext, meetingId: number): OnlineMeeting {
  const meeting = deskMeeting(ctx, meetingId);
  const store = ctx.store();
  const format = (store.db.prepare('SELECT format FROM meeting WHERE id = ?').get(meetingId) as { format: 'in-person' | 'online' }).format;
  const report = store.db.prepare('SELECT platform, file_name AS fileName, imported_at AS importedAt, rows FROM participant_report WHERE meeting_id = ?').get(meetingId) as OnlineMeeting['report'] | undefined;
  const rows = store.db.prepare('SELECT * FROM participant WHERE meeting_id = ? ORDER BY joined_at, id').all(meetingId) as ParticipantRow[];
  const outcomes = new Map(
    (store.db.prepare('SELECT id, outcome FROM checkin WHERE meeting_id = ?').all(meetingId) as { id: number; outcome: string }[]).map((c) => [c.id, c.outcome]),
  );
  const decidedBy = new Map<number, { by: string; at: string }>();
  for (const e of store.db
    .prepare("SELECT at, actor, json_extract(after, '$.participantId') AS pid FROM audit_entry WHERE action = 'participant.decide' AND entity_id = ? ORDER BY seq")
    .all(String(meetingId)) as { at: string; actor: string; pid: number }[]) {
    decidedBy.set(e.pid, { by: e.actor, at: e.at });
  }
  const ballot = deskSettingsOrNull(ctx);
  const index = ballot ? ctx.memberIndex(ballot.snapshotId) : null;
  const brief = (id: number | null) => {
    const m = id === null ? undefined : index?.byId(id);
    return m ? { id: m.id, name: m.fullName, number: m.number, branch: m.branch } : null;
  };
  const participants = rows.map((p): OnlineParticipant => {
    const m = p.member_id === null ? undefined : index?.byId(p.member_id);
    const verdict = m && ballot ? eligibilityAt(m, ballot.settings, meeting.branch_name, registerMatchOf(store, m.id)) : null;
    const counted = p.checkin_id === null ? null : outcomes.get(p.checkin_id);
    const decided = decidedBy.get(p.id);
    return {
      id: p.id,
      name: p.name,
      originalName: p.original_name,
      email: p.email,
      joinedAt: p.joined_at,
      leftAt: p.left_at,
      minutes: p.minutes,
      sessions: p.sessions,
      match: p.match,
      member: m && verdict ? { id: m.id, name: m.fullName, number: m.number, branch: m.branch, eligible: verdict.eligible, reasons: verdict.reasons } : null,
      candidates: (JSON.parse(p.candidates) as number[]).flatMap((id) => brief(id) ?? []),
      decision: p.decision === null ? null : { kind: p.decision, member: brief(p.decision_member_id), by: decided?.by ?? '', at: decided?.at ?? '' },
      counted: counted === 'admitted' || counted === 'override' ? 'admitted' : counted === undefined || counted === null ? null : 'refused',
      needsDecision: p.decision === null && (p.match === 'same-member' || p.match === 'ambiguous' || p.match === 'none'),
    };
  });
  return {
    meetingId,
    format,
    open: deskState(meeting) === 'open',
    report: report ?? null,
    participants,
    counts: {
      participants: participants.length,
      admitted: participants.filter((p) => p.counted === 'admitted').length,
      refused: participants.filter((p) => p.counted === 'refused').length,
      undecided: participants.filter((p) => p.needsDecision).length,
      duplicates: participants.filter((p) => p.decision?.kind === 'duplicate').length,
    },
  };
}

function deskSettingsOrNull(ctx: ServiceContext): ReturnType<typeof deskSettings> | null {
  try {
    return deskSettings(ctx);
  } catch (e) {
    if (e instanceof TellerError) return null;
    throw e;
  }
}
