import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonOfParsed } from '../../../shared/canonical-json';
import { iJsonClean, iJsonProblems } from '../../../shared/report/i-json';
import { reportEnvelopeSchemaV2 } from '../../../shared/report/report-schema';
import { chainHeads } from '../../../shared/report/sha256-chain';
import { verifyReport } from '../../../db/signing/verify-report';
import { linksFor, newKey, payloadV2, signedV2 } from '../region/hostile-reports';

/*
 * The quick ways verification takes through a report (issue 13's speed) must decide exactly
 * as the plain ways they stand in for: each is checked here against the plain way on
 * arbitrary input, and on hostile input.
 */

describe('the history chain in one pass', () => {
  const plainHead = (links: Buffer[]) => links.reduce((h, l) => createHash('sha256').update(h).update(l).digest(), Buffer.alloc(32)).toString('hex');

  it('gives every head node:crypto gives, link by link, at any count asked', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 70 }), fc.array(fc.nat(80), { maxLength: 6 }), (raw, at) => {
        const links = raw.map((b) => Buffer.from(b));
        const heads = chainHeads(Buffer.concat(links), [...at, links.length]);
        expect(heads.at(-1)).toBe(plainHead(links));
        at.forEach((n, i) => expect(heads[i]).toBe(n > links.length ? '' : plainHead(links.slice(0, n))));
      }),
    );
  });

  it('starts from 32 zero bytes, and knows a well-known value', () => {
    expect(chainHeads(new Uint8Array(0), [0])).toEqual(['0'.repeat(64)]);
    // SHA-256 of 64 zero bytes.
    expect(chainHeads(new Uint8Array(32), [1])).toEqual(['f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b']);
  });
});

/** JSON text as anyone might write it: repeated names, escapes, lone surrogates, numbers in every spelling, any whitespace. */
const ws = fc.constantFrom('', ' ', '\n  ', '\t', '\r\n', '  ');
const rawString = fc
  .array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0xd800, 0xdbff, 0xdc00, 0xdfff, 0x5c, 0x22)), { maxLength: 8 })
  .map((codes) =>
    codes
      .map((c) => (c === 0x22 ? '\\"' : c === 0x5c ? '\\\\' : c < 0x20 ? `\\u${c.toString(16).padStart(4, '0')}` : String.fromCharCode(c)))
      .join(''),
  );
const stringLiteral = fc.oneof(
  rawString.map((s) => `"${s}"`),
  fc.string({ unit: 'binary', maxLength: 6 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"a"', '"b"', '"\\u0061"', '"\\ud83d\\ude00"', '"\\ud800"', '"\\\\ud800"', '"\ud800"', '"\udc00"', '"😀"', '"\\udc00x"', '"\\n"', '"\\/"', '"a b"', '""'),
);
const key = fc.oneof(fc.constantFrom('"a"', '"b"', '"\\u0061"', '"__proto__"', '"10"', '"9"', '"0"', '"01"', '"\\\\"', '"\\""'), stringLiteral);
const numberText = fc.oneof(
  fc.constantFrom('0', '-0', '1', '2.0', '2e0', '1.5', '1e400', '9007199254740991', '9007199254740992', '-9007199254740991', '123456789012345', '1234567890123456', '1E2', '0.0', '1.0000000000000000001', '10e-1', '1e-7', '-0.0e5'),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);
const { value: jsonText } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringLiteral,
    numberText,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(fc.tuple(ws, tie('value'), ws), { maxLength: 5 }).map((xs) => `[${xs.map(([a, v, b]) => a + v + b).join(',')}]`),
    fc.array(fc.tuple(ws, key, ws, tie('value'), ws), { maxLength: 5 }).map((xs) => `{${xs.map(([a, k, b, v, c]) => `${a}${k}${b}:${v}${c}`).join(',')}}`),
  ),
}));

