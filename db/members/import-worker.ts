// Runs an import off the main thread: reading and checking in this worker, and for
// membership lists the writing in a second one, so both cores work and the window never waits.
import path from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { TellerError } from '../../shared/errors';
import { CsvFileError, csvRecords, detectSeparator, type CsvRecord } from '../../shared/lists/csv';
import { guessMapping, mappingProblems, type ColumnMapping } from '../../shared/lists/member-fields';
import { duplicateReason, membershipKey, NumberTracker, readMemberRows, type RowError } from '../../shared/lists/member-rows';
import type { ImportPreview } from '../../shared/api';
import type { RegisterMapping } from '../../shared/lists/electoral-register-fields';
import { buildPreview } from './import-preview';
import { backupStore } from '../store/backups';
import { openStore } from '../store/open';
import { keyOf } from '../store/store-key';
import type { Db } from '../store/db';
import { checkRegisterFile, writeRegisterSnapshot } from '../electoral-register/register-import';
import { decodeImportBytes, readCsvFile, readImportBytes, sha256Of } from './csv-import';
import { capitalised, refuseUnmapped, writerFailure, type RowCheckSpec, type Unmapped, type WriterData, type WriterMessage } from './import-writer';
import { ListNotes, VocabularyReader, type ListNotesData, type ListVocabulary } from '../../shared/lists/member-vocabulary';
import { MemberSnapshotWriter, memberValues, type ImportedSnapshot, type SnapshotMeta } from './member-snapshot-writer';

export interface ImportJobInput {
  /** A preview reads and checks the file and writes nothing. */
  mode: 'preview' | 'import';
  kind: 'members' | 'register';
  dbPath: string;
  /** The store's key in hex (null: a plain store, the demo CLP's); only ever in memory. */
  dbKey: string | null;
  file: string;
  fileName: string;
  /** An upload's key in hex, to decrypt it as it is read (null: the user's own file); only ever in memory. */
  fileKey: string | null;
  mapping: ColumnMapping | RegisterMapping | null;
  /** How statuses and branch names are read (membership lists). */
  vocabulary: ListVocabulary;
  /** The day the membership list is as at (stored with the snapshot), and the ballot's freeze date (for the warning). */
  asAt: string | null;
  freezeDate: string | null;
  today: string;
  actor: string;
  at: string;
}

export type ImportJobMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'preview'; preview: ImportPreview }
  | { type: 'done'; snapshotId: number; imported: number }
  | { type: 'failed'; message: string; unmapped?: Unmapped };

type Post = (m: ImportJobMessage) => void;

/** What reading, checking and writing a membership list needs, wherever it runs. */
type MembersImport = Pick<ImportJobInput, 'file' | 'fileName' | 'fileKey' | 'mapping' | 'today' | 'actor' | 'at' | 'vocabulary' | 'asAt'>;

/** Where checked members go: a writer in this thread, or one in another (which hashes the file meanwhile). */
interface MemberSink {
  begin(meta: SnapshotMeta, bytes: Buffer, spec: RowCheckSpec): void;
  add(values: string): void;
  /** Rows for the sink's own thread to check (a share of the work, so both cores are busy). */
  checkElsewhere?(records: CsvRecord[]): void;
}

/** Every fourth block of rows is checked by the writer's thread, which would otherwise wait on the reader. */
const ELSEWHERE_EVERY = 4;

/** Rows a block: the share of work given to each thread, and how often progress is told. */
const BLOCK = 5000;
/**
 * Rows checked and handed on at a time. Small, so that what is built for them (records,
 * members, the text sent to the writer) dies young: built for 5,000 rows at once it lives
 * through collections and costs as much again as reading and checking them.
 */
const PIECE = 500;

const failure: (e: unknown) => ImportJobMessage = writerFailure;

/**
 * Reads and checks a membership list a chunk at a time, handing the good rows to the sink.
 * Duplicated numbers are only known at the end: returned in `drop` (as keys) with their
 * rows added to `rejected`, for the sink to take out before it commits.
 */
