import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MatchSummary, RegisterMatchRow } from '../../../shared/api';
import { parseCsv } from '../../../shared/lists/csv';
import { crossMatch, type MemberForMatch } from '../../../shared/lists/cross-match';
import { guessRegisterMapping } from '../../../shared/lists/electoral-register-fields';
import { readRegisterRows } from '../../../shared/lists/electoral-register-rows';
import type { RegisterMatch } from '../../../shared/lists/eligibility';
import { syntheticXpressFixture } from '../../../db/electoral-register/synthetic-register';
import { openService, previewOf, setUpClp, tempDir } from '../db/fixtures';

// The numbers found on real files: 2,550 people at the same home (1,693 of them in flats written
// "Flat 12 | 181 Salmon Lane" on the register and "181 Salmon Lane, Flat 12" on the list), and
// 391 members not on the register, 93 of them with a namesake elsewhere; and movers.
const SIZES = { atHome: 2550, movers: 160, notOnRegister: 391, withNamesake: 93 };

/** The cross-match's result for each membership number. */
function byNumber(results: { memberId: number; status: RegisterMatch }[], numbers: string[]): Map<string, RegisterMatch> {
  return new Map(results.map((r) => [numbers[r.memberId] as string, r.status]));
}

/** Every member whose status is not the one expected, with both, for a readable failure. */
function wrong(expected: Map<string, RegisterMatch>, got: Map<string, RegisterMatch>): string[] {
  return [...expected].filter(([n, s]) => got.get(n) !== s).map(([n, s]) => `${n}: expected ${s}, got ${got.get(n) ?? 'nothing'}`);
}

/** What told each mover from a namesake, counted: the fixture makes movers of each kind in turn. */
function moverEvidence(evidence: readonly string[]): Record<string, number> {
  const kinds = { 'roll number': / the electoral roll number and the name agree; /, 'middle name': /besides the name, the middle name \(\w+\) agrees/, postcode: /besides the name, the postcode [A-Z0-9 ]+ agrees/ };
  const tally: Record<string, number> = { 'roll number': 0, 'middle name': 0, postcode: 0, other: 0 };
  for (const e of evidence) {
    const kind = Object.entries(kinds).find(([, re]) => re.test(e))?.[0] ?? 'other';
    tally[kind] = (tally[kind] ?? 0) + 1;
  }
  return tally;
}
const MOVER_EVIDENCE = { 'roll number': 54, 'middle name': 53, postcode: 53, other: 0 };

// Councils export the full register tab-separated as often as comma-separated: the same register both ways.
const SEPARATORS = [
  ['comma-separated', ','],
  ['tab-separated', '\t'],
] as const;

describe.each(SEPARATORS)('the cross-match on the layouts real systems write, the register %s', (_, separator) => {
  it('matches everyone at the same home, finds every mover elsewhere, and calls no namesake "elsewhere"', () => {
    const fixture = syntheticXpressFixture({ ...SIZES, separator });
    expect(fixture.counts).toEqual({ matched: 2550, elsewhere: 160, ambiguous: 93, notFound: 298 });
    const register = parseCsv(fixture.registerCsv);
    expect(register.separator).toBe(separator);
    expect(register.header.fields).toHaveLength(14);
    const { entries, errors } = readRegisterRows(register.records, register.header.fields.length, guessRegisterMapping(register.header.fields), '2026-06-14');
    expect(errors).toEqual([]);
    expect(entries.filter((e) => /^Flat /.test(e.address)).length).toBeGreaterThan(500);
    const list = parseCsv(fixture.membersCsv);
    const col = (name: string) => list.header.fields.indexOf(name);
    const numbers: string[] = [];
    const members: MemberForMatch[] = list.records.map((r, id) => {
      const f = (name: string) => r.fields[col(name)] ?? '';
      numbers[id] = f('Membership Number');
      return { id, fullName: '', firstName: f('First Name'), lastName: f('Last Name'), address: f('Address'), postcode: f('Postcode'), rollNumber: f('Electoral Roll Number') };
    });
    expect(members.filter((m) => / Flat | Apartment | APT /i.test(` ${m.address.replace(/,/g, ' ')} `)).length).toBeGreaterThan(500);
    const results = crossMatch(members, entries.map((e, id) => ({ id, ...e })));
    expect(wrong(fixture.expected, byNumber(results, numbers))).toEqual([]);
    expect(moverEvidence(results.filter((r) => r.status === 'matched-elsewhere').map((r) => r.evidence))).toEqual(MOVER_EVIDENCE);
  });

  it('gives the same counts through the app’s import and cross-match, on real files in a real store', () => {
    // Every kind of evidence the generator makes: roll numbers, middle names and postcodes.
    const fixture = syntheticXpressFixture({ ...SIZES, separator });
    const svc = openService();
    setUpClp(svc);
    const dir = tempDir();
    for (const [kind, text] of [['members', fixture.membersCsv], ['register', fixture.registerCsv]] as const) {
      const file = path.join(dir, `${kind}.${kind === 'register' && separator === '\t' ? 'tsv' : 'csv'}`);
      fs.writeFileSync(file, text);
      const fileId = svc.service.staged.add(file);
      const preview = previewOf(svc, { kind, fileId });
      expect(preview.rejected).toEqual([]);
      svc.ok('startImport', { kind, fileId, mapping: preview.mapping });
    }
    const summary = svc.ok<MatchSummary>('crossMatchRegister');
    expect(summary).toMatchObject({ matched: 2550, matchedElsewhere: 160, ambiguous: 93, notFound: 298 });
    const rows = (['matched', 'matched-elsewhere', 'ambiguous', 'not-found'] as const).flatMap((status) => svc.ok<RegisterMatchRow[]>('listRegisterMatches', { status, limit: 1000 }));
    const got = new Map(rows.map((r) => [r.number, r.status]));
    const checked = new Map([...fixture.expected].filter(([n]) => got.has(n))); // the list shows up to 1,000 of each
    expect(checked.size).toBeGreaterThan(1500);
    expect(wrong(checked, got)).toEqual([]);
    expect(moverEvidence(rows.filter((r) => r.status === 'matched-elsewhere').map((r) => r.evidence))).toEqual(MOVER_EVIDENCE);
  });
});
