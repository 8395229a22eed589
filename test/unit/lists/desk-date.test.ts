import { describe, expect, it } from 'vitest';
import { defaultDeskDate } from '../../../renderer/screens/door-desk/desk-date';

const timetable = { opensOn: '2026-06-01', closesOn: '2026-07-17' };

describe('the date the door desk offers', () => {
  it('is today while branch meetings can be held', () => {
    expect(defaultDeskDate('2026-06-01', timetable, ['2026-06-10'])).toEqual({ date: '2026-06-01', outside: false });
    expect(defaultDeskDate('2026-07-17', timetable, [])).toEqual({ date: '2026-07-17', outside: false });
  });

  it('outside the timetable, is the open meeting nearest today, and asks to check it', () => {
    expect(defaultDeskDate('2026-11-28', timetable, ['2026-06-10', '2026-07-02', '2026-06-20'])).toEqual({ date: '2026-07-02', outside: true });
    expect(defaultDeskDate('2026-05-20', timetable, ['2026-06-10', '2026-07-02'])).toEqual({ date: '2026-06-10', outside: true });
  });

  it('with no open meeting, is the nearest day of the timetable', () => {
    expect(defaultDeskDate('2026-05-20', timetable, [])).toEqual({ date: '2026-06-01', outside: true });
    expect(defaultDeskDate('2026-11-28', timetable, [])).toEqual({ date: '2026-07-17', outside: true });
  });
});
