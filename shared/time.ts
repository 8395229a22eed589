import { formatUkDate } from './dates';

/*
 * Time, in one place. Instants are stored as UTC ISO strings to the second; they are shown in
 * UK local time (Europe/London) with the zone's name, and "today" is the date in the UK, for
 * the store and the screens alike, wherever the computer's clock is set.
 */

const UK_ZONE = 'Europe/London';

const ukParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

function partsInUk(at: Date): { date: string; time: string; zone: string } {
  const p = Object.fromEntries(ukParts.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, zone: p.timeZoneName ?? '' };
}

/** The one way an instant is written for storage: UTC to the second, e.g. "2026-06-14T20:05:00Z". */
export function utcInstant(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** Today's date in the UK as YYYY-MM-DD: the one "today" of the store and the screens. */
export function ukToday(now: Date = new Date()): string {
  return partsInUk(now).date;
}

/** A stored instant → "14 June 2026, 21:05 BST": UK local time with the zone's name. */
export function formatUkTimestamp(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const p = partsInUk(at);
  return `${formatUkDate(p.date)}, ${p.time} ${p.zone}`;
}

/** A stored instant → "21:05 BST": the time of day in the UK, for events of one evening. */
export function formatUkClock(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const p = partsInUk(at);
  return `${p.time} ${p.zone}`;
}
