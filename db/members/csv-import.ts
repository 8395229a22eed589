import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TellerError } from '../../shared/errors';
import { CsvFileError, decodeCsvBytes, parseCsv, type CsvEncoding, type CsvTable } from '../../shared/register/csv';
import { guessMapping, mappingProblems, type ColumnMapping } from '../../shared/register/member-fields';
import { readMemberRows, type MemberRow, type RowError } from '../../shared/register/member-rows';
import { guessRegisterMapping, registerMappingProblems, type RegisterMapping } from '../../shared/register/register-fields';
import { readRegisterRows, type RegisterRow } from '../../shared/register/register-rows';
import { appendAudit } from '../store/audit';
import { MemberSnapshotWriter, memberValues } from './member-snapshot-writer';
import type { Db } from '../store/open';

/** Larger files are refused before they are read, so memory stays bounded. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export interface MembershipFile {
  file: string;
  fileName: string;
  sha256: string;
  encoding: CsvEncoding;
  headers: string[];
  mapping: ColumnMapping;
  ignoredColumns: string[];
  rows: number;
  members: MemberRow[];
  rejected: RowError[];
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function megabytes(n: number): string {
  return `${Math.round(n / 1024 / 1024)} MB`;
}

export interface CsvFile {
  sha256: string;
  encoding: CsvEncoding;
  headers: string[];
  table: CsvTable;
}

/** Reads a file for import within the size limit; throws a TellerError if it cannot. */
export function readImportBytes(file: string): Buffer {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new TellerError('invalid-file', `Teller cannot read the file ${path.basename(file)}. Check it still exists and try again.`);
  }
  if (size > MAX_IMPORT_BYTES) {
    throw new TellerError('invalid-file', `The file is ${megabytes(size)}; Teller imports membership lists of up to ${megabytes(MAX_IMPORT_BYTES)}. Check it is the right file, or split it.`);
  }
  return fs.readFileSync(file);
}

/** Decodes CSV bytes, turning a whole-file problem into a TellerError. */
export function decodeImportBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  try {
    const decoded = decodeCsvBytes(bytes);
    return decoded.text.charCodeAt(0) === 0xfeff ? { text: decoded.text.slice(1), encoding: decoded.encoding } : decoded;
  } catch (e) {
    if (e instanceof CsvFileError) throw new TellerError('invalid-file', e.message);
    throw e;
  }
}

/** Reads, decodes and parses a CSV file; throws a TellerError for whole-file problems. */
export function readCsvFile(file: string): CsvFile {
  const bytes = readImportBytes(file);
  const sha256 = sha256Of(bytes);
  const { text, encoding } = decodeImportBytes(bytes);
  try {
    const table = parseCsv(text);
    return { sha256, encoding, headers: table.header.fields.map((h) => h.trim()), table };
  } catch (e) {
    if (e instanceof CsvFileError) throw new TellerError('invalid-file', e.message);
    throw e;
  }
}

/** Checks every row of a parsed membership CSV under a mapping (guessed from the headers if none). */
export function checkMembershipFile(file: string, csv: CsvFile, today: string, mapping?: ColumnMapping): MembershipFile {
  const used = mapping ?? guessMapping(csv.headers);
  if (used.length !== csv.headers.length) throw new TellerError('invalid-input', 'The column mapping does not match the file’s columns. Choose the file again.');
  const problems = mappingProblems(used);
  if (problems.length > 0) throw new TellerError('invalid-file', problems.join(' '));
  const { members, errors } = readMemberRows(csv.table.records, csv.headers.length, used, today);
  return {
    file,
    fileName: path.basename(file),
    sha256: csv.sha256,
    encoding: csv.encoding,
    headers: csv.headers,
    mapping: used,
    ignoredColumns: csv.headers.filter((_, i) => used[i] === null),
    rows: csv.table.records.length,
    members,
    rejected: errors,
  };
}

/** Reads and checks a membership CSV in one step (the command line and the import job). */
export function readMembershipFile(file: string, today: string, mapping?: ColumnMapping): MembershipFile {
  return checkMembershipFile(file, readCsvFile(file), today, mapping);
}

export interface RegisterFile {
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
export function checkRegisterFile(file: string, csv: CsvFile, mapping?: RegisterMapping): RegisterFile {
  const used = mapping ?? guessRegisterMapping(csv.headers);
  if (used.length !== csv.headers.length) throw new TellerError('invalid-input', 'The column mapping does not match the file’s columns. Choose the file again.');
  const problems = registerMappingProblems(used);
  if (problems.length > 0) throw new TellerError('invalid-file', problems.join(' '));
  const { entries, errors } = readRegisterRows(csv.table.records, csv.headers.length, used);
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
        'INSERT INTO register_entry (snapshot_id, elector, surname, forenames, address, postcode, franchise) VALUES ',
        read.entries,
        (e) => [snapshotId, e.elector, e.surname, e.forenames, e.address, e.postcode, e.franchise],
        onProgress,
      );
      appendAudit(db, {
        at: ctx.at,
        actor: ctx.actor,
        action: 'register.import',
        entity: 'register_snapshot',
        entityId: String(snapshotId),
        before: null,
        after: { fileName: read.fileName, sha256: read.sha256, encoding: read.encoding, rows: read.rows, imported: read.entries.length, rejectedLines: read.rejected.map((r) => r.line), ignoredColumns: read.ignoredColumns },
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

export interface ImportedSnapshot {
  snapshotId: number;
  imported: number;
}

/**
 * Writes the valid rows as one new snapshot, in one transaction with its audit entry.
 * (The import job streams rows into a MemberSnapshotWriter instead; this is the same
 * write for a file already checked in full.)
 */
export function writeMemberSnapshot(db: Db, read: MembershipFile, ctx: { actor: string; at: string }, onProgress?: (done: number, total: number) => void): ImportedSnapshot {
  const writer = new MemberSnapshotWriter(db, ctx);
  writer.begin({ fileName: read.fileName, sha256: read.sha256, encoding: read.encoding, rows: read.rows, ignoredColumns: read.ignoredColumns });
  try {
    for (let i = 0; i < read.members.length; i += 5000) {
      writer.add(memberValues(read.members.slice(i, i + 5000)));
      onProgress?.(Math.min(i + 5000, read.members.length), read.members.length);
    }
    return writer.finish(read.rejected);
  } catch (e) {
    writer.abort();
    throw e;
  }
}
