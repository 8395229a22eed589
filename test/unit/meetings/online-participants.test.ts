import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchParticipants, readParticipantReport, readPlatformTime } from '../../../shared/lists/participants';
import { teamsAttendanceReport, teamsTime, zoomParticipantsCsv, zoomTime, type SyntheticParticipant } from '../../../db/meetings/online-synthetic-reports';
import { syntheticMembers } from '../../../db/members/synthetic-members';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** Invented people from the synthetic members, at a meeting on 14 June 2026 from 19:00. */
function people(n: number): SyntheticParticipant[] {
  return syntheticMembers(n, ['Ashbrook West'], 11).map((m, i) => ({
    name: `${m.first} ${m.last}`,
    email: `${m.number.toLowerCase()}@example.invalid`,
    join: `2026-06-14T19:${String(i % 60).padStart(2, '0')}:11`,
    leave: `2026-06-14T21:0${i % 10}:00`,
  }));
}

const localTime = fc
  .record({ y: fc.integer({ min: 2000, max: 2099 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) })
  .map(({ y, mo, d, h, mi, s }) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}`);

describe('platform times', () => {
  it('reads Zoom and Teams times, 12-hour and 24-hour', () => {
    expect(readPlatformTime('06/14/2026 07:02:11 PM')).toBe('2026-06-14T19:02:11');
    expect(readPlatformTime('6/14/26, 7:02:11 PM')).toBe('2026-06-14T19:02:11');
    expect(readPlatformTime('06/14/2026 12:00:00 AM')).toBe('2026-06-14T00:00:00');
    expect(readPlatformTime('06/14/2026 12:30:00 PM')).toBe('2026-06-14T12:30:00');
    expect(readPlatformTime('06/14/2026 19:02')).toBe('2026-06-14T19:02:00');
    expect(readPlatformTime('6/15/26, 12:00:00 p.m.')).toBe('2026-06-15T12:00:00');
    expect(readPlatformTime('2026-06-14 19:02:11')).toBe('2026-06-14T19:02:11');
    expect(readPlatformTime('2026-06-14 19:02')).toBe('2026-06-14T19:02:00');
  });

  it('refuses what is not a real time', () => {
    for (const bad of ['', '14/06/2026 19:02:11', '02/30/2026 07:00:00 PM', '06/14/2026 13:00:00 PM', '06/14/2026 24:00:00', '06/14/2026 07:61:00 PM', 'yesterday', '2026-02-30 19:02', '2026-06-14 7:02 PM']) {
      expect(readPlatformTime(bad), bad).toBeNull();
    }
  });

  it('reads back every time either platform writes (property)', () => {
    fc.assert(
      fc.property(localTime, (t) => {
        expect(readPlatformTime(zoomTime(t))).toBe(t);
        expect(readPlatformTime(teamsTime(t))).toBe(t);
      }),
    );
  });

  it('never throws, and whatever it reads is a real time (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const t = readPlatformTime(s);
        if (t !== null) expect(new Date(`${t}Z`).toISOString().slice(0, 19)).toBe(t);
      }),
    );
  });
});

describe('participant reports', () => {
  it("reads Zoom's participants export, putting one device's rejoins together", () => {
    const list = people(5);
    const rejoin = { ...list[1]!, join: '2026-06-14T21:20:00', leave: '2026-06-14T21:30:00' };
    const report = readParticipantReport(utf8(zoomParticipantsCsv([...list, rejoin])));
    expect(report.platform).toBe('zoom');
    expect(report.rows).toBe(6);
    expect(report.participants).toHaveLength(5);
    const twice = report.participants.find((p) => p.email === list[1]!.email)!;
    expect(twice).toMatchObject({ sessions: 2, joinedAt: list[1]!.join, leftAt: '2026-06-14T21:30:00' });
  });

  it("reads Zoom's meeting-details variant, with the header block before the table", () => {
    const list = people(4);
    const csv = zoomParticipantsCsv(list, { topic: 'Ashbrook West branch, trigger ballot', start: '2026-06-14T18:55:00', end: '2026-06-14T21:10:00', host: 'host@example.invalid' });
    expect(csv.startsWith('Meeting ID,Topic')).toBe(true);
    const report = readParticipantReport(utf8(csv));
    expect(report.participants.map((p) => p.name)).toEqual(list.map((p) => p.name));
    expect(report.participants[0]).toMatchObject({ email: list[0]!.email, joinedAt: list[0]!.join, leftAt: list[0]!.leave, sessions: 1 });
  });

  it("splits Zoom's renamed participants into the name shown and the original", () => {
    const [p] = people(1);
    const report = readParticipantReport(utf8(zoomParticipantsCsv([{ ...p!, name: `Kitchen iPad (${p!.name})` }])));
    expect(report.participants[0]).toMatchObject({ name: 'Kitchen iPad', originalName: p!.name });
  });

  it("reads Teams' attendance report: UTF-16 LE, tab-separated, the Participants section only", () => {
    const list = people(6);
    const bytes = teamsAttendanceReport(list, { title: 'Ashbrook West branch meeting', start: '2026-06-14T18:55:00', end: '2026-06-14T21:10:00' });
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const report = readParticipantReport(new Uint8Array(bytes));
    expect(report.platform).toBe('teams');
    expect(report.rows).toBe(6); // section 3 (in-meeting activities) is not read as more people
    expect(report.participants.map((p) => [p.name, p.email, p.joinedAt, p.leftAt])).toEqual(list.map((p) => [p.name, p.email, p.join, p.leave]));
  });

  it("takes a Teams report's email from the sign-in name (UPN) when it has no Email column", () => {
    const text = ['2. Participants', 'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tParticipant ID (UPN)\tRole', 'Ann Ash\t6/14/26, 7:02:11 PM\t6/14/26, 8:02:11 PM\t1h\tann.ash@example.invalid\tAttendee'].join('\r\n');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readParticipantReport(new Uint8Array(bytes)).participants[0]).toMatchObject({ name: 'Ann Ash', email: 'ann.ash@example.invalid', minutes: 60 });
  });

  it('refuses files that are not participant reports, or rows it cannot read, in one sentence', () => {
    const cases: [Uint8Array, RegExp][] = [
      [utf8(''), /^The file is empty/],
      [utf8('Membership Number,First Name\nL1,Ann\n'), /^This is not a Zoom or Teams participant report/],
      [utf8('Name (Original Name),User Email,Join Time,Leave Time\nAnn,a@x.invalid,14/06/2026 19:00,06/14/2026 08:00:00 PM\n'), /join time Teller cannot read \("14\/06\/2026 19:00"\)/],
      [utf8('Name (Original Name),User Email,Join Time,Leave Time\nAnn,a@x.invalid,06/14/2026 09:00:00 PM,06/14/2026 08:00:00 PM\n'), /line 2 leaves before it joins/],
      [utf8('Name (Original Name),User Email,Join Time,Leave Time\n'), /lists no participants/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => readParticipantReport(bytes)).toThrow(message);
    }
  });
});

describe('matching participants to members', () => {
  const members = [
    { id: 1, fullName: 'Zoë Ashworth', email: 'zoe@example.invalid' },
    { id: 2, fullName: "Seán O'Dwyer", email: 'family@example.invalid' },
    { id: 3, fullName: "Orla O'Dwyer", email: 'family@example.invalid' },
    { id: 4, fullName: 'Priya Kettering', email: '' },
    { id: 5, fullName: 'Wyn Jowett', email: '' },
    { id: 6, fullName: 'Wyn Jowett', email: '' },
  ];
  const p = (name: string, email = '', originalName = '') => ({ name, email, originalName });

  it('matches by email (case ignored) first, then by name in any order and without accents', () => {
    expect(matchParticipants([p('Z A', 'ZOE@Example.invalid'), p('Kettering, Priya'), p('zoe ashworth')], members)).toEqual([
      { kind: 'email', memberId: 1 },
      { kind: 'name', memberId: 4 },
      { kind: 'same-member', memberId: 1 },
    ]);
  });

  it('settles an email two members share by the name, else lists both', () => {
    expect(matchParticipants([p('Orla ODwyer', 'family@example.invalid')], members)).toEqual([{ kind: 'email', memberId: 3 }]);
    expect(matchParticipants([p('The O’Dwyers', 'family@example.invalid')], members)).toEqual([{ kind: 'ambiguous', candidates: [2, 3] }]);
  });

  it("uses Zoom's original name when the name shown was changed", () => {
    expect(matchParticipants([p('Kitchen iPad', '', 'Priya Kettering')], members)).toEqual([{ kind: 'name', memberId: 4 }]);
  });

  it('lists namesakes as ambiguous and strangers as no match', () => {
    expect(matchParticipants([p('Wyn Jowett'), p('Guest 4471', 'guest@example.invalid')], members)).toEqual([{ kind: 'ambiguous', candidates: [5, 6] }, { kind: 'none' }]);
  });

  it('counts each member at most once, whatever the report (property)', () => {
    const names = ['Zoë Ashworth', 'zoe ashworth', 'Priya Kettering', 'Orla ODwyer', 'Wyn Jowett', 'Nobody Here'];
    const emails = ['', 'zoe@example.invalid', 'family@example.invalid', 'ZOE@EXAMPLE.INVALID', 'x@example.invalid'];
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.constantFrom(...names), email: fc.constantFrom(...emails), originalName: fc.constant('') }), { maxLength: 12 }), (list) => {
        const matched = matchParticipants(list, members).flatMap((m) => (m.kind === 'email' || m.kind === 'name' ? [m.memberId] : []));
        expect(new Set(matched).size).toBe(matched.length);
      }),
    );
  });
});
