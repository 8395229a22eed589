import { csvCell } from '../../shared/lists/csv';

/*
 * Participant reports in the layouts Zoom and Microsoft Teams write, for invented people
 * (tests, the demo): Zoom's "Participants" export, alone or after its meeting-details block,
 * and Teams' attendance report (UTF-16 LE with a BOM, tab-separated, numbered sections).
 */

export interface SyntheticParticipant {
  /** As the platform shows it; Zoom writes a changed name with the original in brackets. */
  name: string;
  email: string;
  /** Local times, `YYYY-MM-DDTHH:MM:SS`. */
  join: string;
  leave: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function parts(t: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const [date = '', time = ''] = t.split('T');
  const [y = 0, mo = 0, d = 0] = date.split('-').map(Number);
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  return { y, mo, d, h, mi, s };
}

const twelve = (h: number) => ({ h: h % 12 === 0 ? 12 : h % 12, half: h < 12 ? 'AM' : 'PM' });

/** Zoom's time: `06/14/2026 07:02:11 PM`. */
export function zoomTime(t: string): string {
  const p = parts(t);
  const { h, half } = twelve(p.h);
  return `${pad(p.mo)}/${pad(p.d)}/${p.y} ${pad(h)}:${pad(p.mi)}:${pad(p.s)} ${half}`;
}

/** Teams' time: `6/14/26, 7:02:11 PM`. */
export function teamsTime(t: string): string {
  const p = parts(t);
  const { h, half } = twelve(p.h);
  return `${p.mo}/${p.d}/${String(p.y % 100).padStart(2, '0')}, ${h}:${pad(p.mi)}:${pad(p.s)} ${half}`;
}

const minutesBetween = (a: string, b: string) => Math.max(1, Math.round((Date.parse(`${b}Z`) - Date.parse(`${a}Z`)) / 60000));

/** Zoom's participants export; with `details`, the meeting-details block (and a blank line) comes first. */
export function zoomParticipantsCsv(people: readonly SyntheticParticipant[], details?: { topic: string; start: string; end: string; host: string }): string {
  const head = 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room';
  const rows = people.map((p) => [p.name, p.email, zoomTime(p.join), zoomTime(p.leave), String(minutesBetween(p.join, p.leave)), p.email ? 'No' : 'Yes', '', 'No'].map(csvCell).join(','));
  const table = [head, ...rows].join('\r\n');
  if (!details) return `${table}\r\n`;
  const block = [
    'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants',
    ['812 3456 7890', details.topic, zoomTime(details.start), zoomTime(details.end), details.host, String(minutesBetween(details.start, details.end)), String(people.length)].map(csvCell).join(','),
  ].join('\r\n');
  return `${block}\r\n\r\n${table}\r\n`;
}

const duration = (a: string, b: string) => {
  const m = minutesBetween(a, b);
  return m >= 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m}m`;
};

/** Teams' attendance report as the file it downloads: UTF-16 LE with a BOM, tab-separated. */
export function teamsAttendanceReport(people: readonly SyntheticParticipant[], meeting: { title: string; start: string; end: string }): Buffer {
  const lines = [
    '1. Summary',
    `Meeting title\t${meeting.title}`,
    `Attended participants\t${people.length}`,
    `Start time\t${teamsTime(meeting.start)}`,
    `End time\t${teamsTime(meeting.end)}`,
    `Meeting duration\t${duration(meeting.start, meeting.end)}`,
    '',
    '2. Participants',
    'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
    ...people.map((p) => [p.name, teamsTime(p.join), teamsTime(p.leave), duration(p.join, p.leave), p.email, p.email, 'Attendee'].join('\t')),
    '',
    '3. In-Meeting Activities',
    'Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole',
    ...people.map((p) => [p.name, teamsTime(p.join), teamsTime(p.leave), duration(p.join, p.leave), p.email, 'Attendee'].join('\t')),
  ];
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le')]);
}
