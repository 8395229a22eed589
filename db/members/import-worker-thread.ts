import { serveImportWorker } from './import-worker';

// The entry point of the import worker thread (built to dist/import-worker.cjs). It is a file
// of its own so that importing import-worker.ts elsewhere never starts a job.
serveImportWorker();
