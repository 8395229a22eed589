import type { AuditKind, AuditLine } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { ukToday } from '../../shared/time';
import { complaintReference } from '../complaints/complaints';
import type { ClpStore } from '../store/clp-store';

/*
 * The audit trail in words: each entry as a sentence a secretary can read. The entries hold
 * ids, never names (docs/audit-rebuild.md); the names come from the tables while they are
 * kept (the membership list, the meetings, the units), and after the purge the sentence
 * names the id instead.
 */

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const RESULT_WORDS: Record<string, string> = { selection: 'for a selection', reselect: 'to reselect the MP', tie: 'a tie', 'no-vote': 'no vote', pending: 'not yet reported' };
const CATEGORY_WORDS: Record<string, string> = {
  eligibility: 'eligibility',
  impersonation: 'impersonation',
  'electoral-register': 'the electoral register',
  procedure: 'procedure',
  conduct: 'conduct',
  other: 'other',
};
const STATUS_WORDS: Record<string, string> = { open: 'open', referred: 'referred to region', resolved: 'resolved', dismissed: 'dismissed' };
const EXCEPTION_WORDS: Record<string, string> = { 'arrears-settled': 'arrears settled at the door', 'resident-not-registrable': 'resident but not registrable' };
const OUTCOME_WORDS: Record<string, string> = { admitted: 'check-in', refused: 'refusal', override: "admission on the chair's override", provisional: 'provisional vote' };

/** Which part of the work an action belongs to, for the filter. */
function auditKind(action: string): AuditKind {
  const [area = '', what = ''] = action.split('.');
  if (area === 'checkin') return 'door-desk';
  if (area === 'meeting' || area === 'participants' || area === 'participant') return 'meetings';
  if (area === 'complaint') return 'complaints';
  if (area === 'result' || what === 'decision' || what === 'withdraw') return 'results';
  if (area === 'members' || area === 'register' || action === 'ballot.use-snapshot' || action === 'ballot.eligibility') return 'members';
  if (area === 'report' || area === 'trust' || area === 'key' || area === 'region') return 'reports';
  if (area === 'backup' || area === 'audit' || area === 'personal-data') return 'store';
  return 'setup';
}

