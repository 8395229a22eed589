import { describe, expect, it } from 'vitest';
import { computeOutcome, NO_COUNTS, shareText, whatWouldItTake, type ClassCounts } from '../../../shared/outcome';
import { formatRatio } from '../../../shared/rational';
import { parseRules, presetById, type RuleSet } from '../../../shared/rules';

const labour2018 = parseRules(presetById('labour-2018')!.rules);
const labour2021 = parseRules(presetById('labour-2021')!.rules);
const counts = (c: Partial<ClassCounts>): ClassCounts => ({ ...NO_COUNTS, ...c });
const rules = (r: Partial<RuleSet>) => parseRules({ ...presetById('labour-2021')!.rules, ...r });

// SPEC.md worked example: 8 branches (5 selection, 3 reselect), 12 affiliates (2 selection, 8 reselect, 2 no-vote).
const specBranches = counts({ selection: 5, reselect: 3 });
const specAffiliates = counts({ selection: 2, reselect: 8, noVote: 2 });

describe('the worked example in SPEC.md', () => {
  it('is not triggered under labour-2021: 33/80 = 41.25%', () => {
    const o = computeOutcome(labour2021, specBranches, specAffiliates);
    expect(shareText(o)).toBe('33/80');
    expect(o.triggered).toBe(false);
  });

  it('is triggered under labour-2018: branches 5/8 reach one third', () => {
    const o = computeOutcome(labour2018, specBranches, specAffiliates);
    expect(o.triggered).toBe(true);
    expect(o.share).toBeNull();
    expect(o.classes.branches.reached).toBe(true);
    expect(o.classes.affiliates.reached).toBe(false); // 2/10 < 1/3
  });
});

describe('labour-2018 (either class, one third or more, voting units only)', () => {
  it('triggers at exactly one third, since strict is false', () => {
    expect(computeOutcome(labour2018, counts({ selection: 1, reselect: 2 }), NO_COUNTS).triggered).toBe(true);
    expect(computeOutcome(labour2018, counts({ selection: 1, reselect: 3 }), NO_COUNTS).triggered).toBe(false);
  });

  it('counts the third only over units that voted', () => {
    expect(computeOutcome(labour2018, counts({ selection: 1, reselect: 2, noVote: 10 }), NO_COUNTS).triggered).toBe(true);
  });

  it('triggers on affiliates alone', () => {
    expect(computeOutcome(labour2018, counts({ reselect: 9 }), counts({ selection: 2, reselect: 4 })).triggered).toBe(true);
  });

  it('treats a tie as not voting', () => {
    const o = computeOutcome(labour2018, counts({ selection: 1, reselect: 3, tie: 5 }), NO_COUNTS);
    expect(o.classes.branches.denominator).toBe(4);
    expect(o.triggered).toBe(false);
  });

  it('is not triggered when nobody has voted', () => {
    expect(computeOutcome(labour2018, counts({ noVote: 3 }), counts({ noVote: 4 })).triggered).toBe(false);
  });
});

describe('labour-2021 (electoral college, more than half)', () => {
  it('is not triggered at exactly one half, since strict is true', () => {
    const o = computeOutcome(labour2021, counts({ selection: 1, reselect: 1 }), counts({ selection: 1, reselect: 1 }));
    expect(shareText(o)).toBe('1/2');
    expect(o.triggered).toBe(false);
  });

  it('gives an empty class’s weight to the other class (reweight)', () => {
    const o = computeOutcome(labour2021, counts({ selection: 3, reselect: 2 }), counts({ noVote: 5 }));
    expect(shareText(o)).toBe('3/5');
    expect(o.triggered).toBe(true);
    expect(o.effectiveWeights && formatRatio(o.effectiveWeights.branches)).toBe('1/1');
  });

  it('counts an empty class as zero under emptyClass zero', () => {
    const o = computeOutcome(rules({ emptyClass: 'zero' }), counts({ selection: 3, reselect: 2 }), counts({ noVote: 5 }));
    expect(shareText(o)).toBe('3/10');
    expect(o.triggered).toBe(false);
  });

  it('has a zero share when no unit has voted at all', () => {
    expect(shareText(computeOutcome(labour2021, NO_COUNTS, NO_COUNTS))).toBe('0/1');
  });

  it('applies unequal weights exactly', () => {
    const o = computeOutcome(rules({ weights: { branches: '2/3', affiliates: '1/3' } }), counts({ selection: 1, reselect: 1 }), counts({ selection: 1 }));
    expect(shareText(o)).toBe('2/3'); // 2/3·1/2 + 1/3·1
  });
});

