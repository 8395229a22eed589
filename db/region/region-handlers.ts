import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Job } from '../../shared/api';
import { regionApi } from '../../shared/api/region';
import { defineHandlers } from '../service-context';
import { hexOf } from '../store/store-key';
import { runReportImport, type ReportImportMessage } from './report-import';
import { refusedReports, regionOverview, revokeKey, trustedKeys, trustKey } from './regional-office';

export const regionHandlers = defineHandlers(regionApi, (ctx) => ({
  listTrustedKeys: () => trustedKeys(ctx.store()),
  trustKey: ({ clp, key }) => {
    trustKey(ctx.store(), clp, key);
    return trustedKeys(ctx.store());
  },
  revokeKey: ({ clp, keyId }) => {
    revokeKey(ctx.store(), clp, keyId);
    return trustedKeys(ctx.store());
  },
  // Checked in the job worker (or in this thread where there is none), pushing each step.
  importReports: ({ fileIds }) => {
    const files = fileIds.map((id) => ({ id, ...ctx.staged.get(id) }));
    const job: Job = { id: randomBytes(12).toString('hex'), state: 'running', phase: 'Checking reports', done: 0, total: files.length, message: null, snapshotId: null, preview: null, reports: null };
    ctx.jobs.set(job.id, job);
    const finish = (m: ReportImportMessage) => {
      if (m.type === 'progress') job.done = m.done;
      else {
        for (const f of files) ctx.staged.discard(f.id);
        if (m.type === 'done') Object.assign(job, { state: 'done', phase: 'Checked', done: files.length, reports: m.reports, message: `${files.length} ${files.length === 1 ? 'file' : 'files'} checked.` });
        else Object.assign(job, { state: 'failed', message: m.message });
      }
      ctx.emit({ kind: 'job', job: { ...job } });
      // The reports were stored by the job, not by a call: say so.
      if (m.type === 'failed' || (m.type === 'done' && m.reports.length > 0)) ctx.emit({ kind: 'changed' });
    };
    const input = files.map(({ path, name, folder, key }) => ({ path, name, ...(folder === undefined ? {} : { folder }), ...(key === undefined ? {} : { key: key.toString('hex') }) }));
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
  },
  getRegion: () => ({ rows: regionOverview(ctx.store()), refused: refusedReports(ctx.store()) }),
}));
