import path from 'node:path';
import { TellerError } from '../../shared/errors';
import type { CsvEncoding } from '../../shared/lists/csv';
import type { RowError } from '../../shared/lists/member-rows';
import { guessRegisterMapping, registerMappingProblems, type RegisterMapping } from '../../shared/lists/electoral-register-fields';
import { readRegisterRows, type RegisterRow } from '../../shared/lists/electoral-register-rows';
import type { CsvFile } from '../members/csv-import';
import type { ImportedSnapshot } from '../members/member-snapshot-writer';
import { appendAudit, textDigest } from '../store/audit';
import type { Db } from '../store/db';

/* The council's electoral register, read from its CSV file and written as one snapshot. */

interface RegisterFile {
  file: string;
  fileName: string;
  sha256: string;
  encoding: CsvEncoding;
  headers: string[];
  mapping: RegisterMapping;
  ignoredColumns: string[];
  rows: number;
  entries: RegisterRow[];
  rejected: RowError[];
}

/** Checks every row of a parsed electoral-register CSV under a mapping (guessed if none). */
export function checkRegisterFile(file: string, csv: CsvFile, today: string, mapping?: RegisterMapping): RegisterFile {
  const used = mapping ?? guessRegisterMapping(csv.headers);
  if (used.length !== csv.headers.length) throw new TellerError('invalid-input', 'The column mapping does not match the file’s columns. Choose the file again.');
  const problems = registerMappingProblems(used);
  if (problems.length > 0) throw new TellerError('invalid-file', problems.join(' '));
  const { entries, errors } = readRegisterRows(csv.table.records, csv.headers.length, used, today);
  return {
    file,
    fileName: path.basename(file),
    sha256: csv.sha256,
    encoding: csv.encoding,
    headers: csv.headers,
    mapping: used,
    ignoredColumns: csv.headers.filter((_, i) => used[i] === null),
    rows: csv.table.records.length,
    entries,
    rejected: errors,
  };
}

/** Writes an electoral register as one new snapshot with its audit entry (counts and hash only). */
export function writeRegisterSnapshot(db: Db, read: RegisterFile, ctx: { actor: string; at: string }, onProgress?: (done: number, total: number) => void): ImportedSnapshot {
  return db
    .transaction((): ImportedSnapshot => {
      const { lastInsertRowid } = db
        .prepare('INSERT INTO register_snapshot (imported_at, file_name, sha256, encoding, rows, imported, rejected, ignored_columns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(ctx.at, read.fileName, read.sha256, read.encoding, read.rows, read.entries.length, JSON.stringify(read.rejected), JSON.stringify(read.ignoredColumns));
      const snapshotId = Number(lastInsertRowid);
      insertInBatches(
        db,
        'INSERT INTO register_entry (snapshot_id, elector, surname, forenames, address, postcode, franchise, dob) VALUES ',
        read.entries,
        (e) => [snapshotId, e.elector, e.surname, e.forenames, e.address, e.postcode, e.franchise, e.dob],
        onProgress,
      );
      appendAudit(db, {
        at: ctx.at,
        actor: ctx.actor,
        action: 'register.import',
        entity: 'register_snapshot',
        entityId: String(snapshotId),
        before: null,
        after: { fileName: textDigest(read.fileName), sha256: read.sha256, encoding: read.encoding, rows: read.rows, imported: read.entries.length, rejectedLines: read.rejected.map((r) => r.line), ignoredColumns: read.ignoredColumns },
      });
      return { snapshotId, imported: read.entries.length };
    })
    .immediate();
}

const BATCH = 100;

/** Many rows per INSERT statement: a large list is written several times faster than row by row. */
function insertInBatches<T>(db: Db, head: string, items: readonly T[], values: (item: T) => (string | number)[], onProgress?: (done: number, total: number) => void): void {
  const width = items.length > 0 ? values(items[0] as T).length : 0;
  const row = `(${Array(width).fill('?').join(', ')})`;
  const full = db.prepare(head + Array(BATCH).fill(row).join(', '));
  for (let i = 0; i < items.length; i += BATCH) {
    const chunk = items.slice(i, i + BATCH);
    const params = chunk.flatMap(values);
    if (chunk.length === BATCH) full.run(params);
    else db.prepare(head + Array(chunk.length).fill(row).join(', ')).run(params);
    if (onProgress && i % 5000 === 0) onProgress(i + chunk.length, items.length);
  }
}

