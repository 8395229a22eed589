// npm run bench:region: the regional office's import, as issue 13 measures it. 650 version 2
// reports, each with a history of 1,000 links, verified and imported into a regional store
// with the overview computed, off the window's thread (the service worker, the job worker);
// beside it the floor measured in the same run (JSON parse + one Ed25519 verify + the SHA-256
// of every link), and where the rest of the time goes. Prints a table; writes
// bench/region-results.json.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { syntheticRegionReportsV2 } from '../db/region/synthetic-reports';
import { receiveReport, regionOverview, trustKey } from '../db/region/regional-office';
import { startServiceWorker } from '../db/hosts/service-client';
import { verifyBytes } from '../db/signing/keys';
import { verifyReport, type TrustEntry } from '../db/signing/verify-report';
import { TellerService } from '../db/service';
import { demoStorePath } from '../db/store/location';

const PASSPHRASE = 'bench passphrase, invented';
const REPORTS = 650;
const ENTRIES = 1000;
const SEED = 13;
const RUNS = 3;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-bench-region-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

// Generating the reports takes seconds: they are kept in bench/tmp/, keyed by the generator's
// inputs and its source, and reused while neither changes (each report has its own key and ballot).
const generatedAt = performance.now();
const generator = fs.readFileSync('db/region/synthetic-reports.ts');
const cacheKey = createHash('sha256').update(`${REPORTS}/${SEED}/${ENTRIES}/`).update(generator).digest('hex').slice(0, 16);
const cache = path.join('bench', 'tmp', `region-v2-${cacheKey}`);
let cached = false;
let texts: string[];
let trust: TrustEntry[];
if (fs.existsSync(path.join(cache, 'trust.json'))) {
  trust = JSON.parse(fs.readFileSync(path.join(cache, 'trust.json'), 'utf8')) as TrustEntry[];
  texts = trust.map((_, i) => fs.readFileSync(path.join(cache, `constituency-${i + 1}.teller.json`), 'utf8'));
  cached = true;
} else {
  ({ texts, trust } = syntheticRegionReportsV2(REPORTS, SEED, ENTRIES));
  // Reports of other inputs (or an older generator) are removed: only one set is kept.
  fs.mkdirSync(path.join('bench', 'tmp'), { recursive: true });
  for (const old of fs.readdirSync(path.join('bench', 'tmp'))) if (old.startsWith('region-v2-')) fs.rmSync(path.join('bench', 'tmp', old), { recursive: true, force: true });
  fs.mkdirSync(cache, { recursive: true });
  texts.forEach((t, i) => fs.writeFileSync(path.join(cache, `constituency-${i + 1}.teller.json`), t));
  fs.writeFileSync(path.join(cache, 'trust.json'), JSON.stringify(trust));
}
const folder = path.join(dir, 'reports');
fs.mkdirSync(folder);
const files = texts.map((t, i) => {
  const file = path.join(folder, `constituency-${i + 1}.teller.json`);
  fs.writeFileSync(file, t);
  return file;
});
const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1024 / 1024;
console.log(`${REPORTS} reports of ${ENTRIES} links, ${megabytes.toFixed(1)} MB, ${cached ? 'read from bench/tmp' : 'generated'} in ${Math.round(performance.now() - generatedAt)} ms`);

/** A new regional store with every CLP's key trusted. */
function regionalStore(name: string): string {
  const storePath = path.join(dir, `${name}.sqlite`);
  const svc = new TellerService({ actor: 'bench', now: () => new Date('2026-07-20T10:00:00Z'), storePath, demoPath: demoStorePath(storePath), passphrase: PASSPHRASE });
  svc.handlers.setRegionOffice({ name: 'Bench region' });
  svc.store.db.transaction(() => {
    for (const t of trust) trustKey(svc.store, t.clp, t.keyId);
  })();
  svc.close();
  return storePath;
}

const floor: number[] = [];
const read: number[] = [];
const checks16: number[] = [];
const inProcess: number[] = [];
const overview: number[] = [];
const throughWorkers: number[] = [];

