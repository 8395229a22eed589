import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeOutcome, countWithPending, NO_COUNTS, outcomeCertainty, whatWouldItTake, type ClassCounts, type PendingClassCounts, type ReportedResult } from '../../../shared/outcome';
import { parseRules, type RuleSet } from '../../../shared/rules';
import type { UnitClass } from '../../../shared/rules';

const fractions = ['1/4', '1/3', '2/5', '1/2', '3/5', '2/3'];
const ruleSet: fc.Arbitrary<RuleSet> = fc
  .record({
    method: fc.constantFrom('either', 'college', 'pooled'),
    threshold: fc.constantFrom(...fractions),
    strict: fc.boolean(),
    base: fc.constantFrom('voting', 'all'),
    tie: fc.constantFrom('no-vote', 'selection', 'reselect', 'split'),
    branchWeight: fc.constantFrom('1/2', '1/3', '2/3', '1/4'),
    emptyClass: fc.constantFrom<'reweight' | 'zero'>('reweight', 'zero'),
  })
  .map(({ branchWeight, emptyClass, ...r }) => {
    if (r.method !== 'college') return { id: 'prop', ...r };
    const other: Record<string, string> = { '1/2': '1/2', '1/3': '2/3', '2/3': '1/3', '1/4': '3/4' };
    return { id: 'prop', ...r, weights: { branches: branchWeight, affiliates: other[branchWeight] ?? '1/2' }, emptyClass };
  });

const classCounts = (max: number) =>
  fc.record({ selection: fc.nat(max), reselect: fc.nat(max), tie: fc.nat(max), noVote: fc.nat(max) });

/** Every way `n` interchangeable units can report, as counts. */
function completions(n: number, allowSelection = true): ClassCounts[] {
  const out: ClassCounts[] = [];
  for (let s = 0; s <= (allowSelection ? n : 0); s++)
    for (let r = 0; r <= n - s; r++)
      for (let t = 0; t <= n - s - r; t++) out.push({ selection: s, reselect: r, tie: t, noVote: n - s - r - t });
  return out;
}

const plus = (a: ClassCounts, b: ClassCounts): ClassCounts => ({
  selection: a.selection + b.selection,
  reselect: a.reselect + b.reselect,
  tie: a.tie + b.tie,
  noVote: a.noVote + b.noVote,
});

