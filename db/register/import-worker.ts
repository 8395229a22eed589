// Runs a membership import off the main thread: its own SQLite connection, progress back
// to the host, and the same read and write functions the command line uses.
import { parentPort, workerData } from 'node:worker_threads';
import { TellerError } from '../../shared/errors';
import type { ColumnMapping } from '../../shared/register/member-fields';
import { openStore } from '../store';
import { readMembershipFile, writeMemberSnapshot } from './member-import';

export interface ImportJobInput {
  dbPath: string;
  file: string;
  fileName: string;
  mapping: ColumnMapping;
  today: string;
  actor: string;
  at: string;
}

export type ImportJobMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'done'; snapshotId: number; imported: number }
  | { type: 'failed'; message: string };

/** The whole job; also called directly where no worker is wanted (tests, the command line). */
export function runImportJob(input: ImportJobInput, post: (m: ImportJobMessage) => void): void {
  try {
    post({ type: 'progress', phase: 'Reading and checking the file', done: 0, total: 1 });
    const read = readMembershipFile(input.file, input.today, input.mapping);
    read.fileName = input.fileName;
    if (read.members.length === 0) throw new TellerError('invalid-file', 'No row of the file could be imported, so nothing was written.');
    const db = openStore(input.dbPath);
    try {
      const result = writeMemberSnapshot(db, read, { actor: input.actor, at: input.at }, (done, total) => post({ type: 'progress', phase: 'Saving members', done, total }));
      post({ type: 'done', snapshotId: result.snapshotId, imported: result.imported });
    } finally {
      db.close();
    }
  } catch (e) {
    post({ type: 'failed', message: e instanceof TellerError ? e.message : `The import failed and nothing was written: ${(e as Error).message}` });
  }
}

if (parentPort && workerData) {
  const port = parentPort;
  runImportJob(workerData as ImportJobInput, (m) => port.postMessage(m));
}
