import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { TellerError } from '../../shared/errors';
import { BoundedReadError, openBounded, readBounded } from '../files/read-bounded';
import { CsvFileError, decodeCsvBytes, parseCsv, type CsvEncoding, type CsvTable } from '../../shared/lists/csv';

/** Larger files are refused before they are read, so memory stays bounded. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

function megabytes(n: number): string {
  return `${Math.round(n / 1024 / 1024)} MB`;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface CsvFile {
  sha256: string;
  encoding: CsvEncoding;
  headers: string[];
  table: CsvTable;
}

/** Runs `read` on a file for import, turning a refusal of the file into a TellerError in words. */
function importRead<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    if (e.problem === 'too-large') {
      const size = e.size === null ? `larger than ${megabytes(MAX_IMPORT_BYTES)}` : megabytes(e.size);
      throw new TellerError('invalid-file', `The file is ${size}; Teller imports membership lists of up to ${megabytes(MAX_IMPORT_BYTES)}. Check it is the right file, or split it.`);
    }
    throw new TellerError('invalid-file', e.message);
  }
}

/**
 * Reads a file for import within the size limit (a regular file only); throws a TellerError if
 * it cannot. With `key` (an upload's), the file is decrypted as it is read.
 */
export function readImportBytes(file: string, name = path.basename(file), key?: Uint8Array): Buffer {
  return importRead(() => readBounded(file, { limit: MAX_IMPORT_BYTES, name, ...(key ? { key } : {}) }));
}

/**
 * A file for import opened as `readImportBytes` reads it, to be read a piece at a time: each
 * piece read goes through `read`, so a refusal (the file grew past the limit) is in words too.
 */
export function openImportFile(file: string, name = path.basename(file), key?: Uint8Array): { pieces(size: number): Generator<Uint8Array>; close(): void } {
  const opened = importRead(() => openBounded(file, { limit: MAX_IMPORT_BYTES, name, ...(key ? { key } : {}) }));
  return {
    *pieces(size: number) {
      const source = opened.pieces(size);
      for (;;) {
        const next = importRead(() => source.next());
        if (next.done) return;
        yield next.value;
      }
    },
    close: () => opened.close(),
  };
}

/** Decodes CSV bytes, turning a whole-file problem into a TellerError. */
export function decodeImportBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  try {
    const decoded = decodeCsvBytes(bytes, isUtf8);
    return decoded.text.charCodeAt(0) === 0xfeff ? { text: decoded.text.slice(1), encoding: decoded.encoding } : decoded;
  } catch (e) {
    if (e instanceof CsvFileError) throw new TellerError('invalid-file', e.message);
    throw e;
  }
}

/** Reads, decodes and parses a CSV file; throws a TellerError for whole-file problems. */
export function readCsvFile(file: string, { name = path.basename(file), key }: { name?: string; key?: Uint8Array } = {}): CsvFile {
  const bytes = readImportBytes(file, name, key);
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
