import { describe, expect, it } from 'vitest';
import { DEFAULT_ELIGIBILITY, eligibilityAt, latestQualifyingJoinDate, type EligibilitySettings } from '../../../shared/lists/eligibility';

const settings: EligibilitySettings = { ...DEFAULT_ELIGIBILITY, freezeDate: '2021-11-09' };
const member = { joinDate: '2019-01-01', status: 'good-standing' as const, branch: 'Clementswood' };

describe('eligibilityAt', () => {
  it('admits a member of six months in good standing in the right branch', () => {
    expect(eligibilityAt(member, settings, 'Clementswood', null)).toEqual({ eligible: true, reasons: [], remedies: [] });
  });

  it('refuses a member who joined after the freeze date minus six months', () => {
    expect(eligibilityAt({ ...member, joinDate: '2022-03-03' }, settings, 'Clementswood', null)).toEqual({
      eligible: false,
      reasons: ['joined less than 6 months before the freeze date (9 November 2021)'],
      remedies: [],
    });
  });

  it('says the rule in words, however many months it asks for', () => {
    const late = { ...member, joinDate: '2021-11-10' };
    expect(eligibilityAt(late, { ...settings, minMonths: 1 }, 'Clementswood', null).reasons).toEqual(['joined less than 1 month before the freeze date (9 November 2021)']);
    expect(eligibilityAt(late, { ...settings, minMonths: 0 }, 'Clementswood', null).reasons).toEqual(['joined after the freeze date (9 November 2021)']);
  });

  it('counts the six months to the day', () => {
    expect(latestQualifyingJoinDate('2021-11-09', 6)).toBe('2021-05-09');
    expect(eligibilityAt({ ...member, joinDate: '2021-05-09' }, settings, 'Clementswood', null).eligible).toBe(true);
    expect(eligibilityAt({ ...member, joinDate: '2021-05-10' }, settings, 'Clementswood', null).eligible).toBe(false);
    expect(latestQualifyingJoinDate('2026-08-31', 6)).toBe('2026-02-28');
    expect(latestQualifyingJoinDate('2026-03-15', 15)).toBe('2024-12-15');
  });

  it('refuses a member in arrears, lapsed, suspended, resigned or expelled', () => {
    for (const [status, reason] of [
      ['arrears', 'in arrears'],
      ['lapsed', 'membership has lapsed'],
      ['suspended', 'suspended'],
      ['resigned', 'has resigned'],
      ['expelled', 'expelled'],
    ] as const) {
      expect(eligibilityAt({ ...member, status }, settings, 'Clementswood', null).reasons).toEqual([reason]);
    }
  });

  it('admits members in arrears when the ballot counts them in good standing', () => {
    expect(eligibilityAt({ ...member, status: 'arrears' }, { ...settings, goodStanding: ['good-standing', 'arrears'] }, 'Clementswood', null).eligible).toBe(true);
  });

  it('refuses a member of another branch, unless the ballot does not require it', () => {
    expect(eligibilityAt({ ...member, branch: 'Loxford' }, settings, 'Clementswood', null).reasons).toEqual(['lives in Loxford branch, this is Clementswood']);
    expect(eligibilityAt({ ...member, branch: 'Loxford' }, { ...settings, branchMustMatch: false }, 'Clementswood', null).eligible).toBe(true);
    expect(eligibilityAt({ ...member, branch: 'clementswood ' }, settings, 'Clementswood', null).eligible).toBe(true);
  });

  it('uses the electoral register only when the ballot requires a match', () => {
    const strict = { ...settings, registerRequired: true };
    expect(eligibilityAt(member, strict, 'Clementswood', 'matched').eligible).toBe(true);
    expect(eligibilityAt(member, strict, 'Clementswood', 'matched-elsewhere').reasons).toEqual(['on the electoral register at a different address']);
    expect(eligibilityAt(member, strict, 'Clementswood', 'not-found').reasons).toEqual(['not found on the electoral register']);
    expect(eligibilityAt(member, settings, 'Clementswood', 'not-found').eligible).toBe(true);
  });

  it('gives every reason at once', () => {
    const v = eligibilityAt({ joinDate: '2022-03-03', status: 'arrears', branch: 'Loxford' }, { ...settings, registerRequired: true }, 'Clementswood', 'not-found');
    expect(v).toEqual({
      eligible: false,
      reasons: [
        'joined less than 6 months before the freeze date (9 November 2021)',
        'in arrears',
        'lives in Loxford branch, this is Clementswood',
        'not found on the electoral register',
      ],
      remedies: [],
    });
  });
});
