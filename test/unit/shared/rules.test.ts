import { describe, expect, it } from 'vitest';
import { ballotProblems } from '../../../shared/ballot-rules';
import { describeRules, presetById, RULE_PRESETS, ruleSetProblems, type RuleSet } from '../../../shared/rules';

const college: RuleSet = presetById('labour-2021')!.rules;

describe('rule sets', () => {
  it('ships both presets with a source, and the 2021 doubts', () => {
    expect(RULE_PRESETS.map((p) => p.rules.id)).toEqual(['labour-2018', 'labour-2021']);
    for (const p of RULE_PRESETS) {
      expect(ruleSetProblems(p.rules)).toEqual([]);
      expect(p.source.length).toBeGreaterThan(20);
    }
    expect(presetById('labour-2021')!.doubts.join(' ')).toMatch(/ties|tied/);
    expect(presetById('labour-2021')!.doubts.join(' ')).toMatch(/no voting units/);
  });

  it('matches SPEC.md for labour-2018', () => {
    expect(presetById('labour-2018')!.rules).toEqual({ id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' });
  });

  it('refuses a threshold of 0 or above 1', () => {
    expect(ruleSetProblems({ ...college, threshold: '0/1' })[0]?.message).toMatch(/more than 0/);
    expect(ruleSetProblems({ ...college, threshold: '4/3' })[0]?.message).toMatch(/no more than 1/);
    expect(ruleSetProblems({ ...college, threshold: 'half' })[0]?.field).toBe('threshold');
  });

  it('refuses a strict threshold of 1, which no share can pass', () => {
    expect(ruleSetProblems({ ...college, threshold: '1/1', strict: true })).toHaveLength(1);
    expect(ruleSetProblems({ ...college, threshold: '1/1', strict: false })).toEqual([]);
  });

  it('refuses college weights that do not sum to 1', () => {
    const p = ruleSetProblems({ ...college, weights: { branches: '1/2', affiliates: '1/3' } });
    expect(p).toEqual([{ field: 'weights', message: 'The two weights must add up to exactly 1.' }]);
    expect(ruleSetProblems({ ...college, weights: { branches: '2/3', affiliates: '1/3' } })).toEqual([]);
  });

  it('refuses weights or an empty-class rule on methods that have none', () => {
    expect(ruleSetProblems({ ...college, method: 'either' }).map((p) => p.field)).toEqual(['weights', 'emptyClass']);
  });

  it('describes the rules in plain English', () => {
    const lines = describeRules(college);
    expect(lines[0]).toBe(
      'An electoral college: branches carry one half of the weight and affiliates one half. A selection is triggered if the combined selection share is more than one half.',
    );
    expect(describeRules(presetById('labour-2018')!.rules)[0]).toMatch(/at least one third of branches, or at least one third of affiliates/);
  });
});

describe('ballot dates', () => {
  const base = { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: college };

  it('accepts a freeze date before the meetings and a closing date after them', () => {
    expect(ballotProblems(base)).toEqual([]);
  });

  it('refuses a freeze date after branch meetings open', () => {
    expect(ballotProblems({ ...base, freezeDate: '2026-06-02' })).toEqual([
      { field: 'freezeDate', message: 'The freeze date (2 June 2026) must not be after branch meetings open (1 June 2026).' },
    ]);
  });

  it('refuses a closing date before meetings open', () => {
    expect(ballotProblems({ ...base, closesOn: '2026-05-31' })[0]?.field).toBe('closesOn');
  });
});
