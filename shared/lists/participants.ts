import { csvRecords, decodeCsvBytes, type CsvRecord } from './csv';
import { headerKey } from './member-fields';
import { searchText } from './search-text';

/*
 * The participant reports of online meetings, as the platforms write them, and the matching of
 * each participant to a member of the list:
 * - Zoom's "Participants" export (`Name (Original Name),User Email,Join Time,Leave Time,
 *   Duration (Minutes),Guest,…`), alone or after the meeting-details block; one row for each
 *   time someone joined, times like `06/14/2026 07:02:11 PM`;
 * - Microsoft Teams' attendance report: UTF-16 LE, tab-separated, in numbered sections
 *   ("1. Summary", "2. Participants" with `Name, First Join, Last Leave, In-Meeting Duration,
 *   Email, Participant ID (UPN), Role`), times like `6/14/26, 7:02:11 PM`.
 * Times are kept as written, as local wall-clock times `YYYY-MM-DDTHH:MM:SS`.
 */

type Platform = 'zoom' | 'teams';

/** One person (or device) in the report: rejoins under the same name and email are one participant. */
interface Participant {
  name: string;
  /** The name the platform knew before it was changed in the meeting (Zoom's "Original Name"), or ''. */
  originalName: string;
  email: string;
  /** Local times, `YYYY-MM-DDTHH:MM:SS`. */
  joinedAt: string;
  leftAt: string;
  /** Minutes in the meeting, all sessions together. */
  minutes: number;
  /** How many times they joined. */
  sessions: number;
}

interface ParticipantReport {
  platform: Platform;
  participants: Participant[];
  /** Rows of the participant table read (before rejoins were put together). */
  rows: number;
}

/** A problem with the whole report: nothing is imported from it. */
export class ParticipantReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParticipantReportError';
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

const AM_PM = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A platform's time (US order, month first: `06/14/2026 07:02:11 PM`, `6/14/26, 7:02:11 PM`,
 * or 24-hour `06/14/2026 19:02:11`; or year first, `2026-06-14 19:02:11`) as `YYYY-MM-DDTHH:MM:SS`; null if it is not a real time.
 * Two-digit years are 2000–2099 (meeting reports are never older).
 */
