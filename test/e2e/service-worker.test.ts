import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealUpload } from '../../db/files/staged-files';
import type { HostedService } from '../../db/hosts/hosted-service';
import { startServiceWorker } from '../../db/hosts/service-client';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import { syntheticRegionReports } from '../../db/region/synthetic-reports';
import { passphraseSealer } from '../../db/signing/keys';
import { demoStorePath } from '../../db/store/location';
import type { ApiEvent } from '../../shared/api-events';
import type { Job } from '../../shared/api';
import { TEST_PASSPHRASE } from '../test-store';
import { TellerError, type ApiResult } from '../../shared/errors';

// The built service worker, as the desktop app and `teller serve` start it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-service-worker-'));
const running: HostedService[] = [];
afterAll(async () => {
  for (const s of running) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(name: string, extra: Partial<Parameters<typeof startServiceWorker>[0]> = {}) {
  const storePath = path.join(dir, name, 'teller.sqlite');
  const service = await startServiceWorker({
    workerFile: path.resolve('dist/service-worker.cjs'),
    importWorker: path.resolve('dist/import-worker.cjs'),
    actor: 'worker-test',
    storePath,
    demoPath: demoStorePath(storePath),
    passphrase: TEST_PASSPHRASE,
    ...extra,
  });
  running.push(service);
  const events: ApiEvent[] = [];
  service.onEvent((e) => events.push(e));
  const ok = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const r = (await service.call(method, input)) as ApiResult<T>;
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  return { service, events, ok, storePath };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('the service worker', () => {
  it('answers calls through the dispatcher and pushes "changed" only when a call changed the data', async () => {
    const { service, events, ok } = await start('changes');
    await ok('getState');
    await settle();
    expect(events).toEqual([]);
    await ok('saveClp', { name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
    await settle();
    expect(events).toEqual([{ kind: 'changed' }]);
    // A refused call changes nothing and says nothing.
    const refused = await service.call('addBranch', { name: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await service.call('noSuchMethod', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await settle();
    expect(events).toHaveLength(1);
  });

  it('refuses to start on a store another copy has open, in the service’s own words', async () => {
    const first = await start('locked');
    const second = startServiceWorker({ workerFile: path.resolve('dist/service-worker.cjs'), actor: 'second', storePath: first.storePath, demoPath: demoStorePath(first.storePath), passphrase: TEST_PASSPHRASE });
    await expect(second).rejects.toThrow(TellerError);
    await expect(second).rejects.toThrow(/already open on this store/);
  });

  it('pushes each step of an import job, and "changed" once the list is written', async () => {
    const { service, events, ok } = await start('jobs');
    await ok('saveClp', { name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
    for (const name of ['Larkmere', 'Copperfield North']) await ok('addBranch', { name });
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(20_000, ['Larkmere', 'Copperfield North'], 5)));
    const fileId = await service.stageFile(file);
    const preview = await ok<Job>('previewImport', { kind: 'members', fileId });
    const jobEvents = () => events.filter((e): e is Extract<ApiEvent, { kind: 'job' }> => e.kind === 'job');
    const waitFor = async (id: string) => {
      for (let i = 0; i < 200; i++) {
        const last = jobEvents().filter((e) => e.job.id === id).at(-1);
        if (last && last.job.state !== 'running') return last.job;
        await settle();
      }
      throw new Error('the job never ended');
    };
    const previewed = await waitFor(preview.id);
    expect(previewed.state).toBe('done');
    events.length = 0;
    const started = await ok<Job>('startImport', { kind: 'members', fileId, mapping: previewed.preview!.mapping });
    const done = await waitFor(started.id);
    expect(done).toMatchObject({ state: 'done', snapshotId: expect.any(Number) as unknown });
    const steps = jobEvents().filter((e) => e.job.id === started.id && e.job.state === 'running');
    expect(steps.length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ kind: 'changed' });
    const job = await ok<Job>('getJob', { jobId: started.id });
    expect(job).toEqual(done);
  });

  it('previews and imports an upload (encrypted at rest) in the job threads exactly as the plain file', async () => {
    const { service, events, ok } = await start('uploads');
    await ok('saveClp', { name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
    for (const name of ['Larkmere', 'Copperfield North']) await ok('addBranch', { name });
    const text = `${syntheticMembershipCsv(syntheticMembers(20_000, ['Larkmere', 'Copperfield North'], 9))}not-a-number,,,,,,,\r\n`;
    const file = path.join(dir, 'uploads-plain', 'members.csv');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const target = await service.uploadTarget('members.csv');
    fs.writeFileSync(target.path, sealUpload(target.key, text));
    await service.uploaded(target.id);
    const ended = async (id: string) => {
      for (let i = 0; i < 200; i++) {
        const last = events.filter((e): e is Extract<ApiEvent, { kind: 'job' }> => e.kind === 'job' && e.job.id === id).at(-1);
        if (last && last.job.state !== 'running') return last.job;
        await settle();
      }
      throw new Error('the job never ended');
    };
    const results: Job[] = [];
    for (const fileId of [await service.stageFile(file), target.id]) {
      const previewed = await ended((await ok<Job>('previewImport', { kind: 'members', fileId })).id);
      const imported = await ended((await ok<Job>('startImport', { kind: 'members', fileId })).id);
      results.push(previewed, imported);
    }
    const [plainPreview, plainImport, uploadPreview, uploadImport] = results;
    expect(plainPreview!.preview).toMatchObject({ rows: 20_001, valid: 20_000 });
    expect(uploadPreview!.preview).toEqual(plainPreview!.preview);
    expect(plainImport).toMatchObject({ state: 'done', done: 20_000 });
    expect(uploadImport).toMatchObject({ state: 'done', done: 20_000 });
    const snapshots = await ok<{ sha256: string; imported: number; rejected: unknown }[]>('listSnapshots', { kind: 'members' });
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]).toMatchObject({ sha256: snapshots[0]!.sha256, imported: snapshots[0]!.imported, rejected: snapshots[0]!.rejected });
  });

  it('stays free to answer while it checks 650 reports, pushing progress as it goes', async () => {
    const { service, events, ok } = await start('region');
    const { texts, trust } = syntheticRegionReports(650, 7);
    for (const t of trust) await ok('trustKey', { clp: t.clp, key: t.keyId });
    const folder = path.join(dir, 'reports');
    fs.mkdirSync(folder, { recursive: true });
    const fileIds = await Promise.all(
      texts.map((text, i) => {
        const file = path.join(folder, `constituency-${i + 1}.teller.json`);
        fs.writeFileSync(file, text);
        return service.stageFile(file);
      }),
    );
    events.length = 0;
    const started = await ok<Job>('importReports', { fileIds });
    expect(started).toMatchObject({ state: 'running', done: 0, total: 650 });
    // While the job runs, the window keeps asking for the state: each is answered.
    const answered: number[] = [];
    const ended = () => events.some((e) => e.kind === 'job' && e.job.id === started.id && e.job.state !== 'running');
    while (!ended()) {
      await ok('getState');
      if (!ended()) answered.push(Date.now());
    }
    const steps = events.filter((e): e is Extract<ApiEvent, { kind: 'job' }> => e.kind === 'job' && e.job.id === started.id);
    const last = steps.at(-1)!.job;
    expect(last.state).toBe('done');
    expect(last.reports).toHaveLength(650);
    expect(last.reports!.every((r) => r.verdict === 'accepted')).toBe(true);
    expect(steps.length).toBeGreaterThanOrEqual(3); // progress came in steps, not all at the end
    expect(steps.map((e) => e.job.done)).toEqual([...steps.map((e) => e.job.done)].sort((a, b) => a - b));
    expect(answered.length).toBeGreaterThanOrEqual(3); // calls were answered during the import
    expect(events.at(-1)).toEqual({ kind: 'changed' });
    const region = await ok<{ rows: unknown[] }>('getRegion');
    expect(region.rows).toHaveLength(650);
    expect(fs.existsSync(path.join(dir, 'region', 'teller.sqlite.uploads'))).toBe(false);
  }, 120_000);

  it("keeps a report-import worker ready in a regional office's store, for the first import and the ones after", async () => {
    const { service, events, ok } = await start('regional');
    await ok('setRegionOffice', { name: 'Invented Region' }); // a regional office now: a worker starts, to wait
    const { texts, trust } = syntheticRegionReports(90, 11);
    for (const t of trust) await ok('trustKey', { clp: t.clp, key: t.keyId });
    const folder = path.join(dir, 'regional-reports');
    fs.mkdirSync(folder, { recursive: true });
    const stage = (from: number, to: number) =>
      Promise.all(
        texts.slice(from, to).map((text, i) => {
          const file = path.join(folder, `constituency-${from + i + 1}.teller.json`);
          fs.writeFileSync(file, text);
          return service.stageFile(file);
        }),
      );
    await new Promise((r) => setTimeout(r, 1500)); // the spare has loaded
    const importBatch = async (fileIds: string[]) => {
      events.length = 0;
      const started = await ok<Job>('importReports', { fileIds });
      while (!events.some((e) => e.kind === 'job' && e.job.state !== 'running')) await new Promise((r) => setTimeout(r, 10));
      const steps = events.filter((e): e is Extract<ApiEvent, { kind: 'job' }> => e.kind === 'job' && e.job.id === started.id);
      expect(steps.at(-1)!.job).toMatchObject({ state: 'done', done: fileIds.length });
      expect(steps.at(-1)!.job.reports!.every((r) => r.verdict === 'accepted')).toBe(true);
      return { steps };
    };
    // The first uses the worker that waited; the second, straight after, one of its own; the third a spare again.
    const first = await importBatch(await stage(0, 30));
    expect(first.steps.length).toBeGreaterThanOrEqual(2);
    await importBatch(await stage(30, 60));
    await new Promise((r) => setTimeout(r, 3500));
    await importBatch(await stage(60, 90));
    const region = await ok<{ rows: unknown[] }>('getRegion');
    expect(region.rows).toHaveLength(90);
  }, 120_000);

  it('seals the signing key through the thread that started it (safeStorage lives only there)', async () => {
    const onMain = passphraseSealer('a sealer that lives on the main thread');
    let sealed = 0;
    let opened = 0;
    const sealer = {
      kind: 'safe-storage' as const,
      seal: (b: Buffer) => (sealed++, onMain.seal(b)),
      open: (b: Buffer) => (opened++, onMain.open(b)),
    };
    const { ok } = await start('sealer', { sealer });
    expect(sealed).toBe(1); // the desktop app makes its key pair on first run
    const signing = await ok<{ current: { keyId: string } | null; sealer: string; unlocked: boolean }>('getSigning');
    expect(signing).toMatchObject({ sealer: 'safe-storage', unlocked: true });
    expect(signing.current).not.toBeNull();
    await ok('saveClp', { name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
    await ok('addBranch', { name: 'Larkmere' });
    await ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
    const report = await ok<{ json: string; keyId: string }>('exportReport', { status: 'interim' });
    expect(opened).toBe(1);
    expect(report.keyId).toBe(signing.current!.keyId);
  });
});
