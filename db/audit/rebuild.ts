import type { RecordDifference } from '../../shared/api';
import { LATEST_VERSION } from '../store/migrations';
import type { Db } from '../store/db';

/*
 * The log is the record: every reportable fact rebuilt from the audit entries alone, and
 * compared with the tables. docs/audit-rebuild.md says which facts, from which entries.
 *
 * Free text (notes, reasons, complaint summaries, who signed) is never read from the log:
 * it may be kept there only as its hash. A unit's name is a fact, not free text.
 */

type Value = string | number | boolean | null;

/** One row of a fact: which table it lives in, how to name it, and its fields (undefined: the log cannot say). */
interface FactRow {
  table: string;
  label: string;
  fields: Record<string, Value | undefined>;
}

type Facts = Map<string, FactRow>;

interface RecordComparison {
  /** False when the tables are from an earlier version of Teller and were not compared at all. */
  compared: boolean;
  /** Every fact that differs between the log and the tables, named. */
  differences: RecordDifference[];
  /** Facts the log cannot rebuild, because entries written by an earlier version do not record them. */
  unverifiable: string[];
}

const OUTCOMES = ['admitted', 'refused', 'override', 'provisional'] as const;
const FIGURES = ['attendance', 'eligibleAttendance', 'overrides', 'entitled', 'quorumRequired', 'quorate', 'voting', 'result', 'noVoteReason'] as const;
const EXCEPTIONS = ['arrears-settled', 'resident-not-registrable'] as const;
const SETTINGS = ['tieProcedure', 'lateDecisions'] as const;
const VOTES = ['selection', 'reselect', 'abstain', 'spoilt'] as const;

/** How each field is named in a sentence. */
const FIELD_WORDS: Record<string, string> = {
  name: 'the name',
  withdrawn: 'withdrawn',
  kind: 'the kind',
  eligible: 'eligible',
  result: 'the result',
  branch: 'the branch',
  date: 'the date',
  state: 'the status',
  attendance: 'present',
  eligibleAttendance: 'eligible present',
  overrides: "admitted on the chair's override",
  entitled: 'members entitled to attend',
  quorumRequired: 'the quorum',
  quorate: 'quorate',
  voting: 'votes cast',
  'votes.selection': 'votes for selection',
  'votes.reselect': 'votes for reselect',
  'votes.abstain': 'abstentions',
  'votes.spoilt': 'spoilt votes',
  'retake.selection': 'votes for selection in the retake',
  'retake.reselect': 'votes for reselect in the retake',
  'retake.abstain': 'abstentions in the retake',
  'retake.spoilt': 'spoilt votes in the retake',
  noVoteReason: 'why it is no vote',
  late: 'late',
  tieProcedure: 'how a tie is settled',
  lateDecisions: 'whether late decisions count',
  'arrears-settled': 'members admitted on arrears settled at the door',
  'resident-not-registrable': 'members admitted as resident but not registrable',
  receivedOn: 'the date received',
  method: 'how it arrived',
  admitted: 'members admitted',
  refused: 'people refused',
  override: "members admitted on the chair's override",
  provisional: 'provisional votes',
  status: 'the status',
  format: 'how it was held (in person or online)',
  participants: 'participants in the online report',
  admit: 'participants the chair admitted as a member',
  'not-member': 'participants the chair decided are not members',
  duplicate: 'participants the chair decided are a second device',
};

const DECISIONS = ['admit', 'not-member', 'duplicate'] as const;