export function readPlatformTime(text: string): string | null {
  const iso = ISO.exec(text.trim());
  // Zoom's newer dashboard writes ISO order, year first: the same parts, rearranged.
  const m = iso ? [iso[0], iso[2], iso[3], iso[1], iso[4], iso[5], iso[6], undefined] : AM_PM.exec(text.trim());
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const year = m[3]?.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  let hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const half = m[7]?.toLowerCase();
  if (half !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'p' ? 12 : 0);
  } else if (hour > 23) return null;
  if (minute > 59 || second > 59 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

/** Seconds between two local times as readPlatformTime gives them. */
function secondsBetween(from: string, to: string): number {
  return (Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 1000;
}

/** UTF-16 (Teams writes LE with a BOM), else as CSV files are read. */
function decodeReport(bytes: Uint8Array): string {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be) return new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
  // UTF-16 LE without a BOM: every other byte of plain text is zero.
  let zeros = 0;
  const sample = Math.min(bytes.length, 400);
  for (let i = 1; i < sample; i += 2) if (bytes[i] === 0) zeros++;
  if (sample >= 8 && zeros > sample / 4) return new TextDecoder('utf-16le').decode(bytes);
  return decodeCsvBytes(bytes).text;
}

interface Columns {
  platform: Platform;
  name: number;
  email: number;
  join: number;
  leave: number;
}

/** The participant table's header: Zoom's or Teams' column names, wherever the row is. */
function participantColumns(r: CsvRecord): Columns | null {
  const keys = r.fields.map(headerKey);
  const at = (...names: string[]) => keys.findIndex((k) => names.includes(k));
  const name = at('nameoriginalname', 'usernameoriginalname', 'name', 'username', 'participant', 'fullname');
  // Teams reports without an Email column still have the sign-in name (UPN), an email address.
  const email = at('useremail', 'email', 'emailaddress') >= 0 ? at('useremail', 'email', 'emailaddress') : at('participantidupn', 'upn');
  const zoomJoin = at('jointime');
  const teamsJoin = at('firstjoin');
  if (name < 0 || email < 0) return null;
  if (teamsJoin >= 0) {
    const leave = at('lastleave');
    return leave < 0 ? null : { platform: 'teams', name, email, join: teamsJoin, leave };
  }
  if (zoomJoin >= 0) {
    const leave = at('leavetime');
    return leave < 0 ? null : { platform: 'zoom', name, email, join: zoomJoin, leave };
  }
  return null;
}

/** A section title of a Teams report ("3. In-Meeting Activities"): the participant table ends there. */
const SECTION = /^\d+\.\s+\S/;

/** "Jane's iPhone (Jane Doe)": the name shown and, in brackets, the one Zoom knew first. */
function splitZoomName(text: string): { name: string; originalName: string } {
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(text.trim());
  return m ? { name: (m[1] ?? '').trim(), originalName: (m[2] ?? '').trim() } : { name: text.trim(), originalName: '' };
}

/** Reads a Zoom or Teams participant report; one plain sentence when it is neither. */
export function readParticipantReport(bytes: Uint8Array): ParticipantReport {
  if (bytes.length === 0) throw new ParticipantReportError('The file is empty: export the participant report from Zoom or Teams again.');
  let text: string;
  try {
    text = decodeReport(bytes);
  } catch {
    throw new ParticipantReportError('This is not a participant report: Teller could not read it as text.');
  }
  const lines = text.split(/\r?\n/);
  const headerLine = lines.find((l) => /join time|first join/i.test(l)) ?? '';
  const separator = headerLine.includes('\t') ? '\t' : headerLine.split(';').length > headerLine.split(',').length ? ';' : ',';
  let columns: Columns | null = null;
  const rows: { line: number; name: string; originalName: string; email: string; join: string; leave: string }[] = [];
  const problems: string[] = [];
  for (const r of csvRecords(text, separator)) {
    if (!columns) {
      columns = participantColumns(r);
      continue;
    }
    const nonEmpty = r.fields.filter((f) => f.trim() !== '');
    if (nonEmpty.length === 1 && SECTION.test(nonEmpty[0] ?? '')) break;
    if (participantColumns(r)) break; // another table (Zoom's or Teams' activity list) begins
    const cell = (i: number) => (r.fields[i] ?? '').trim();
    const raw = cell(columns.name);
    if (raw === '' && cell(columns.join) === '') continue;
    const { name, originalName } = columns.platform === 'zoom' ? splitZoomName(raw) : { name: raw, originalName: '' };
    const join = readPlatformTime(cell(columns.join));
    const leave = readPlatformTime(cell(columns.leave));
    if (name === '') problems.push(`line ${r.line} has no name`);
    else if (!join) problems.push(`line ${r.line} has a join time Teller cannot read ("${cell(columns.join)}")`);
    else if (!leave) problems.push(`line ${r.line} has a leave time Teller cannot read ("${cell(columns.leave)}")`);
    else if (leave < join) problems.push(`line ${r.line} leaves before it joins`);
    else rows.push({ line: r.line, name, originalName, email: cell(columns.email), join, leave });
  }
  if (!columns) {
    throw new ParticipantReportError(
      'This is not a Zoom or Teams participant report: no row has the columns Name, Email and Join Time (Zoom) or First Join (Teams). Export the participant (attendance) report and try again.',
    );
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ');
    throw new ParticipantReportError(`The report cannot be read, so nothing was imported: ${shown}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}.`);
  }
  if (rows.length === 0) throw new ParticipantReportError('The report lists no participants, so there is nothing to import.');
  return { platform: columns.platform, participants: mergeRejoins(rows), rows: rows.length };
}

/** Rows of one device rejoining (same name and email) as one participant: first join, last leave, time in summed. */
function mergeRejoins(rows: readonly { name: string; originalName: string; email: string; join: string; leave: string }[]): Participant[] {
  const byKey = new Map<string, Participant>();
  for (const r of rows) {
    const key = `${searchText(r.originalName || r.name)}\u0000${r.email.toLowerCase()}`;
    const seconds = secondsBetween(r.join, r.leave);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { name: r.name, originalName: r.originalName, email: r.email, joinedAt: r.join, leftAt: r.leave, minutes: seconds / 60, sessions: 1 });
      continue;
    }
    seen.joinedAt = r.join < seen.joinedAt ? r.join : seen.joinedAt;
    seen.leftAt = r.leave > seen.leftAt ? r.leave : seen.leftAt;
    seen.minutes += seconds / 60;
    seen.sessions += 1;
  }
  return [...byKey.values()].map((p) => ({ ...p, minutes: Math.round(p.minutes) })).sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : 0));
}

