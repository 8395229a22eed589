// Runs a membership import off the main thread: its own SQLite connection, progress back
// to the host, and the same read and write functions the command line uses.
import { parentPort, workerData } from 'node:worker_threads';
import { TellerError } from '../../shared/errors';
import type { ColumnMapping } from '../../shared/register/member-fields';
import { openStore } from '../store';
import type { RegisterMapping } from '../../shared/register/register-fields';
import type { Db } from '../store';
import { checkMembershipFile, checkRegisterFile, readCsvFile, writeMemberSnapshot, writeRegisterSnapshot } from './csv-import';

export interface ImportJobInput {
  kind: 'members' | 'register';
  dbPath: string;
  file: string;
  fileName: string;
  mapping: ColumnMapping | RegisterMapping;
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
    const csv = readCsvFile(input.file);
    const progress = (phase: string) => (done: number, total: number) => post({ type: 'progress', phase, done, total });
    const write =
      input.kind === 'members'
        ? (() => {
            const read = checkMembershipFile(input.file, csv, input.today, input.mapping as ColumnMapping);
            read.fileName = input.fileName;
            if (read.members.length === 0) throw new TellerError('invalid-file', 'No row of the file could be imported, so nothing was written.');
            return (db: Db) => writeMemberSnapshot(db, read, { actor: input.actor, at: input.at }, progress('Saving members'));
          })()
        : (() => {
            const read = checkRegisterFile(input.file, csv, input.mapping as RegisterMapping);
            read.fileName = input.fileName;
            if (read.entries.length === 0) throw new TellerError('invalid-file', 'No row of the file could be imported, so nothing was written.');
            return (db: Db) => writeRegisterSnapshot(db, read, { actor: input.actor, at: input.at }, progress('Saving the register'));
          })();
    const db = openStore(input.dbPath);
    try {
      const result = write(db);
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
