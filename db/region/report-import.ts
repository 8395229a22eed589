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

/**
 * Checks and stores report files in slices of about 100 ms, each slice one transaction, and
 * says how far it got after each. A failure keeps the slices already stored and nothing of
 * the slice it stopped in.
 */
export function runReportImport(store: ClpStore, files: readonly ReportFile[], post: (m: ReportImportMessage) => void): void {
  const reports: ReportImportRow[] = [];
  try {
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
          } while (reports.length + slice.length < files.length && performance.now() - started < SLICE_MS);
        })
        .immediate();
      reports.push(...slice);
      post({ type: 'progress', done: reports.length, total: files.length });
    }
    post({ type: 'done', reports });
  } catch (e) {
    const kept = reports.length === 0 ? 'Nothing was imported.' : `The first ${reports.length} of ${files.length} files were imported; nothing of the rest.`;
    post({ type: 'failed', message: `Teller stopped checking the reports: ${(e as Error).message}. ${kept}` });
  }
}

/** The report-import worker thread's work: its own connection to the store, so the service stays free to answer. */
export function serveReportImport(): void {
  const port = parentPort;
  const data = workerData as { dbPath: string; dbKey: string | null; actor: string; files: ReportFile[] };
  if (!port) return;
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