/** A member as matching needs them. */
interface MatchableMember {
  id: number;
  fullName: string;
  email: string;
}

/**
 * How a participant was matched: by email; by name; the same member as an earlier
 * participant (another device); more than one member fits (`candidates`); or no member.
 */
export type ParticipantMatch =
  | { kind: 'email' | 'name'; memberId: number }
  | { kind: 'same-member'; memberId: number }
  | { kind: 'ambiguous'; candidates: number[] }
  | { kind: 'none' };

/** A name compared: accents, case and punctuation ignored, in any order ("Doe, Jane" = "Jane Doe"). */
function nameKey(name: string): string {
  return searchText(name).split(' ').filter(Boolean).sort().join(' ');
}

/**
 * Matches each participant (in the order given, earliest first) to a member: by email
 * (case ignored) first, then by name (Zoom's original name, then the name shown). An email
 * two members share is settled by the name if it picks one of them. A member matched
 * already by an earlier participant is "same-member": a second device, for the chair.
 */
export function matchParticipants(participants: readonly Pick<Participant, 'name' | 'originalName' | 'email'>[], members: readonly MatchableMember[]): ParticipantMatch[] {
  const byEmail = new Map<string, MatchableMember[]>();
  const byName = new Map<string, MatchableMember[]>();
  for (const m of members) {
    const e = m.email.trim().toLowerCase();
    if (e !== '') byEmail.set(e, [...(byEmail.get(e) ?? []), m]);
    const n = nameKey(m.fullName);
    if (n !== '') byName.set(n, [...(byName.get(n) ?? []), m]);
  }
  const seen = new Set<number>();
  return participants.map((p): ParticipantMatch => {
    const names = [p.originalName, p.name].map(nameKey).filter(Boolean);
    const sameName = (m: MatchableMember) => names.includes(nameKey(m.fullName));
    const email = p.email.trim().toLowerCase();
    let found: ParticipantMatch = { kind: 'none' };
    const emailMatches = email === '' ? [] : (byEmail.get(email) ?? []);
    if (emailMatches.length === 1 && emailMatches[0]) found = { kind: 'email', memberId: emailMatches[0].id };
    else if (emailMatches.length > 1) {
      const named = emailMatches.filter(sameName);
      found = named.length === 1 && named[0] ? { kind: 'email', memberId: named[0].id } : { kind: 'ambiguous', candidates: (named.length > 1 ? named : emailMatches).map((m) => m.id) };
    } else {
      for (const n of names) {
        const list = byName.get(n) ?? [];
        if (list.length === 1 && list[0]) {
          found = { kind: 'name', memberId: list[0].id };
          break;
        }
        if (list.length > 1) {
          found = { kind: 'ambiguous', candidates: list.map((m) => m.id) };
          break;
        }
      }
    }
    if (found.kind === 'email' || found.kind === 'name') {
      if (seen.has(found.memberId)) return { kind: 'same-member', memberId: found.memberId };
      seen.add(found.memberId);
    }
    return found;
  });
}