describe('outcome properties', () => {
  it('adding a selection result never turns a triggered outcome into an untriggered one', () => {
    fc.assert(
      fc.property(ruleSet, classCounts(6), classCounts(6), fc.constantFrom<UnitClass>('branches', 'affiliates'), fc.constantFrom('new', 'reselect', 'tie', 'noVote'), (r, b, a, cls, from) => {
        const p = parseRules(r);
        const before = computeOutcome(p, b, a);
        const changed = { branches: { ...b }, affiliates: { ...a } };
        const c = changed[cls];
        if (from !== 'new') {
          if (c[from] === 0) return;
          c[from] -= 1;
        }
        c.selection += 1;
        const after = computeOutcome(p, changed.branches, changed.affiliates);
        if (before.triggered) expect(after.triggered).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('shares stay between 0 and 1', () => {
    fc.assert(
      fc.property(ruleSet, classCounts(8), classCounts(8), (r, b, a) => {
        const o = computeOutcome(parseRules(r), b, a);
        for (const s of [o.share, o.classes.branches.share, o.classes.affiliates.share]) {
          if (s) {
            expect(s.n >= 0n).toBe(true);
            expect(s.n <= s.d).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('certainty and "what would it take" hold for every completion of the remaining units (full enumeration)', () => {
    fc.assert(
      fc.property(ruleSet, classCounts(3), classCounts(3), fc.nat(4), fc.nat(4), (r, b, a, pb, pa) => {
        const p = parseRules(r);
        const w = whatWouldItTake(p, { branches: b, affiliates: a }, { branches: pb, affiliates: pa });
        const all: { sel: number; triggered: boolean }[] = [];
        for (const cb of completions(pb)) for (const ca of completions(pa)) all.push({ sel: cb.selection + ca.selection, triggered: computeOutcome(p, plus(b, cb), plus(a, ca)).triggered });

        const expectedCertain = all.every((x) => x.triggered) ? 'triggered' : all.some((x) => x.triggered) ? null : 'not-triggered';
        expect(w.certain).toBe(expectedCertain);

        const triggering = all.filter((x) => x.triggered).map((x) => x.sel);
        expect(w.fewestToTrigger?.total ?? null).toBe(triggering.length ? Math.min(...triggering) : null);

        // Fewest selections that trigger whatever the other remaining units report.
        let fewestCertain: number | null = null;
        for (let kb = 0; kb <= pb; kb++)
          for (let ka = 0; ka <= pa; ka++) {
            const sure = completions(pb - kb, false).every((cb) =>
              completions(pa - ka, false).every(
                (ca) => computeOutcome(p, plus(b, { ...cb, selection: kb }), plus(a, { ...ca, selection: ka })).triggered,
              ),
            );
            if (sure && (fewestCertain === null || kb + ka < fewestCertain)) fewestCertain = kb + ka;
          }
        expect(w.fewestToMakeCertain?.total ?? null).toBe(fewestCertain);
        for (const alloc of [w.fewestToTrigger, w.fewestToMakeCertain]) {
          if (alloc) {
            expect(alloc.branches).toBeLessThanOrEqual(pb);
            expect(alloc.affiliates).toBeLessThanOrEqual(pa);
            expect(alloc.branches + alloc.affiliates).toBe(alloc.total);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same outcome whatever order the units reported in', () => {
    fc.assert(
      fc.property(ruleSet, fc.array(fc.constantFrom('selection', 'reselect', 'tie', 'noVote') as fc.Arbitrary<keyof ClassCounts>, { maxLength: 12 }), (r, results) => {
        const p = parseRules(r);
        const tally = (xs: (keyof ClassCounts)[]) => xs.reduce((c, x) => ({ ...c, [x]: c[x] + 1 }), NO_COUNTS);
        const forward = computeOutcome(p, tally(results), NO_COUNTS);
        const backward = computeOutcome(p, tally([...results].reverse()), NO_COUNTS);
        expect(backward).toEqual(forward);
      }),
    );
  });

  it('outcomeCertainty: certain exactly when every split of the pending units gives the outcome so far (full enumeration)', () => {
    let uncertain = 0;
    fc.assert(
      fc.property(ruleSet, classCounts(3), classCounts(3), fc.nat(4), fc.nat(4), (r, b, a, pb, pa) => {
        const p = parseRules(r);
        const branches: PendingClassCounts = { ...b, pending: pb };
        const { soFar, certain } = outcomeCertainty(p, branches, { ...a, pending: pa });
        // So far: pending units counted as no vote.
        expect(soFar).toEqual(computeOutcome(p, { ...b, noVote: b.noVote + pb }, { ...a, noVote: a.noVote + pa }));
        let same = true;
        for (const cb of completions(pb)) for (const ca of completions(pa)) if (computeOutcome(p, plus(b, cb), plus(a, ca)).triggered !== soFar.triggered) same = false;
        expect(certain).toBe(same);
        if (!certain) uncertain += 1;
        if (pb === 0 && pa === 0) expect(certain).toBe(true);
      }),
      { numRuns: 1500 },
    );
    expect(uncertain).toBeGreaterThan(0); // the property was tested on both answers
  });

  it('countWithPending keeps pending apart from no vote', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<ReportedResult>('selection', 'reselect', 'tie', 'no-vote', 'pending'), { maxLength: 20 }), (results) => {
        const c = countWithPending(results);
        expect(c.pending).toBe(results.filter((x) => x === 'pending').length);
        expect(c.noVote).toBe(results.filter((x) => x === 'no-vote').length);
        expect(c.selection + c.reselect + c.tie + c.noVote + c.pending).toBe(results.length);
      }),
    );
  });
});
