const dayDistance = (a: string, b: string) => Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`));

/**
 * The date the door desk's form starts with (ISO dates throughout): today while branch
 * meetings can be held; otherwise the branch's open meeting nearest today, or else the
 * nearest day of the timetable. `outside`: today is outside the timetable, so the secretary
 * is asked to check the date.
 */
export function defaultDeskDate(today: string, timetable: { opensOn: string; closesOn: string }, openMeetings: readonly string[]): { date: string; outside: boolean } {
  if (today >= timetable.opensOn && today <= timetable.closesOn) return { date: today, outside: false };
  const nearest = [...openMeetings].sort((a, b) => dayDistance(a, today) - dayDistance(b, today) || (a < b ? -1 : 1))[0];
  return { date: nearest ?? (today < timetable.opensOn ? timetable.opensOn : timetable.closesOn), outside: true };
}