for (let run = 0; run < RUNS; run++) {
  // The floor: what any verifier must do for each file.
  floor.push(
    time(() => {
      for (const t of texts) {
        const e = JSON.parse(t) as { payload: { history: { links: string[] } }; signature: { publicKey: string; value: string } };
        verifyBytes(Buffer.from(e.signature.publicKey, 'base64'), Buffer.from(`teller-report/2\n${JSON.stringify(e.payload)}`), Buffer.from(e.signature.value, 'base64'));
        let head = Buffer.alloc(32);
        for (const link of e.payload.history.links) head = createHash('sha256').update(head).update(Buffer.from(link, 'hex')).digest();
      }
    }),
  );
  // Reading the files; checks 1 to 6 alone.
  let bytes: Buffer[] = [];
  read.push(time(() => (bytes = files.map((f) => fs.readFileSync(f)))));
  checks16.push(
    time(() => {
      for (const b of bytes) if (!verifyReport(b.toString('utf8')).ok) throw new Error('a generated report failed checks 1 to 6');
    }),
  );
  // The import on this thread: checks 1 to 10 and the writes, in one transaction; then the overview.
  const storePath = regionalStore(`in-process-${run}`);
  const svc = new TellerService({ actor: 'bench', now: () => new Date('2026-07-20T10:00:00Z'), storePath, demoPath: demoStorePath(storePath), passphrase: PASSPHRASE });
  inProcess.push(
    time(() => {
      svc.store.db.transaction(() => {
        for (let i = 0; i < files.length; i++) {
          const r = receiveReport(svc.store, { name: path.basename(files[i]!), bytes: bytes[i]!, size: bytes[i]!.length });
          if (r.verdict !== 'accepted') throw new Error(`${r.fileName} was ${r.verdict}: ${r.problems.map((p) => p.message).join(' ')}`);
        }
      })();
    }),
  );
  overview.push(time(() => void regionOverview(svc.store)));
  svc.close();

  // The app's path, timed whole: staged, one importReports job in the job worker, the overview asked for when it is done.
  const workerStore = regionalStore(`workers-${run}`);
  const service = await startServiceWorker({
    workerFile: path.resolve('dist/service-worker.cjs'),
    importWorker: path.resolve('dist/import-worker.cjs'),
    actor: 'bench',
    storePath: workerStore,
    demoPath: demoStorePath(workerStore),
    passphrase: PASSPHRASE,
  });
  const fileIds = await Promise.all(files.map((f) => service.stageFile(f)));
  const started = performance.now();
  const done = new Promise<void>((resolve) => service.onEvent((e) => e.kind === 'job' && e.job.state !== 'running' && resolve()));
  const r = (await service.call('importReports', { fileIds })) as { ok: boolean };
  if (!r.ok) throw new Error('importReports was refused');
  await done;
  const region = (await service.call('getRegion', {})) as { ok: true; value: { rows: unknown[] } };
  throughWorkers.push(performance.now() - started);
  const rows = region.value.rows.length;
  await service.close();
  if (rows !== REPORTS) throw new Error(`the overview has ${rows} rows, not ${REPORTS}`);
}

const m = (xs: number[]) => Math.round(median(xs));
const total = m(throughWorkers);
const result = {
  reports: REPORTS,
  linksEach: ENTRIES,
  megabytes: Math.round(megabytes * 10) / 10,
  runs: RUNS,
  target: '< 3000 ms',
  measured: { throughWorkers: total, ok: total < 3000 },
  floor: m(floor),
  breakdown: {
    readFiles: m(read),
    checks1to6: m(checks16),
    checks7to10AndWrites: Math.max(0, m(inProcess) - m(checks16)),
    overview: m(overview),
    threadsAndStaging: Math.max(0, total - m(inProcess) - m(overview) - m(read)),
  },
};
const line = (label: string, ms: number, note = '') => console.log(`${label.padEnd(58)} ${String(ms).padStart(6)} ms ${note}`);
line(`Import ${REPORTS} v2 reports off the window's thread, overview computed`, total, `(target < 3000 ms: ${total < 3000 ? 'met' : 'NOT met'})`);
line('Floor: JSON parse + one Ed25519 verify + SHA-256 of every link', result.floor, `(${(total / result.floor).toFixed(2)}× the floor)`);
line('  of which: reading the files', result.breakdown.readFiles);
line('  checks 1-6 (format, I-JSON, signature, votes, outcome, history)', result.breakdown.checks1to6);
line('  checks 7-10 and the writes (one transaction, encrypted store)', result.breakdown.checks7to10AndWrites);
line('  the overview', result.breakdown.overview);
line('  threads, staging, messages (the rest)', result.breakdown.threadsAndStaging);
fs.writeFileSync('bench/region-results.json', `${JSON.stringify(result, null, 2)}\n`);
fs.rmSync(dir, { recursive: true, force: true });
