import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type TellerState } from '../../../shared/api';
import { FUZZ_RUNS } from '../fuzz/runs';
import { openService, setUpClp } from './fixtures';

describe('every Api method under arbitrary input', () => {
  it('answers with a result or a coded error, never a crash, and a refused call writes nothing', () => {
    const svc = openService();
    setUpClp(svc);
    const head = () => svc.ok<TellerState>('getState').audit;
    fc.assert(
      fc.property(fc.constantFrom(...METHOD_NAMES), fc.jsonValue({ maxDepth: 3 }), (method, input) => {
        const before = head();
        const r = svc.call(method, input);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(r.error.code).not.toBe('internal');
          expect(r.error.message.length).toBeGreaterThan(5);
          expect(head()).toEqual(before);
        }
      }),
      { numRuns: Math.max(1500, FUZZ_RUNS) },
    );
  });
});
