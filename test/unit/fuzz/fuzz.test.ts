import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportedReportInfo, Job, TellerState } from '../../../shared/api';
import { parseCsv, CsvFileError, decodeCsvBytes } from '../../../shared/lists/csv';
import { parseRules, ruleSetProblems, type RuleSet } from '../../../shared/rules';
import { verifyReportText } from '../../../db/signing/verify-report';
import { openService, setUpClp, tempDir } from '../db/fixtures';
import { readyToReport } from '../report/fixtures';
import { FUZZ_RUNS } from './runs';

describe('fuzzing the report verifier', () => {
  const good = readyToReport().ok<ExportedReportInfo>('exportReport', { status: 'final', confirm: 'FINAL' }).json;

  it('never crashes on arbitrary text or JSON, and accepts nothing but the real report', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        const v = verifyReportText(text);
        expect(v.ok).toBe(false);
        expect(v.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('refuses every single-character change to a signed report (found here: a crash on a rule-set id the app would not choose, and non-canonical base64 accepted)', () => {
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.constantFrom('0', '1', 'a', 'Z', '"', '{', ' ', '-', '9'), (at, ch) => {
        const changed = good.slice(0, at) + ch + good.slice(at + 1);
        const v = verifyReportText(changed);
        if (changed === good) return;
        // Whitespace between tokens and key order do not matter; anything else must be caught.
        const sameJson = (() => {
          try {
            return JSON.stringify(JSON.parse(changed)) === JSON.stringify(JSON.parse(good));
          } catch {
            return false;
          }
        })();
        expect(v.ok).toBe(sameJson);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('fuzzing the rule-set parser', () => {
  const fraction = fc.oneof(fc.constantFrom('1/3', '1/2', '0/1', '3/2', '1/1', '2/3', '1/0', 'x', ''), fc.string({ maxLength: 6 }));
  it('reports problems or parses; it never throws anything else', () => {
    fc.assert(
      fc.property(
        fc.record({
          id: fc.string({ maxLength: 10 }),
          method: fc.constantFrom('either', 'college', 'pooled'),
          threshold: fraction,
          strict: fc.boolean(),
          weights: fc.option(fc.record({ branches: fraction, affiliates: fraction }), { nil: undefined }),
          base: fc.constantFrom('voting', 'all'),
          tie: fc.constantFrom('no-vote', 'selection', 'reselect', 'split'),
          emptyClass: fc.option(fc.constantFrom('reweight', 'zero'), { nil: undefined }),
        }),
        (r) => {
          const rules = r as RuleSet;
          const problems = ruleSetProblems(rules);
          if (problems.length === 0) expect(() => parseRules(rules)).not.toThrow();
          else expect(() => parseRules(rules)).toThrow();
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('fuzzing the CSV importer', () => {
  it('decodes and parses arbitrary bytes into a table or a CsvFileError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          parseCsv(decodeCsvBytes(bytes).text);
        } catch (e) {
          expect(e).toBeInstanceOf(CsvFileError);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('writes nothing when it refuses a file', () => {
    const svc = openService();
    setUpClp(svc);
    const dir = tempDir();
    const head = 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status\n';
    const mapping = ['membershipNumber', 'firstName', 'lastName', 'postcode', 'branch', 'joinDate', 'status'];
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (body) => {
        const before = svc.ok<TellerState>('getState').audit;
        const file = path.join(dir, 'fuzz.csv');
        fs.writeFileSync(file, head + body);
        let job: Job | null = null;
        try {
          job = svc.ok<Job>('startImport', { kind: 'members', fileId: svc.service.staged.add(file), mapping });
        } catch (e) {
          expect(String(e)).not.toMatch(/internal/);
        }
        if (!job || job.state === 'failed') expect(svc.ok<TellerState>('getState').audit).toEqual(before);
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3) },
    );
  }, Math.max(20_000, FUZZ_RUNS * 10));
});