function checkMembers(
  input: MembersImport,
  sink: MemberSink,
  post: Post,
  hashHere: boolean,
): { rejected: RowError[]; drop: string[]; rows: number; duplicatesElsewhere: [number, string][]; notes: ListNotesData } {
  post({ type: 'progress', phase: 'Reading the file', done: 0, total: 1 });
  const bytes = readImportBytes(input.file, input.fileName, keyOf(input.fileKey) ?? undefined);
  const sha256 = hashHere ? sha256Of(bytes) : '';
  const { text, encoding } = decodeImportBytes(bytes);
  const progress = { at: 0 };
  const records = csvRecords(text, detectSeparator(text), progress);
  let headers: string[];
  try {
    const first = records.next();
    if (first.done) throw new CsvFileError('The file has no header row.');
    headers = first.value.fields.map((h) => h.trim());
  } catch (e) {
    throw e instanceof CsvFileError ? new TellerError('invalid-file', e.message) : e;
  }
  const mapping = (input.mapping as ColumnMapping | null) ?? guessMapping(headers);
  if (mapping.length !== headers.length) throw new TellerError('invalid-input', 'The column mapping does not match the file’s columns. Choose the file again.');
  const problems = mappingProblems(mapping);
  if (problems.length > 0) throw new TellerError('invalid-file', problems.join(' '));
  // Rows are checked and handed on while the rest of the file is still being read.
  sink.begin({ fileName: input.fileName, sha256, encoding, rows: 0, ignoredColumns: headers.filter((_, i) => mapping[i] === null), asAt: input.asAt }, bytes, { width: headers.length, mapping, today: input.today, vocabulary: input.vocabulary });
  const reader = new VocabularyReader(input.vocabulary);
  const notes = new ListNotes();
  const numberColumn = mapping.indexOf('membershipNumber');
  const elsewhere = new Set<number>(); // lines checked by the sink's thread
  const tracker = new NumberTracker();
  const errors = new Map<number, string>();
  let rows = 0;
  let blocks = 0;
  let inBlock = 0;
  const check = (chunk: CsvRecord[]) => {
    if (sink.checkElsewhere && (blocks + 1) % ELSEWHERE_EVERY === 0) {
      for (const r of chunk) {
        const number = (r.fields[numberColumn] ?? '').trim();
        if (number !== '') tracker.see(membershipKey(number), r.line);
        elsewhere.add(r.line);
      }
      sink.checkElsewhere(chunk);
    } else {
      const checked = readMemberRows(chunk, headers.length, mapping, input.today, null, tracker, reader, notes);
      for (const e of checked.errors) errors.set(e.line, e.reason);
      if (checked.members.length > 0) sink.add(memberValues(checked.members));
    }
    rows += chunk.length;
  };
  const progressed = () => post({ type: 'progress', phase: 'Checking and saving members', done: progress.at, total: text.length });
  let chunk: CsvRecord[] = [];
  try {
    for (const record of records) {
      chunk.push(record);
      inBlock += 1;
      if (inBlock === BLOCK) {
        check(chunk);
        chunk = [];
        progressed();
        blocks += 1;
        inBlock = 0;
      } else if (chunk.length === PIECE) {
        check(chunk);
        chunk = [];
      }
    }
  } catch (e) {
    throw e instanceof CsvFileError ? new TellerError('invalid-file', e.message) : e;
  }
  check(chunk);
  progressed();
  const duplicates = tracker.duplicates();
  const duplicatesElsewhere: [number, string][] = [];
  for (const lines of duplicates.values()) {
    for (const line of lines) {
      const why = duplicateReason(lines, line);
      if (elsewhere.has(line)) {
        duplicatesElsewhere.push([line, why]);
        continue;
      }
      const earlier = errors.get(line);
      errors.set(line, earlier ? `${earlier}; ${why}` : capitalised(why));
    }
  }
  const rejected = [...errors].map(([line, reason]) => ({ line, reason })).sort((a, b) => a.line - b.line);
  // A share of the rows may have been checked elsewhere: the sink's thread settles unmapped values with its own notes.
  if (!sink.checkElsewhere) refuseUnmapped(notes, reader);
  return { rejected, drop: [...duplicates.keys()], rows, duplicatesElsewhere, notes: notes.data() };
}

/**
 * A membership import in this thread on an open store: the job's own reading, checking and
 * writing, in one transaction. `beforeWrite` runs once the file is known to be usable and
 * before anything is written (the job backs the store up there).
 */
export function importMembersHere(db: Db, input: MembersImport, post: Post, beforeWrite: () => void): ImportedSnapshot {
  const writer = new MemberSnapshotWriter(db, { actor: input.actor, at: input.at });
  try {
    const begin = (meta: SnapshotMeta) => {
      beforeWrite();
      writer.begin(meta);
    };
    const { rejected, drop, rows } = checkMembers(input, { begin, add: (values) => writer.add(values) }, post, true);
    return writer.finish(rejected, drop, rows);
  } catch (e) {
    writer.abort();
    throw e;
  }
}

/** The whole job in this thread (tests, the command line, previews and electoral registers). */
export function runImportJob(input: ImportJobInput, post: Post): void {
  if (input.mode === 'preview') {
    try {
      post({ type: 'progress', phase: 'Reading and checking the file', done: 0, total: 1 });
      post({
        type: 'preview',
        preview: buildPreview(input.kind, { path: input.file, name: input.fileName, ...(input.fileKey === null ? {} : { key: keyOf(input.fileKey)! }) }, input.mapping, input.today, {
          vocabulary: input.vocabulary,
          asAt: input.asAt,
          freezeDate: input.freezeDate,
        }),
      });
    } catch (e) {
      post(failure(e));
    }
    return;
  }
  const db = openStore(input.dbPath, keyOf(input.dbKey), { job: true });
  try {
    let result: ImportedSnapshot;
    if (input.kind === 'members') {
      result = importMembersHere(db, input, post, () => backupStore(db, input.dbPath, 'before-import'));
    } else {
      post({ type: 'progress', phase: 'Reading and checking the file', done: 0, total: 1 });
      const read = checkRegisterFile(input.file, readCsvFile(input.file, { name: input.fileName, ...(input.fileKey === null ? {} : { key: keyOf(input.fileKey)! }) }), input.today, (input.mapping as RegisterMapping | null) ?? undefined);
      read.fileName = input.fileName;
      if (read.entries.length === 0) throw new TellerError('invalid-file', 'No row of the file could be imported, so nothing was written.');
      backupStore(db, input.dbPath, 'before-import');
      result = writeRegisterSnapshot(db, read, { actor: input.actor, at: input.at }, (done, total) => post({ type: 'progress', phase: 'Saving the register', done, total }));
    }
    post({ type: 'done', snapshotId: result.snapshotId, imported: result.imported });
  } catch (e) {
    post(failure(e));
  } finally {
    db.close();
  }
}

