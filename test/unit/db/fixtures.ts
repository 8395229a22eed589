import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { dispatchCall } from '../../../shared/api-dispatch';
import type { ApiInput, ImportPreview, Job } from '../../../shared/api';
import type { ApiResult } from '../../../shared/errors';
import { presetById } from '../../../shared/rules';
import { TellerService } from '../../../db/service';
import { demoStorePath } from '../../../db/store/location';
import { TEST_PASSPHRASE } from '../../test-store';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

/** A temporary folder removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-test-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fixed clock that moves on a second per call, so audit timestamps are predictable. */
export function steppingClock(start = '2026-06-14T20:00:00Z'): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
}

/** A real service on a real SQLite file, called through the same dispatch the hosts use. */
export function openService(dir = tempDir(), now = steppingClock()) {
  const storePath = path.join(dir, 'teller.sqlite');
  const service = new TellerService({ actor: 'test-secretary', now, storePath, demoPath: demoStorePath(storePath), passphrase: TEST_PASSPHRASE });
  cleanups.push(() => service.close());
  const call = (method: string, input: unknown): ApiResult<unknown> => dispatchCall(service.handlers, method, input);
  const ok = <T = unknown>(method: string, input: unknown = {}): T => {
    const r = call(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  return { service, storePath, call, ok };
}

export const labour2021 = presetById('labour-2021')!.rules;

/** A CLP with two branches, two affiliates and a ballot. */
export function setUpClp(svc: ReturnType<typeof openService>) {
  svc.ok('saveClp', { name: 'Ashbrook and Larkhill', code: 'E14009999', mpName: 'Imogen Carrow' });
  svc.ok('addBranch', { name: 'Ashbrook West' });
  svc.ok('addBranch', { name: 'Fernley South' });
  svc.ok('addAffiliate', { name: 'Health Service Staff Union, Ashbrook', kind: 'trade-union', eligible: true, ineligibleReason: null });
  svc.ok('addAffiliate', { name: 'Ashbrook Co-operative Party', kind: 'co-operative', eligible: false, ineligibleReason: 'Fees not paid by the cut-off date' });
  svc.ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: labour2021 });
}

/** A preview through the Api: a job, done at once where there is no worker thread. */
export function previewOf(svc: ReturnType<typeof openService>, input: ApiInput<'previewImport'>): ImportPreview {
  const job = svc.ok<Job>('previewImport', input);
  if (job.state !== 'done' || !job.preview) throw new Error(`preview ended ${job.state}: ${job.message ?? ''}`);
  return job.preview;
}
