import { workerData } from 'node:worker_threads';
import { serveImportWorker } from './members/import-worker';
import { serveReportImport } from './region/report-import';

// The entry point of the job worker thread (built to dist/import-worker.cjs): reading and
// importing lists, and checking batches of signed reports, each on a connection of its own so
// the service stays free to answer. A file of its own, so that importing those modules
// elsewhere never starts a job.
if ((workerData as { role?: string } | null)?.role === 'reports') serveReportImport();
else serveImportWorker();
