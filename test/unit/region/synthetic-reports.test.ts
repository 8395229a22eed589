import { describe, expect, it } from 'vitest';
import { syntheticRegionReports, syntheticRegionReportsV2 } from '../../../db/region/synthetic-reports';
import { verifyReport } from '../../../db/signing/verify-report';

/* The invented reports the regional office's tests and benchmarks use: one builder for both versions. */

interface Unit {
  name: string;
  result: string;
  meeting?: { votes: Record<string, number> } | null;
  eligible?: boolean;
}
const payloadOf = (text: string) => (JSON.parse(text) as { payload: { branches: Unit[]; affiliates: Unit[]; history?: { entries: number; links: string[] } } }).payload;

describe('synthetic regional reports', () => {
  it('verify against their trust list, each in its version, with nothing to report', () => {
    for (const [version, { texts, trust }] of [
      [1, syntheticRegionReports(6, 3)],
      [2, syntheticRegionReportsV2(6, 3, 40)],
    ] as const) {
      expect(texts).toHaveLength(6);
      for (const text of texts) {
        const check = verifyReport(text, trust);
        expect(check.problems).toEqual([]);
        expect([check.ok, check.version]).toEqual([true, version]);
      }
    }
  });

  it('draw the same first constituency for a seed in both versions; version 2 adds an ineligible society and a history', () => {
    const v1 = syntheticRegionReports(5, 11).texts.map(payloadOf);
    const v2 = syntheticRegionReportsV2(5, 11, 7).texts.map(payloadOf);
    // Version 2 draws each history's links after the constituency's units: only the first is drawn alike.
    const [p1, p2] = [v1[0]!, v2[0]!];
    expect(p2.branches.map((b) => [b.name, b.result, b.meeting?.votes])).toEqual(p1.branches.map((b) => [b.name, b.result, b.meeting?.votes]));
    expect(p2.affiliates.filter((a) => a.eligible).map((a) => [a.name, a.result])).toEqual(p1.affiliates.map((a) => [a.name, a.result]));
    expect(p2.affiliates.filter((a) => !a.eligible).map((a) => a.name)).toEqual(['Invented Ineligible Society']);
    expect(p2.history?.links).toHaveLength(7);
    expect(v2.map((p) => p.history?.entries)).toEqual([7, 7, 7, 7, 7]);
    expect(v1.every((p) => p.history === undefined)).toBe(true);
    // Another seed draws other votes.
    const other = syntheticRegionReports(5, 12).texts.map(payloadOf);
    expect(other.map((p) => p.branches.map((b) => b.meeting?.votes))).not.toEqual(v1.map((p) => p.branches.map((b) => b.meeting?.votes)));
  });
});