const writerScript = (script: string) => path.join(path.dirname(script), 'import-writer.cjs');

/** A writer thread started ahead of its import, waiting to be told which store to write (at most one). */
let spare: { script: string; worker: Worker } | null = null;

/**
 * Starts the writer thread of the next membership import now, so that starting it (a thread,
 * its modules, SQLite) overlaps other work: the store's key being unsealed (the command), or
 * the user reading the preview (a warm import worker). It keeps no process alive while unused.
 */
export function prestartImportWriter(script: string): void {
  if (spare) return;
  const worker = new Worker(writerScript(script));
  worker.unref();
  worker.once('error', () => {
    if (spare?.worker === worker) spare = null;
  });
  spare = { script, worker };
}

/** The writer for an import: the one started ahead, or a new one. */
function writerFor(script: string, data: WriterData): Worker {
  const ready = spare?.script === script ? spare.worker : null;
  if (spare && !ready) void spare.worker.terminate();
  spare = null;
  if (!ready) return new Worker(writerScript(script), { workerData: data });
  ready.removeAllListeners('error');
  ready.ref();
  ready.postMessage(data);
  return ready;
}

/** A membership import with the writing in a second worker (this script again, as the writer). */
function runThreadedMemberImport(input: ImportJobInput, post: Post, script: string): void {
  const writerData: WriterData = { dbPath: input.dbPath, dbKey: input.dbKey, actor: input.actor, at: input.at };
  const writer = writerFor(script, writerData);
  let settled = false;
  const settle = (m: ImportJobMessage) => {
    if (settled) return;
    settled = true;
    post(m);
    void writer.terminate();
  };
  writer.on('message', (m: ImportJobMessage) => settle(m));
  writer.on('error', (e) => settle(failure(e)));
  // A writer that stops without a word (it was ended, or died) must not leave the import waiting.
  writer.on('exit', () => settle(failure(new Error('the writing thread stopped'))));
  const send = (m: WriterMessage) => writer.postMessage(m);
  try {
    const sink: MemberSink = {
      // The file's bytes move to the writer (no copy), which hashes them while this thread checks rows.
      begin: (meta, bytes, spec) => {
        // A small file's Buffer may share its memory with others (Node's pool of Buffer.poolSize
        // bytes): move only memory larger than the pool, which a file read whole owns alone (the
        // read leaves a byte spare at its end, so the view is moved, not copied to fit).
        const own = bytes.buffer.byteLength > Buffer.poolSize ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
        writer.postMessage({ type: 'begin', meta, bytes: own, spec } satisfies WriterMessage, [own.buffer as ArrayBuffer]);
      },
      add: (values) => send({ type: 'add', values }),
      checkElsewhere: (records) => {
        // Each row keeps its own count of fields, so a ragged row is still reported as one.
        let fields = '';
        for (const r of records) for (const f of r.fields) fields += `${f}\0`;
        send({ type: 'check', lines: records.map((r) => r.line), counts: records.map((r) => r.fields.length), fields });
      },
    };
    const { rejected, drop, rows, duplicatesElsewhere, notes } = checkMembers(input, sink, (m) => !settled && post(m), false);
    send({ type: 'finish', rejected, drop, rows, duplicatesElsewhere, notes });
  } catch (e) {
    send({ type: 'abort' });
    settle(failure(e));
  }
}

/**
 * One job on the calling thread: a membership import reads and checks here and writes in a
 * second worker started from `script` (the built import worker); anything else runs here whole.
 */
export function runJob(data: ImportJobInput, post: Post, script: string): void {
  if (data.mode === 'import' && data.kind === 'members') runThreadedMemberImport(data, post, script);
  else runImportJob(data, post);
}

/** The import worker thread's work (its entry point is db/job-thread.ts). */
export function serveImportWorker(): void {
  if (!parentPort || !workerData) return;
  const port = parentPort;
  const data = workerData as ImportJobInput;
  const post = (m: ImportJobMessage) => port.postMessage(m);
  runJob(data, post, __filename);
  // After a preview this worker waits, warm, for the import the user is most likely to ask for
  // next, with a membership import's writer thread started meanwhile.
  if (data.mode === 'preview') {
    if (data.kind === 'members') prestartImportWriter(__filename);
    port.once('message', (next: ImportJobInput) => runJob(next, post, __filename));
  }
}