interface Entry {
  seq: number;
  action: string;
  entity: string;
  entity_id: string | null;
  after: string | null;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const scalar = (v: unknown): Value | undefined => (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined);

/** The facts as the audit entries give them, replayed in order. */
export function rebuildFromLog(db: Db): { facts: Facts; unverifiable: string[] } {
  const facts: Facts = new Map();
  const unverifiable: string[] = [];
  let ballotId: string | null = null;
  const meetingBranch = new Map<number, number | undefined>();
  const checkins = new Map<number, Record<string, number>>();
  const meetingVersions = new Map<number, string[]>();
  /** Each online meeting's participants (as imported) and the chair's latest decision on each. */
  const decisions = new Map<number, { participants: Value | undefined; latest: Map<number, string> }>();
  const setParticipants = (meetingId: number) => {
    const d = decisions.get(meetingId);
    if (!d) return;
    const fields: FactRow['fields'] = { participants: d.participants };
    for (const k of DECISIONS) fields[k] = [...d.latest.values()].filter((v) => v === k).length;
    facts.set(`participants:${meetingId}`, { table: 'participant', label: `the participants of online meeting ${meetingId}`, fields });
  };
  const decisionsOf = (unit: 'branch' | 'affiliate', id: number) => [`unit_result:${unit}:${id}`, ...(unit === 'affiliate' ? [`affiliate_decision:${id}`] : [])];

  const cannot = (e: Entry, what: string) =>
    unverifiable.push(`Entry ${e.seq} (${e.action}) was written by an earlier version of Teller and does not record ${what}, so that cannot be checked against the tables.`);

  const dropMeeting = (id: number) => {
    facts.delete(`meeting:${id}`);
    facts.delete(`checkin:${id}`);
    facts.delete(`participants:${id}`);
    decisions.delete(id);
    checkins.delete(id);
    for (const key of meetingVersions.get(id) ?? []) facts.delete(key);
    meetingVersions.delete(id);
    meetingBranch.delete(id);
  };

  const setResult = (unit: 'branch' | 'affiliate', id: number, result: Value | undefined) => {
    if (result === null) facts.delete(`unit_result:${unit}:${id}`);
    else facts.set(`unit_result:${unit}:${id}`, { table: 'unit_result', label: `the result of ${unit} ${id}`, fields: { ballot: ballotId, result } });
  };

  const addVersion = (e: Entry, meetingId: number, version: unknown, state: string, figures: Json | null, votes: Json | null | undefined, retake: Json | null | undefined = null) => {
    if (typeof version !== 'number') {
      cannot(e, `the version number of meeting ${meetingId}'s record`);
      return;
    }
    const key = `meeting_version:${meetingId}/${version}`;
    const fields: FactRow['fields'] = { state };
    for (const f of FIGURES) fields[f] = figures ? (f === 'overrides' ? (scalar(figures[f]) ?? 0) : scalar(figures[f])) : undefined;
    for (const v of VOTES) fields[`votes.${v}`] = votes === null ? null : votes === undefined ? undefined : scalar(votes[v]);
    for (const v of VOTES) fields[`retake.${v}`] = retake === null ? null : retake === undefined ? undefined : scalar(retake[v]);
    facts.set(key, { table: 'meeting_version', label: `version ${version} of meeting ${meetingId}`, fields });
    meetingVersions.set(meetingId, [...(meetingVersions.get(meetingId) ?? []), key]);
    const meeting = facts.get(`meeting:${meetingId}`);
    if (meeting) meeting.fields.state = state;
    const branchId = meetingBranch.get(meetingId);
    if (branchId === undefined) cannot(e, `which branch meeting ${meetingId} belongs to`);
    else setResult('branch', branchId, figures ? scalar(figures.result) : undefined);
  };

  const rows = db.prepare('SELECT seq, action, entity, entity_id, after FROM audit_entry ORDER BY seq').iterate() as IterableIterator<Entry>;
  for (const e of rows) {
    const after = e.after === null ? null : obj(JSON.parse(e.after));
    const id = e.entity_id !== null && /^\d+$/.test(e.entity_id) ? Number(e.entity_id) : null;
    switch (e.action) {
      case 'ballot.create':
      case 'ballot.update': {
        ballotId = e.entity_id;
        const settings = obj(after?.settings);
        const earlier = facts.get(`ballot:${e.entity_id}`)?.fields ?? {};
        const fields: FactRow['fields'] = {};
        for (const k of SETTINGS) fields[k] = e.action === 'ballot.create' ? (settings ? scalar(settings[k]) : undefined) : earlier[k];
        facts.set(`ballot:${e.entity_id}`, { table: 'ballot', label: `the ballot ${e.entity_id}`, fields });
        // Whether each decision is late follows the closing date.
        const closesOn = scalar(after?.closesOn);
        if (typeof closesOn === 'string') {
          for (const [key, row] of facts) {
            if (key.startsWith('affiliate_decision:') && row.fields.ballot === e.entity_id && typeof row.fields.receivedOn === 'string') row.fields.late = row.fields.receivedOn > closesOn;
          }
        }
        break;
      }
      case 'ballot.settings': {
        const row = facts.get(`ballot:${e.entity_id ?? ''}`);
        if (row) for (const k of SETTINGS) row.fields[k] = scalar(after?.[k]);
        break;
      }
      case 'branch.add':
      case 'branch.rename':
        if (id === null) break;
        facts.set(`branch:${id}`, { table: 'branch', label: `branch ${id}`, fields: { name: scalar(after?.name), withdrawn: facts.get(`branch:${id}`)?.fields.withdrawn ?? false } });
        break;
      case 'affiliate.add':
      case 'affiliate.update':
        if (id === null) break;
        facts.set(`affiliate:${id}`, {
          table: 'affiliate',
          label: `affiliate ${id}`,
          fields: { name: scalar(after?.name), kind: scalar(after?.kind), eligible: scalar(after?.eligible), withdrawn: facts.get(`affiliate:${id}`)?.fields.withdrawn ?? false },
        });
        break;
      case 'branch.withdraw':
      case 'affiliate.withdraw': {
        const row = id === null ? undefined : facts.get(`${e.entity}:${id}`);
        if (row) row.fields.withdrawn = true;
        break;
      }
      case 'branch.delete':
      case 'affiliate.delete': {
        if (id === null) break;
        const unit = e.action === 'branch.delete' ? 'branch' : 'affiliate';
        facts.delete(`${unit}:${id}`);
        for (const key of decisionsOf(unit, id)) facts.delete(key);
        if (unit === 'branch') for (const [m, b] of meetingBranch) if (b === id) dropMeeting(m);
        break;
      }
      case 'result.record':
        if (id === null || (e.entity !== 'branch' && e.entity !== 'affiliate')) break;
        setResult(e.entity, id, scalar(after?.result));
        break;
      case 'affiliate.decision':
        if (id === null) break;
        setResult('affiliate', id, scalar(after?.result));
        facts.set(`affiliate_decision:${id}`, { table: 'affiliate_decision', label: `the decision of affiliate ${id}`, fields: { ballot: ballotId, receivedOn: scalar(after?.receivedOn), method: scalar(after?.method), late: scalar(after?.late) } });
        break;
      case 'meeting.open': {
        if (id === null) break;
        const branchId = typeof after?.branchId === 'number' ? after.branchId : undefined;
        if (branchId === undefined) cannot(e, `which branch meeting ${id} belongs to`);
        meetingBranch.set(id, branchId);
        facts.set(`meeting:${id}`, { table: 'meeting', label: `meeting ${id}`, fields: { ballot: ballotId, branch: branchId, date: scalar(after?.date), state: 'open', withdrawn: false, format: 'in-person' } });
        break;
      }
      case 'meeting.format': {
        const row = id === null ? undefined : facts.get(`meeting:${id}`);
        if (row) row.fields.format = scalar(after?.format);
        break;
      }
      case 'participants.import': {
        if (id === null) break;
        decisions.set(id, { participants: scalar(after?.participants), latest: new Map() });
        setParticipants(id);
        break;
      }
      case 'participant.decide': {
        const participantId = after?.participantId;
        const decision = after?.decision;
        const d = id === null ? undefined : decisions.get(id);
        if (id === null || !d || typeof participantId !== 'number' || typeof decision !== 'string') {
          cannot(e, 'the participant and decision it records');
          break;
        }
        d.latest.set(participantId, decision);
        setParticipants(id);
        break;
      }
      case 'meeting.close':
      case 'meeting.correct': {
        if (id === null) break;
        const figures = obj(after?.figures);
        if (!figures) cannot(e, `the figures of meeting ${id}`);
        const record = obj(after?.record);
        const votes = obj(after?.votes) ?? obj(record?.votes) ?? undefined;
        if (!votes) cannot(e, `the votes at meeting ${id}`);
        // Records from before retakes were kept say nothing of one: not compared.
        const retake = record && 'retake' in record ? obj(record.retake) : undefined;
        addVersion(e, id, after?.version, 'closed', figures, votes, retake);
        break;
      }
      case 'meeting.not-held':
      case 'meeting.abandoned': {
        if (id === null) break;
        // Entries from before figures were recorded here: the desk's figures at that moment, from the check-ins replayed so far.
        const desk = checkins.get(id) ?? {};
        const n = (o: string) => desk[o] ?? 0;
        const figures = obj(after?.figures) ?? {
          attendance: n('admitted') + n('override') + n('provisional'),
          eligibleAttendance: n('admitted'),
          overrides: n('override'),
          entitled: null,
          quorumRequired: null,
          quorate: false,
          voting: 0,
          result: 'no-vote',
        };
        addVersion(e, id, after?.version, e.action.slice('meeting.'.length), figures, null);
        break;
      }
      case 'meeting.withdraw': {
        const row = id === null ? undefined : facts.get(`meeting:${id}`);
        if (row) row.fields.withdrawn = true;
        break;
      }
      case 'checkin.undo': {
        // A check-in undone while the meeting was open: its row went, so its count goes down.
        const meetingId = after?.meetingId;
        const outcome = after?.outcome;
        const counts = typeof meetingId === 'number' ? checkins.get(meetingId) : undefined;
        if (typeof meetingId !== 'number' || typeof outcome !== 'string' || !counts) {
          cannot(e, 'the meeting and outcome of the check-in it undoes');
          break;
        }
        counts[outcome] = (counts[outcome] ?? 0) - 1;
        // The tables hold no check-ins at a meeting whose every one was undone.
        if (Object.values(counts).every((n) => n === 0)) {
          checkins.delete(meetingId);
          facts.delete(`checkin:${meetingId}`);
        } else facts.set(`checkin:${meetingId}`, { table: 'checkin', label: `the check-ins at meeting ${meetingId}`, fields: { ...counts } });
        break;
      }
      default:
        if (e.action.startsWith('checkin.')) {
          const meetingId = after?.meetingId;
          const outcome = after?.outcome;
          if (typeof meetingId !== 'number' || typeof outcome !== 'string') {
            cannot(e, 'the meeting and outcome of a check-in');
            break;
          }
          const counts = checkins.get(meetingId) ?? Object.fromEntries([...OUTCOMES, ...EXCEPTIONS].map((o) => [o, 0]));
          counts[outcome] = (counts[outcome] ?? 0) + 1;
          const exceptions = Array.isArray(after?.exceptions) ? after.exceptions : [];
          for (const x of exceptions) if (typeof x === 'string') counts[x] = (counts[x] ?? 0) + 1;
          checkins.set(meetingId, counts);
          facts.set(`checkin:${meetingId}`, { table: 'checkin', label: `the check-ins at meeting ${meetingId}`, fields: { ...counts } });
        } else if (e.action === 'complaint.log' || e.action === 'complaint.update' || e.action === 'complaint.edit') {
          if (id !== null) facts.set(`complaint:${id}`, { table: 'complaint', label: `complaint ${id}`, fields: { status: scalar(after?.status) } });
        }
    }
  }
  return { facts, unverifiable };
}

function hasColumn(db: Db, table: string, column: string): boolean {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
}

/** The same facts as the tables hold them now. */
export function readTableFacts(db: Db): Facts {
  const facts: Facts = new Map();
  for (const b of db.prepare('SELECT id, name, withdrawn_at FROM branch').all() as { id: number; name: string; withdrawn_at: string | null }[]) {
    facts.set(`branch:${b.id}`, { table: 'branch', label: `branch ${b.id}`, fields: { name: b.name, withdrawn: b.withdrawn_at !== null } });
  }
  for (const a of db.prepare('SELECT id, name, kind, eligible, withdrawn_at FROM affiliate').all() as { id: number; name: string; kind: string; eligible: number; withdrawn_at: string | null }[]) {
    facts.set(`affiliate:${a.id}`, { table: 'affiliate', label: `affiliate ${a.id}`, fields: { name: a.name, kind: a.kind, eligible: a.eligible === 1, withdrawn: a.withdrawn_at !== null } });
  }
  for (const b of db.prepare('SELECT id, settings FROM ballot').all() as { id: string; settings: string }[]) {
    const settings = obj(JSON.parse(b.settings)) ?? {};
    facts.set(`ballot:${b.id}`, { table: 'ballot', label: `the ballot ${b.id}`, fields: Object.fromEntries(SETTINGS.map((k) => [k, scalar(settings[k]) ?? null])) });
  }
  for (const r of db.prepare('SELECT ballot_id, branch_id, affiliate_id, result FROM unit_result').all() as { ballot_id: string; branch_id: number | null; affiliate_id: number | null; result: string }[]) {
    const [unit, id] = r.branch_id !== null ? ['branch', r.branch_id] : ['affiliate', r.affiliate_id];
    facts.set(`unit_result:${unit}:${id}`, { table: 'unit_result', label: `the result of ${unit} ${id}`, fields: { ballot: r.ballot_id, result: r.result } });
  }
  for (const d of db.prepare('SELECT ballot_id, affiliate_id, received_on, method, late FROM affiliate_decision').all() as { ballot_id: string; affiliate_id: number; received_on: string; method: string; late: number }[]) {
    facts.set(`affiliate_decision:${d.affiliate_id}`, { table: 'affiliate_decision', label: `the decision of affiliate ${d.affiliate_id}`, fields: { ballot: d.ballot_id, receivedOn: d.received_on, method: d.method, late: d.late === 1 } });
  }
  for (const m of db.prepare('SELECT id, ballot_id, branch_id, date, state, withdrawn_at, format FROM meeting').all() as {
    id: number;
    ballot_id: string;
    branch_id: number;
    date: string;
    state: string;
    withdrawn_at: string | null;
    format: string;
  }[]) {
    facts.set(`meeting:${m.id}`, { table: 'meeting', label: `meeting ${m.id}`, fields: { ballot: m.ballot_id, branch: m.branch_id, date: m.date, state: m.state, withdrawn: m.withdrawn_at !== null, format: m.format } });
  }
  const reports = db.prepare('SELECT meeting_id FROM participant_report').all() as { meeting_id: number }[];
  for (const r of reports) {
    const counts = db.prepare('SELECT decision, COUNT(*) AS n FROM participant WHERE meeting_id = ? GROUP BY decision').all(r.meeting_id) as { decision: string | null; n: number }[];
    const fields: FactRow['fields'] = { participants: counts.reduce((s, c) => s + c.n, 0) };
    for (const k of DECISIONS) fields[k] = counts.find((c) => c.decision === k)?.n ?? 0;
    facts.set(`participants:${r.meeting_id}`, { table: 'participant', label: `the participants of online meeting ${r.meeting_id}`, fields });
  }
  for (const v of db.prepare('SELECT meeting_id, version, state, record, figures FROM meeting_version').all() as { meeting_id: number; version: number; state: string; record: string | null; figures: string }[]) {
    const figures = obj(JSON.parse(v.figures)) ?? {};
    const record = v.record === null ? null : obj(JSON.parse(v.record));
    const votes = v.record === null ? null : (obj(record?.votes) ?? {});
    const retake = obj(record?.retake);
    const fields: FactRow['fields'] = { state: v.state };
    for (const f of FIGURES) fields[f] = f === 'overrides' ? (scalar(figures[f]) ?? 0) : (scalar(figures[f]) ?? null);
    for (const k of VOTES) fields[`votes.${k}`] = votes === null ? null : (scalar(votes[k]) ?? null);
    for (const k of VOTES) fields[`retake.${k}`] = retake === null ? null : (scalar(retake[k]) ?? null);
    facts.set(`meeting_version:${v.meeting_id}/${v.version}`, { table: 'meeting_version', label: `version ${v.version} of meeting ${v.meeting_id}`, fields });
  }
  for (const c of db.prepare('SELECT meeting_id, outcome, exceptions, COUNT(*) AS n FROM checkin GROUP BY meeting_id, outcome, exceptions').all() as { meeting_id: number; outcome: string; exceptions: string; n: number }[]) {
    const key = `checkin:${c.meeting_id}`;
    const row = facts.get(key) ?? { table: 'checkin', label: `the check-ins at meeting ${c.meeting_id}`, fields: Object.fromEntries([...OUTCOMES, ...EXCEPTIONS].map((o) => [o, 0])) };
    row.fields[c.outcome] = (Number(row.fields[c.outcome]) || 0) + c.n;
    for (const x of JSON.parse(c.exceptions) as unknown[]) if (typeof x === 'string') row.fields[x] = (Number(row.fields[x]) || 0) + c.n;
    facts.set(key, row);
  }
  for (const c of db.prepare('SELECT id, status FROM complaint').all() as { id: number; status: string }[]) {
    facts.set(`complaint:${c.id}`, { table: 'complaint', label: `complaint ${c.id}`, fields: { status: c.status } });
  }
  return facts;
}

const shown = (v: Value | undefined): string => (v === null || v === undefined ? 'nothing' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : typeof v === 'string' ? `"${v}"` : String(v));

/** A fact's label with the unit's name when the tables know it, e.g. `branch 2 (Fernley South)`. */
function named(label: string, key: string, table: Facts): string {
  const unit = /(branch|affiliate)(?:_decision)?:(\d+)$/.exec(key);
  if (!unit) return label;
  const name = table.get(`${unit[1]}:${unit[2]}`)?.fields.name;
  return typeof name === 'string' ? `${label} (${name})` : label;
}

/**
 * Rebuilds the facts from the audit entries and names every difference from the tables.
 * A store whose tables predate this version of Teller is not compared, and says so.
 */
export function compareLogWithTables(db: Db): RecordComparison {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version < LATEST_VERSION || !hasColumn(db, 'branch', 'withdrawn_at')) {
    return {
      compared: false,
      differences: [],
      unverifiable: [`This store's tables are from an earlier version of Teller, so they were not checked against the audit trail: open the store in this version of Teller once, then check again.`],
    };
  }
  const { facts: log, unverifiable } = rebuildFromLog(db);
  const table = readTableFacts(db);
  const differences: RecordDifference[] = [];
  for (const [key, l] of log) {
    const t = table.get(key);
    const label = named(l.label, key, table);
    if (!t) {
      differences.push({ table: l.table, row: key, field: null, inLog: 'present', inTable: 'absent', message: `${capital(label)} is in the audit trail but not in the ${l.table} table: it was deleted behind Teller's back.` });
      continue;
    }
    for (const [field, value] of Object.entries(l.fields)) {
      if (value === undefined) continue;
      const other = t.fields[field] ?? null;
      if (other !== value) {
        differences.push({
          table: l.table,
          row: key,
          field,
          inLog: value,
          inTable: other,
          message: `${capital(label)}: ${FIELD_WORDS[field] ?? field} is ${shown(value)} in the audit trail but ${shown(other)} in the ${l.table} table.`,
        });
      }
    }
  }
  for (const [key, t] of table) {
    if (log.has(key)) continue;
    differences.push({ table: t.table, row: key, field: null, inLog: 'absent', inTable: 'present', message: `${capital(named(t.label, key, table))} is in the ${t.table} table but no audit entry records it: it was added behind Teller's back.` });
  }
  return { compared: true, differences, unverifiable };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The refusal an export gives when the tables differ from the log: one sentence naming each difference. */
export function differencesSentence(differences: RecordDifference[]): string {
  const shownAt = 5;
  const listed = differences.slice(0, shownAt).map((d) => d.message.charAt(0).toLowerCase() + d.message.slice(1).replace(/\.$/, ''));
  const more = differences.length > shownAt ? `; and ${differences.length - shownAt} more (run "teller audit verify" to see them all)` : '';
  return `This report cannot be exported, because the store's tables no longer match its audit trail: ${listed.join('; ')}${more}.`;
}
