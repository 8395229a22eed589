// The writing half of a membership import, in a thread of its own (dist/import-writer.cjs):
// it stores the rows the reader has checked, and checks a share of them itself. Kept apart
// from the reader so that this thread loads only what writing needs and starts quickly.
import { parentPort, workerData } from 'node:worker_threads';
import { TellerError } from '../../shared/errors';
import { readMemberRows, type RowError } from '../../shared/lists/member-rows';
import type { ColumnMapping } from '../../shared/lists/member-fields';
import { ListNotes, unmappedMessage, VocabularyReader, type ListNotesData, type ListVocabulary, type ValueCount } from '../../shared/lists/member-vocabulary';
import { backupStore } from '../store/backups';
import { storeError } from '../store/errors';
import { openStore } from '../store/open';
import { keyOf } from '../store/store-key';
import { sha256Of } from './csv-import';
import { MemberSnapshotWriter, memberValues, type SnapshotMeta } from './member-snapshot-writer';

/** What another thread needs to check rows: duplicates are settled at the end by the reader. */
export interface RowCheckSpec {
  width: number;
  mapping: ColumnMapping;
  today: string;
  vocabulary: ListVocabulary;
}

/** Statuses and branch names of a list that nothing reads yet, with their counts. */
export interface Unmapped {
  statuses: ValueCount[];
  branches: (ValueCount & { suggestion: string | null })[];
}

/** An import refused because statuses or branch names are left unmapped: the job says which. */
class UnmappedValuesError extends TellerError {
  constructor(readonly unmapped: Unmapped) {
    super('invalid-file', unmappedMessage(unmapped));
  }
}

/** Refuses the import if the notes name any status or branch the reader cannot read. */
export function refuseUnmapped(notes: ListNotes, reader: VocabularyReader): void {
  const unmapped = notes.unmapped(reader);
  if (unmapped.statuses.length > 0 || unmapped.branches.length > 0) throw new UnmappedValuesError(unmapped);
}

export interface WriterData {
  dbPath: string;
  /** The store's key, hex (null: a plain store, the demo's). */
  dbKey: string | null;
  actor: string;
  at: string;
}

export type WriterMessage =
  | { type: 'begin'; meta: SnapshotMeta; bytes: Uint8Array; spec: RowCheckSpec }
  | { type: 'add'; values: string }
  | { type: 'check'; lines: number[]; counts: number[]; fields: string }
  | { type: 'finish'; rejected: RowError[]; drop: string[]; rows: number; duplicatesElsewhere: [number, string][]; notes: ListNotesData }
  | { type: 'abort' };


/** The message that ends an import, as the reader and the writer both send it. */
type WriterResult = { type: 'done'; snapshotId: number; imported: number } | { type: 'failed'; message: string; unmapped?: Unmapped };

export function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function writerFailure(e: unknown): WriterResult {
  if (e instanceof UnmappedValuesError) return { type: 'failed', message: e.message, unmapped: e.unmapped };
  const known = e instanceof TellerError ? e : storeError(e);
  return { type: 'failed', message: known ? known.message : `The import failed and nothing was written: ${(e as Error).message}` };
}

/** The writer's side: one transaction from begin to finish; abort or any failure rolls it back. */
function runWriter(data: WriterData, port: NonNullable<typeof parentPort>): void {
  const db = openStore(data.dbPath, keyOf(data.dbKey), { job: true });
  const writer = new MemberSnapshotWriter(db, { actor: data.actor, at: data.at });
  let failed = false;
  let spec: RowCheckSpec | null = null;
  let reader: VocabularyReader | null = null;
  const notes = new ListNotes();
  const errors = new Map<number, string>(); // rows this thread checked and refused
  port.on('message', (m: WriterMessage) => {
    if (failed) return; // after a failure nothing more is written, not even outside the transaction
    try {
      if (m.type === 'begin') {
        spec = m.spec;
        reader = new VocabularyReader(m.spec.vocabulary);
        // As in every import, whichever door it came through: a backup before anything is written.
        backupStore(db, data.dbPath, 'before-import');
        writer.begin({ ...m.meta, sha256: sha256Of(m.bytes) });
      } else if (m.type === 'add') writer.add(m.values);
      else if (m.type === 'check' && spec) {
        const flat = m.fields.split('\0');
        let at = 0;
        const records = m.lines.map((line, i) => {
          const n = m.counts[i] ?? 0;
          const fields = flat.slice(at, at + n);
          at += n;
          return { line, fields };
        });
        const checked = readMemberRows(records, spec.width, spec.mapping, spec.today, null, undefined, reader ?? undefined, notes);
        for (const e of checked.errors) errors.set(e.line, e.reason);
        if (checked.members.length > 0) writer.add(memberValues(checked.members));
      } else if (m.type === 'finish') {
        // Nothing is written while a status or branch name is left for the user to map.
        notes.merge(m.notes);
        if (reader) refuseUnmapped(notes, reader);
        // Give the rows this thread checked their duplicate reasons too.
        for (const [line, why] of m.duplicatesElsewhere) {
          const earlier = errors.get(line);
          errors.set(line, earlier ? `${earlier}; ${why}` : capitalised(why));
        }
        const rejected = [...m.rejected, ...[...errors].map(([line, reason]) => ({ line, reason }))].sort((a, b) => a.line - b.line);
        const result = writer.finish(rejected, m.drop, m.rows);
        db.close();
        port.postMessage({ type: 'done', snapshotId: result.snapshotId, imported: result.imported } satisfies WriterResult);
      } else {
        writer.abort();
        db.close();
      }
    } catch (e) {
      failed = true;
      writer.abort();
      port.postMessage(writerFailure(e));
    }
  });
}


/**
 * The writer thread's work (its entry point is db/writer-thread.ts). A writer started ahead of
 * its import (prestartImportWriter) has no workerData: its first message says which store to write.
 */
export function serveImportWriter(): void {
  const port = parentPort;
  if (!port) return;
  if (workerData) runWriter(workerData as WriterData, port);
  else port.once('message', (data: WriterData) => runWriter(data, port));
}