describe('the I-JSON check in one quick pass', () => {
  it('says clean exactly when the full scan finds no problem, on arbitrary JSON text', () => {
    const seen = { clean: 0, not: 0 };
    fc.assert(
      fc.property(jsonText, ws, (text, pad) => {
        const t = pad + text + pad;
        JSON.parse(t); // the generator writes JSON only
        const clean = iJsonProblems(t).length === 0;
        seen[clean ? 'clean' : 'not'] += 1;
        expect(iJsonClean(t)).toBe(clean);
      }),
      { numRuns: 3000 },
    );
    // Both answers were put to the test, many times.
    expect(Math.min(seen.clean, seen.not)).toBeGreaterThan(300);
  });

  it('is not fooled by the hostile cases the format names', () => {
    const hostile = [
      '{"a":1,"a":1}',
      '{"a":1,"\\u0061":2}',
      '{"x":[{"a":1},{"b":2,"b":3}]}',
      '{"s":"\ud800"}',
      '{"s":"\\ud800"}',
      '{"s":"\\udc00\\ud800"}',
      '{"n":1.5}',
      '{"n":9007199254740992}',
      '{"n":1e400}',
      '{"n":1.0000000000000000001}',
      '{"links":["aa","bb",1.5,"cc"]}',
      '{"links":["aa",1234567890123456789,"cc"]}',
      '{"links":["a\\"a","bb",{"k":1,"k":2}]}',
    ];
    for (const t of hostile) {
      expect(iJsonProblems(t).length).toBeGreaterThan(0);
      expect(iJsonClean(t)).toBe(false);
    }
    for (const t of ['{"a":1,"b":{"a":2}}', '{"s":"\\ud83d\\ude00 😀","n":[-0,2.0,2e0,9007199254740991]}', '[]', '{"k":"\\\\ud800"}']) expect(iJsonClean(t)).toBe(true);
  });
});

describe('canonical JSON of a parsed value in one native call', () => {
  it('is canonicalJson, for any value JSON.parse can give', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const value: unknown = JSON.parse(text);
        const either = (f: (v: unknown) => string) => {
          try {
            return f(value);
          } catch (e) {
            return `threw ${String(e)}`;
          }
        };
        expect(either(canonicalJsonOfParsed)).toBe(either(canonicalJson));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const value: unknown = JSON.parse(JSON.stringify(v));
        expect(canonicalJsonOfParsed(value)).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('the schema with sound links set aside', () => {
  const key = newKey();
  type Report = { payload: Record<string, unknown> & { history: Record<string, unknown> & { links: unknown[] } } };
  const good = JSON.parse(signedV2(payloadV2(linksFor('fast', 12)), key)) as Report;
  const shapeProblems = (issues: { path: PropertyKey[]; code: string; message: string; keys?: string[] }[]) =>
    issues.slice(0, 10).map((i) => {
      const where = i.path.length ? i.path.map(String).join('.') : 'the report';
      return i.code === 'unrecognized_keys' ? `${where} has fields the format does not allow: ${(i.keys ?? []).join(', ')}.` : `${where}: ${i.message}.`;
    });
  const odd = fc.constantFrom<unknown>(null, 7, -1, 1.5, 'x', 'f'.repeat(64), 'F'.repeat(64), 'g'.repeat(64), 'f'.repeat(63), [], {}, ['f'.repeat(64)], { a: 1 }, true).map((v) => structuredClone(v));
  const edit = fc.oneof(
    fc.tuple(fc.constantFrom('revision', 'status', 'ballotId', 'clp', 'history', 'branches', 'outcome', 'extra'), odd).map(([field, v]) => (r: Report) => ((r.payload as Record<string, unknown>)[field] = v)),
    fc.tuple(fc.constantFrom('entries', 'head', 'links', 'extra'), odd).map(([field, v]) => (r: Report) => ((r.payload.history as Record<string, unknown>)[field] = v)),
    fc.tuple(fc.nat(11), odd).map(([i, v]) => (r: Report) => (r.payload.history.links[i] = v)),
    fc.constantFrom((r: Report) => ((r as Record<string, unknown>).payload = [r.payload]), (r: Report) => ((r.payload as Record<string, unknown>).history = [r.payload.history])),
  );

  it('finds the same problems, in the same words, as the schema over the whole report', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 3 }), (edits) => {
        const r = structuredClone(good);
        for (const e of edits) {
          try {
            e(r);
          } catch {
            // An edit of what an earlier edit took away: nothing to change.
          }
        }
        const text = JSON.stringify(r);
        const full = reportEnvelopeSchemaV2.safeParse(JSON.parse(text));
        const v = verifyReport(text);
        const strict = iJsonProblems(text);
        if (strict.length > 0) expect(v.problems).toEqual(strict.map((message) => ({ code: 'format', message })));
        else if (full.success) expect(v.envelope).toEqual(full.data);
        else expect(v.problems).toEqual(shapeProblems(full.error.issues).map((message) => ({ code: 'format', message })));
      }),
      { numRuns: 300 },
    );
  });
});
