// npm run bench:cross-match: the cross-match benchmark of bench/run.ts (section 4) on its own:
// 5,000 members against a 100,000-entry register, against a plain SQL join, on the same data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Job } from '../shared/api';
import { presetById } from '../shared/rules';
import { runCrossMatch } from '../db/electoral-register/cross-match';
import { syntheticMembers, syntheticMembershipCsv, syntheticRegisterCsv } from '../db/members/synthetic-members';
import { TellerService } from '../db/service';
import { demoStorePath } from '../db/store/location';
import { connect } from '../db/store/connect';
import { unsealStoreKey } from '../db/store/store-key';

const PASSPHRASE = 'bench passphrase, invented';
const BRANCHES = ['Copperfield North', 'Larkmere', 'Willowgate East', 'Ashbrook West', 'Fernley South', 'Hazelley Park'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-bench-xmatch-'));

async function finished(svc: TellerService, started: Job): Promise<Job> {
  let job = started;
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, 5));
    job = svc.handlers.getJob({ jobId: job.id });
  }
  if (job.state === 'failed') throw new Error(job.message ?? 'the job failed');
  return job;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const storePath = path.join(dir, 'cross-match.sqlite');
const svc = new TellerService({ actor: 'bench', now: () => new Date('2026-06-14T19:00:00Z'), storePath, demoPath: demoStorePath(storePath), importWorker: path.resolve('dist/import-worker.cjs'), passphrase: PASSPHRASE });
svc.handlers.saveClp({ name: 'Bench CLP', code: null, mpName: 'Invented MP' });
for (const b of BRANCHES) svc.handlers.addBranch({ name: b });
const rules = presetById('labour-2021')?.rules;
if (!rules) throw new Error('preset missing');
svc.handlers.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules });
const members = syntheticMembers(5000, BRANCHES, 5);
const memberFile = path.join(dir, 'members.csv');
fs.writeFileSync(memberFile, syntheticMembershipCsv(members));
for (const [kind, file] of [['members', memberFile], ['register', path.join(dir, 'register-100k.csv')]] as const) {
  if (kind === 'register') fs.writeFileSync(file, syntheticRegisterCsv(members, 100_000));
  const fileId = svc.staged.add(file);
  const preview = (await finished(svc, svc.handlers.previewImport({ kind, fileId }))).preview;
  if (!preview) throw new Error('no preview');
  await finished(svc, svc.handlers.startImport({ kind, fileId, mapping: preview.mapping }));
}
let summary: object = {};
const measured = time(() => {
  summary = runCrossMatch(svc.store, '2026-06-14T19:00:00Z');
});
const db = connect(svc.store.file, unsealStoreKey(svc.store.file, { passphrase: PASSPHRASE }), {});
const baseline = time(() => {
  db.exec('CREATE TEMP TABLE j AS SELECT m.id, r.id AS rid FROM member m LEFT JOIN register_entry r ON lower(r.surname) = lower(m.last_name) AND r.postcode = m.postcode');
});
db.close();
svc.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ name: 'Cross-match 5,000 members with a 100,000-entry register', target: '< 3000 ms', measuredMs: Math.round(measured), baselineMs: Math.round(baseline), summary }));
