import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { ReportImportRow } from '../../shared/api';
import { MAX_REPORT_BYTES } from '../signing/verify-report';
import { BoundedReadError, readBounded } from '../files/read-bounded';
import { ClpStore } from '../store/clp-store';
import { keyOf } from '../store/store-key';
import { receiveReport, recheckFile, type ReceivedBytes } from './regional-office';

/** A file chosen or uploaded, or (`kept`) a refused file's contents kept in the store, to check again. */
export type ReportFile =
  | {
      path: string;
      name: string;
      /** The folder it was chosen from: its links must not lead out of it. */
      folder?: string;
      /** An upload's key in hex, to decrypt it as it is read; only ever in memory. */
      key?: string;
    }
  | { kept: number };

/**
 * A report file's bytes, read with a bound: a regular file only, at most one byte past the
 * largest report Teller accepts, so no file (a huge one, a device, a link out of the folder)
 * can exhaust memory. A file too large is never read or hashed: its bytes are null, and it is
 * refused for its size. Any other failure to read it is thrown, in one sentence.
 */
function readReportBytes(f: { path: string; name: string; folder?: string; key?: Buffer }): ReceivedBytes {
  try {
    const bytes = readBounded(f.path, { limit: MAX_REPORT_BYTES, name: f.name, ...(f.folder === undefined ? {} : { folder: f.folder }), ...(f.key === undefined ? {} : { key: f.key }) });
    return { name: f.name, bytes, size: bytes.length };
  } catch (e) {
    if (e instanceof BoundedReadError && e.problem === 'too-large') return { name: f.name, bytes: null, size: e.size };
    throw e;
  }
}

export type ReportImportMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; reports: ReportImportRow[] } | { type: 'failed'; message: string };

/** Whoever waits on the store (a call from the window) waits at most about this long. */
const SLICE_MS = 100;
/** How often, at least, the job says how many files it has checked (a file takes a few ms; the first, cold, up to ~100). */
const PROGRESS_MS = 50;

/**
 * Checks and stores report files in slices of about 100 ms, each slice one transaction. It
 * says how many files it has checked when it starts, after each slice, and in between at
 * least every 50 ms or so. A failure keeps the slices already stored and nothing of the
 * slice it stopped in.
 */
export function runReportImport(store: ClpStore, files: readonly ReportFile[], post: (m: ReportImportMessage) => void): void {
  const reports: ReportImportRow[] = [];
  let said = performance.now();
  const say = (done: number) => {
    post({ type: 'progress', done, total: files.length });
    said = performance.now();
  };
  try {
    say(0);
    while (reports.length < files.length) {
      const started = performance.now();
      const slice: ReportImportRow[] = [];
      store.db
        .transaction(() => {
          do {
            const f = files[reports.length + slice.length]!;
            if ('kept' in f) {
              slice.push(recheckFile(store, f.kept));
              continue;
            }
            let file: ReceivedBytes;
            try {
              file = readReportBytes({ path: f.path, name: f.name, ...(f.folder === undefined ? {} : { folder: f.folder }), ...(f.key === undefined ? {} : { key: Buffer.from(f.key, 'hex') }) });
            } catch (e) {
              if (!(e instanceof BoundedReadError)) throw e;
              throw new Error(e.message.replace(/\.$/, '').replace(/^The file/, 'the file'), { cause: e });
            }
            slice.push(receiveReport(store, file));
            if (performance.now() - said >= PROGRESS_MS) say(reports.length + slice.length);
          } while (reports.length + slice.length < files.length && performance.now() - started < SLICE_MS);
        })
        .immediate();
      reports.push(...slice);
      say(reports.length);
    }
    post({ type: 'done', reports });
  } catch (e) {
    const kept = reports.length === 0 ? 'Nothing was imported.' : `The first ${reports.length} of ${files.length} files were imported; nothing of the rest.`;
    post({ type: 'failed', message: `Teller stopped checking the reports: ${(e as Error).message}. ${kept}` });
  }
}

/** What a report-import worker is given: in its workerData, or (a worker started ahead of its job) as its first message. */
export interface ReportJobData {
  dbPath: string;
  dbKey: string | null;
  actor: string;
  files: ReportFile[];
}

/** The report-import worker thread's work: its own connection to the store, so the service stays free to answer. */
export function serveReportImport(): void {
  const port = parentPort;
  if (!port) return;
  const given = workerData as Partial<ReportJobData>;
  if (given.files) return importInThread(port, given as ReportJobData);
  // Started ahead of its job: the job is the first message.
  port.once('message', (data: ReportJobData) => importInThread(port, data));
}

function importInThread(port: NonNullable<typeof parentPort>, data: ReportJobData): void {
  let store: ClpStore;
  try {
    store = new ClpStore(data.dbPath, { actor: data.actor, now: () => new Date() }, { key: keyOf(data.dbKey), job: true });
  } catch (e) {
    port.postMessage({ type: 'failed', message: `Teller could not open its store to import the reports: ${(e as Error).message}. Nothing was imported.` } satisfies ReportImportMessage);
    return;
  }
  try {
    runReportImport(store, data.files, (m) => port.postMessage(m));
  } finally {
    store.close();
  }
}
