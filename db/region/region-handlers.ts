import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Job } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { regionApi } from '../../shared/api/region';
import { defineHandlers, type ServiceContext } from '../service-context';
import { hexOf } from '../store/store-key';
import { runReportImport, type ReportFile, type ReportImportMessage, type ReportJobData } from './report-import';
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
 * A report-import worker started ahead of its job, waiting for it (one per thread; the
 * service has one store). Starting a thread and loading its code takes 100–300 ms, which
 * would otherwise pass before the first progress of every import.
 */
let spare: { file: string; worker: Worker } | null = null;

/** Starts a spare report-import worker if this is a regional office's store and none is waiting. */
function warmReportWorker(ctx: ServiceContext): void {
  const file = ctx.importWorker;
  if (!file || spare?.file === file) return;
  try {
    if (!regionOffice(ctx.store()).regional) return;
  } catch {
    return; // the store is not open yet
  }
  const worker = new Worker(file, { workerData: { role: 'reports' } });
  worker.unref();
  const entry = { file, worker };
  worker.on('error', () => {
    if (spare === entry) spare = null;
  });
  spare = entry;
}

/** A report-import worker for a job: the spare if one waits, else a new one. */
function reportWorker(file: string, data: ReportJobData): Worker {
  const ready = spare?.file === file ? spare.worker : null;
  spare = null;
  if (!ready) return new Worker(file, { workerData: { role: 'reports', ...data } });
  ready.removeAllListeners('error');
  ready.postMessage(data);
  return ready;
}

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
    const worker = reportWorker(ctx.importWorker, { dbPath: ctx.store().file, dbKey: hexOf(ctx.store().key), actor: ctx.actor, files: input });
    worker.unref();
    worker.on('message', (m: ReportImportMessage) => {
      finish(m);
      if (m.type !== 'progress') {
        void worker.terminate();
        // A spare for the next import, a moment later: not while the window asks for the overview.
        setTimeout(() => warmReportWorker(ctx), 2000).unref();
      }
    });
    worker.on('error', (e) => finish({ type: 'failed', message: `Teller stopped checking the reports: ${e.message}.` }));
  } else {
    runReportImport(ctx.store(), input, finish);
  }
  return { ...job };
}

export const regionHandlers = defineHandlers(regionApi, (ctx) => {
  // A regional office's store: an import worker waits ready from the start.
  warmReportWorker(ctx);
  return {
    getRegionOffice: () => regionOffice(ctx.store()),
    setRegionOffice: ({ name }) => {
      const office = setRegionOffice(ctx.store(), name);
      warmReportWorker(ctx);
      return office;
    },
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
  };
});
