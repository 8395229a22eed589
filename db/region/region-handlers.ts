import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Job } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { regionApi } from '../../shared/api/region';
import { defineHandlers, type ServiceContext } from '../service-context';
import { hexOf } from '../store/store-key';
import { runReportImport, type ReportFile, type ReportImportMessage } from './report-import';
import {
  checkTrustKey,
  receivedFiles,
  refusedReports,
  regionClp,
  regionOffice,
  regionOverview,
  revokeKey,
  setRegionOffice,
  trustedKeys,
  trustKey,
} from './regional-office';

/**
 * Checks report files as a job: in the job worker (or in this thread where there is none),
 * pushing each step; `discard` runs once it has ended (the staged files it read).
 */
function reportJob(ctx: ServiceContext, phase: string, input: ReportFile[], discard: () => void): Job {
  const job: Job = { id: randomBytes(12).toString('hex'), state: 'running', phase, done: 0, total: input.length, message: null, snapshotId: null, preview: null, reports: null };
  ctx.jobs.set(job.id, job);
  const total = input.length;
  const finish = (m: ReportImportMessage) => {
    if (m.type === 'progress') job.done = m.done;
    else {
      discard();
      if (m.type === 'done') Object.assign(job, { state: 'done', phase: 'Checked', done: total, reports: m.reports, message: `${total} ${total === 1 ? 'file' : 'files'} checked.` });
      else Object.assign(job, { state: 'failed', message: m.message });
    }
    ctx.emit({ kind: 'job', job: { ...job } });
    // The reports were stored by the job, not by a call: say so.
    if (m.type === 'failed' || (m.type === 'done' && m.reports.length > 0)) ctx.emit({ kind: 'changed' });
  };
  if (ctx.importWorker) {
    const worker = new Worker(ctx.importWorker, { workerData: { role: 'reports', dbPath: ctx.store().file, dbKey: hexOf(ctx.store().key), actor: ctx.actor, files: input } });
    worker.unref();
    worker.on('message', (m: ReportImportMessage) => {
      finish(m);
      if (m.type !== 'progress') void worker.terminate();
    });
    worker.on('error', (e) => finish({ type: 'failed', message: `Teller stopped checking the reports: ${e.message}.` }));
  } else {
    runReportImport(ctx.store(), input, finish);
  }
  return { ...job };
}

export const regionHandlers = defineHandlers(regionApi, (ctx) => ({
  getRegionOffice: () => regionOffice(ctx.store()),
  setRegionOffice: ({ name }) => setRegionOffice(ctx.store(), name),
  listTrustedKeys: () => trustedKeys(ctx.store()),
  checkTrustKey: ({ clp, key }) => checkTrustKey(ctx.store(), clp, key),
  trustKey: ({ clp, key }) => ({ ...trustKey(ctx.store(), clp, key), keys: trustedKeys(ctx.store()) }),
  revokeKey: ({ keyId, clp }) => {
    revokeKey(ctx.store(), keyId, clp);
    return trustedKeys(ctx.store());
  },
  importReports: ({ fileIds }) => {
    const files = fileIds.map((id) => ({ id, ...ctx.staged.get(id) }));
    const input = files.map(({ path, name, folder, key }) => ({ path, name, ...(folder === undefined ? {} : { folder }), ...(key === undefined ? {} : { key: key.toString('hex') }) }));
    return reportJob(ctx, 'Checking reports', input, () => {
      for (const f of files) ctx.staged.discard(f.id);
    });
  },
  recheckReports: ({ ids }) => {
    const files = new Map(receivedFiles(ctx.store()).map((f) => [f.id, f]));
    for (const id of new Set(ids)) {
      const f = files.get(id);
      if (!f) throw new TellerError('not-found', 'One of those files is not among the files received. Nothing has been checked.');
      if (!f.canRecheck) {
        throw new TellerError('invalid-input', f.verdict !== 'refused' ? `${f.fileName} was not refused, so there is nothing to check again. Nothing has been checked.` : `The contents of ${f.fileName} were not kept: choose the file again to check it. Nothing has been checked.`);
      }
    }
    return reportJob(ctx, 'Checking reports again', [...new Set(ids)].map((kept) => ({ kept })), () => undefined);
  },
  listReceivedFiles: () => receivedFiles(ctx.store()),
  getRegion: () => ({ rows: regionOverview(ctx.store()), refused: refusedReports(ctx.store()) }),
  getRegionClp: ({ ballotId }) => regionClp(ctx.store(), ballotId),
}));
