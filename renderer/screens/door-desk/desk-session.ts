/*
 * What the door desk remembers for the browser session (sessionStorage: this window, until it
 * closes): who is at the desk, and which meeting's desk is open, per store, so switching to
 * another page and back, or reloading, returns to the same desk.
 */

const PERSON = 'teller.desk.person';
const meetingKey = (storePath: string) => `teller.desk.meeting:${storePath}`;

function read(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null; // storage refused (private mode): the desk simply asks again
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, value);
  } catch {
    // Storage refused: nothing is remembered, which only means asking again.
  }
}

export function rememberedPerson(): string {
  return read(PERSON) ?? '';
}

export function rememberPerson(name: string): void {
  write(PERSON, name.trim() || null);
}

export function rememberedMeeting(storePath: string): number | null {
  const v = Number(read(meetingKey(storePath)));
  return Number.isInteger(v) && v > 0 ? v : null;
}

export function rememberMeeting(storePath: string, meetingId: number | null): void {
  write(meetingKey(storePath), meetingId === null ? null : String(meetingId));
}