/** The words for one store: names looked up once per id, from the tables as they are now. */
export function auditWords(store: ClpStore) {
  const db = store.db;
  const memo = new Map<string, string | null>();
  const once = (key: string, read: () => string | null): string | null => {
    if (!memo.has(key)) memo.set(key, read());
    return memo.get(key)!;
  };
  const member = (id: number | null): string => {
    if (id === null) return 'a member';
    return once(`m${id}`, () => (db.prepare('SELECT full_name FROM member WHERE id = ?').get(id) as { full_name: string | null } | undefined)?.full_name ?? null) ?? `member ${id} (no longer on a kept list)`;
  };
  const walkIn = (checkinId: string | null): string =>
    (checkinId &&
      once(`w${checkinId}`, () => (db.prepare('SELECT walk_in_name FROM checkin WHERE id = ?').get(Number(checkinId)) as { walk_in_name: string | null } | undefined)?.walk_in_name ?? null)) ??
    'someone not on the list';
  const meeting = (id: number | null): string => {
    if (id === null) return 'a meeting';
    return (
      once(`g${id}`, () => {
        const r = db.prepare('SELECT m.date, b.name FROM meeting m JOIN branch b ON b.id = m.branch_id WHERE m.id = ?').get(id) as { date: string; name: string } | undefined;
        return r ? `the ${r.name} meeting of ${formatUkDate(r.date)}` : null;
      }) ?? `meeting ${id}`
    );
  };
  const meetingBranch = (id: number | null): string | null =>
    id === null ? null : once(`b-of-${id}`, () => (db.prepare('SELECT b.name FROM meeting m JOIN branch b ON b.id = m.branch_id WHERE m.id = ?').get(id) as { name: string } | undefined)?.name ?? null);
  const unit = (entity: string, id: string | null, fallback: unknown): string => {
    const named = str(fallback);
    if (named) return named;
    const table = entity === 'affiliate' ? 'affiliate' : 'branch';
    return once(`${table}${id}`, () => (db.prepare(`SELECT name FROM ${table} WHERE id = ?`).get(Number(id)) as { name: string } | undefined)?.name ?? null) ?? `${table} ${id}`;
  };
  const result = (r: unknown) => RESULT_WORDS[str(r) ?? ''] ?? 'no result';
  const date = (d: unknown) => (str(d) ? formatUkDate(str(d)!) : 'no date');

  /** Where at the desk: "at Castle Hythe" while the meeting is kept, else the meeting's id. */
  const atMeeting = (id: number | null) => {
    const branch = meetingBranch(id);
    return branch ? `at ${branch}` : `at ${meeting(id)}`;
  };

  function sentence(e: { action: string; entity: string; entityId: string | null; before: unknown; after: unknown }): string {
    const a = obj(e.after) ?? {};
    const b = obj(e.before) ?? {};
    const meetingId = num(a.meetingId) ?? num(b.meetingId);
    const id = e.entityId;
    const idNum = id !== null && /^\d+$/.test(id) ? Number(id) : null;
    switch (e.action) {
      case 'checkin.admitted': {
        const exceptions = (Array.isArray(a.exceptions) ? a.exceptions : []).map((x) => EXCEPTION_WORDS[str(x) ?? ''] ?? String(x));
        return `${member(num(a.memberId))} admitted ${atMeeting(meetingId)}${exceptions.length ? ` (${exceptions.join('; ')})` : ''}`;
      }
      case 'checkin.refused': {
        const reasons = (Array.isArray(a.reasons) ? a.reasons : []).filter((r) => typeof r === 'string');
        return `${member(num(a.memberId))} refused ${atMeeting(meetingId)}${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
      }
      case 'checkin.override':
        return `${member(num(a.memberId))} admitted on the chair's override ${atMeeting(meetingId)} (the chair's reason is recorded)`;
      case 'checkin.walk-in-refused':
        return `${walkIn(id)} (not on the membership list) refused ${atMeeting(meetingId)}`;
      case 'checkin.walk-in-provisional':
        return `${walkIn(id)} (not on the membership list) given a provisional vote ${atMeeting(meetingId)} on the chair's ruling`;
      case 'checkin.undo': {
        const who = num(a.memberId) === null ? 'someone not on the list' : member(num(a.memberId));
        return `The ${OUTCOME_WORDS[str(a.outcome) ?? ''] ?? 'check-in'} of ${who} ${atMeeting(meetingId)} undone (the reason is recorded)`;
      }
      case 'meeting.open':
        return `${str(a.branch) ?? 'A branch'} meeting of ${date(a.date)} recorded`;
      case 'meeting.draft':
        return `The record of ${meeting(idNum)} saved as a draft`;
      case 'meeting.close':
        return `${cap(meeting(idNum))} closed: ${result(obj(a.figures)?.result)}`;
      case 'meeting.correct':
        return `${cap(meeting(idNum))} corrected (version ${num(a.version) ?? '?'}): ${result(obj(a.figures)?.result)}; the reason is recorded`;
      case 'meeting.not-held':
        return `${cap(meeting(idNum))} marked as not held (the reason is recorded)`;
      case 'meeting.abandoned':
        return `${cap(meeting(idNum))} marked as abandoned (the reason is recorded)`;
      case 'meeting.format':
        return `${cap(meeting(idNum))} marked as held ${str(a.format) === 'online' ? 'online' : 'in person'}`;
      case 'participants.import': {
        const platform = str(a.platform) === 'teams' ? 'Microsoft Teams' : str(a.platform) === 'zoom' ? 'Zoom' : 'the meeting platform';
        const matched = (num(a.byEmail) ?? 0) + (num(a.byName) ?? 0);
        return `Participant report from ${platform} imported for ${meeting(idNum)}: ${num(a.participants) ?? '?'} participants, ${matched} matched to members, ${num(a.sameMember) ?? 0} second devices, ${(num(a.ambiguous) ?? 0) + (num(a.none) ?? 0)} left for the chair`;
      }
      case 'participant.decide': {
        const decision = str(a.decision);
        const what = decision === 'admit' ? `admitted as ${member(num(a.memberId))}` : decision === 'duplicate' ? 'a second device of a member already counted' : 'not a member';
        return `The chair decided that participant ${num(a.participantId) ?? '?'} at ${meeting(idNum)} is ${what}${b.decision ? ' (changing an earlier decision)' : ''}`;
      }
      case 'meeting.withdraw':
        return `${cap(meeting(idNum))} withdrawn (recorded by mistake; the reason is recorded)`;
      case 'result.record':
        return `Result of ${unit(e.entity, id, a.name)} recorded: ${result(a.result)} (was ${result(b.result)})`;
      case 'affiliate.decision':
        return `Decision of ${unit('affiliate', id, a.name)} recorded: ${result(a.result)}, received ${date(a.receivedOn)} by ${str(a.method) ?? 'an unknown method'}${a.late === true ? ' (late)' : ''}`;
      case 'branch.add':
        return `Branch ${str(a.name) ?? id} added`;
      case 'branch.rename':
        return `Branch ${str(b.name) ?? id} renamed ${str(a.name) ?? ''}`;
      case 'branch.delete':
        return `Branch ${str(b.name) ?? id} deleted`;
      case 'affiliate.add':
        return `Affiliate ${str(a.name) ?? id} added${a.eligible === false ? ' (not eligible)' : ''}`;
      case 'affiliate.update':
        return `Affiliate ${str(a.name) ?? id} changed${a.eligible === false ? ' (not eligible)' : ''}`;
      case 'affiliate.delete':
        return `Affiliate ${str(b.name) ?? id} deleted`;
      case 'branch.withdraw':
      case 'affiliate.withdraw':
        return `${cap(e.entity)} ${unit(e.entity, id, a.name)} withdrawn from the ballot (the reason is recorded)`;
      case 'clp.save':
        return `CLP details saved: ${str(a.name) ?? ''}`;
      case 'ballot.create':
        return 'Trigger ballot set up (freeze date, timetable and rules)';
      case 'ballot.update':
        return 'Trigger ballot changed (freeze date, timetable or rules)';
      case 'ballot.settings':
        return 'Ballot settings changed (how a tie is settled, late decisions)';
      case 'ballot.quorum':
        return `Quorum rule saved: ${str(a.kind) === 'number' ? `${num(a.value) ?? '?'} members` : `${str(a.value) ?? num(a.value) ?? '?'} of members entitled`}`;
      case 'ballot.use-snapshot':
        return `The ballot now uses membership list ${num(a.snapshotId) ?? '?'}`;
      case 'ballot.eligibility':
        return 'Who may vote: the eligibility settings saved';
      case 'members.import': {
        const rejected = Array.isArray(a.rejectedLines) ? a.rejectedLines.length : 0;
        return `Membership list ${id ?? ''} imported: ${num(a.imported) ?? '?'} members${rejected ? `, ${rejected} rows rejected` : ''}`;
      }
      case 'members.list-words':
        return "The list's statuses and branch names matched to Teller's words";
      case 'register.import':
        return `Electoral register ${id ?? ''} imported`;
      case 'register.cross-match':
        return `Members checked against electoral register ${id ?? ''}`;
      case 'complaint.log':
        return `Complaint ${ref(id)} logged: ${CATEGORY_WORDS[str(a.category) ?? ''] ?? 'other'}, received ${date(a.receivedOn)}${num(a.meetingId) !== null ? `, about ${meeting(num(a.meetingId))}` : ''}`;
      case 'complaint.edit': {
        const changes: string[] = [];
        if (num(b.meetingId) !== num(a.meetingId)) changes.push(`meeting ${num(b.meetingId) === null ? 'none' : meeting(num(b.meetingId))} → ${num(a.meetingId) === null ? 'none' : meeting(num(a.meetingId))}`);
        if (b.category !== a.category) changes.push(`category ${CATEGORY_WORDS[str(b.category) ?? ''] ?? '?'} → ${CATEGORY_WORDS[str(a.category) ?? ''] ?? '?'}`);
        if (b.receivedOn !== a.receivedOn) changes.push(`received ${date(b.receivedOn)} → ${date(a.receivedOn)}`);
        if (b.about !== a.about) changes.push('what it is about');
        if (b.summary !== a.summary || b.complainant !== a.complainant || b.contact !== a.contact) changes.push('its details');
        return `Complaint ${ref(id)} corrected${changes.length ? `: ${changes.join('; ')}` : ''} (the reason is recorded)`;
      }
      case 'complaint.update':
        return `Complaint ${ref(id)} marked ${STATUS_WORDS[str(a.status) ?? ''] ?? str(a.status) ?? '?'}${str(a.outcomeOn) ? ` on ${date(a.outcomeOn)}` : ''}`;
      case 'report.export':
        return `Report revision ${num(a.revision) ?? '?'} exported${str(a.status) ? ` (${str(a.status)})` : ''}`;
      case 'report.receive':
        return 'A CLP report received and checked';
      case 'report.recheck':
        return 'A CLP report checked again';
      case 'trust.add':
        return `Signing key of ${str(a.clp) ?? 'a CLP'} trusted`;
      case 'trust.revoke':
        return 'A CLP signing key revoked';
      case 'region.office':
        return `Regional office named ${str(a.name) ?? ''}`;
      case 'key.create':
        return 'Signing key made';
      case 'key.rotate':
        return 'Signing key replaced by a new one';
      case 'backup.restore':
        return `Backup ${id ?? ''} restored`;
      case 'personal-data.purge':
        return 'Personal data deleted after the ballot (names, contacts, notes)';
      case 'audit.relink':
        return 'Audit trail rewritten as a chain of links (same entries)';
      default:
        return `${cap(e.entity.replace(/[_-]/g, ' '))}${id ? ` ${id}` : ''}: ${e.action.split('.').slice(1).join(' ').replace(/-/g, ' ') || e.action}`;
    }
  }

  return {
    line(e: { seq: number; at: string; actor: string; action: string; entity: string; entityId: string | null; before: unknown; after: unknown }): AuditLine {
      const a = obj(e.after) ?? {};
      const b = obj(e.before) ?? {};
      const meetingId = e.entity === 'meeting' ? (e.entityId !== null && /^\d+$/.test(e.entityId) ? Number(e.entityId) : null) : (num(a.meetingId) ?? num(b.meetingId));
      return { seq: e.seq, at: e.at, on: ukToday(new Date(e.at)), actor: e.actor, action: e.action, kind: auditKind(e.action), words: `${sentence(e)} by ${e.actor}.`, meetingId };
    },
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function ref(id: string | null): string {
  return id !== null && /^\d+$/.test(id) ? complaintReference(Number(id)) : 'complaint';
}