describe('pooled', () => {
  const pooled = rules({ method: 'pooled', weights: undefined, emptyClass: undefined, threshold: '1/3', strict: false });
  it('counts every unit of both classes together', () => {
    const o = computeOutcome(pooled, counts({ selection: 2, reselect: 3 }), counts({ reselect: 5, noVote: 4 }));
    expect(shareText(o)).toBe('1/5');
    expect(o.triggered).toBe(false);
  });
  it('counts no-vote units in the denominator under base all', () => {
    const o = computeOutcome({ ...pooled, rules: { ...pooled.rules, base: 'all' } }, counts({ selection: 2, reselect: 3 }), counts({ noVote: 5 }));
    expect(shareText(o)).toBe('1/5');
  });
});

describe('tie policies', () => {
  const tied = counts({ selection: 1, reselect: 2, tie: 2 });
  const share = (tie: RuleSet['tie']) => formatRatio(computeOutcome(rules({ tie }), tied, NO_COUNTS).classes.branches.share!);
  it('no-vote leaves ties out', () => expect(share('no-vote')).toBe('1/3'));
  it('selection counts ties for a selection', () => expect(share('selection')).toBe('3/5'));
  it('reselect counts ties against', () => expect(share('reselect')).toBe('1/5'));
  it('split counts half each', () => expect(share('split')).toBe('2/5'));
});

describe('base', () => {
  it('all counts every listed unit, voting or not', () => {
    const o = computeOutcome(rules({ base: 'all' }), counts({ selection: 2, reselect: 1, noVote: 1 }), NO_COUNTS);
    expect(formatRatio(o.classes.branches.share!)).toBe('1/2');
  });
});

describe('what would it take', () => {
  it('finds the fewest further selection results under labour-2018', () => {
    // 1 selection and 4 reselect so far: with base voting, 1 more selection gives 2/6 = 1/3.
    const w = whatWouldItTake(labour2018, { branches: counts({ selection: 1, reselect: 4 }), affiliates: counts({ reselect: 5 }) }, { branches: 3, affiliates: 0 });
    expect(w.certain).toBeNull();
    expect(w.fewestToTrigger).toEqual({ total: 1, branches: 1, affiliates: 0 });
    // Whatever the others report: 1 selection + 2 reselect gives 2/8 < 1/3; 2 selections + 1 reselect gives 3/8 ≥ 1/3.
    expect(w.fewestToMakeCertain).toEqual({ total: 2, branches: 2, affiliates: 0 });
  });

  it('says the outcome is certain once it cannot change', () => {
    const done = whatWouldItTake(labour2018, { branches: counts({ selection: 5, reselect: 3 }), affiliates: NO_COUNTS }, { branches: 0, affiliates: 4 });
    expect(done.certain).toBe('triggered');
    expect(done.fewestToTrigger?.total).toBe(0);
    const hopeless = whatWouldItTake(labour2021, { branches: counts({ reselect: 8 }), affiliates: counts({ reselect: 10 }) }, { branches: 1, affiliates: 1 });
    expect(hopeless.certain).toBe('not-triggered');
    expect(hopeless.fewestToTrigger).toBeNull();
    expect(hopeless.fewestToMakeCertain).toBeNull();
  });

  it('knows the SPEC example is settled under labour-2021 once every unit has reported', () => {
    const w = whatWouldItTake(labour2021, { branches: specBranches, affiliates: specAffiliates }, { branches: 0, affiliates: 0 });
    expect(w.certain).toBe('not-triggered');
  });
});
