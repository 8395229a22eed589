import { createDecipheriv, type Decipher } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TellerError } from '../../shared/errors';

/** Why a file could not be read; `message` is one plain sentence naming the file. */
type BoundedReadProblem = 'missing' | 'not-a-file' | 'outside-folder' | 'too-large' | 'unreadable';

/** A file refused or unreadable: an 'invalid-file' error wherever it reaches the user. */
export class BoundedReadError extends TellerError {
  constructor(
    readonly problem: BoundedReadProblem,
    message: string,
    /** For a file too large: its size, if it said it (null: it grew past the bound as it was read). */
    readonly size: number | null = null,
  ) {
    super('invalid-file', message);
    this.name = 'BoundedReadError';
  }
}

interface BoundedReadOptions {
  /** The most bytes the file may hold; a larger file is refused without being read. */
  limit: number;
  /** The folder the user chose: the file, once every link is followed, must lie inside it. */
  folder?: string;
  /** How to name the file in messages (its base name unless said). */
  name?: string;
  /**
   * The key of a file Teller encrypted (an upload: AES-256-CTR, its IV the file's first
   * `UPLOAD_IV_BYTES` bytes): what is read is decrypted, and the bound is on the plain size.
   */
  key?: Uint8Array;
}

/** An encrypted file (an upload) begins with its IV. */
export const UPLOAD_IV_BYTES = 16;

function sizeWords(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round(n / 1024 / 1024)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

function inside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * A file the user chose, open for reading (by `openBounded`): it was a regular file within
 * its bound when opened, and no reading of it goes past the bound.
 */
class BoundedFile {
  constructor(
    private readonly fd: number,
    /** The size the file said it had when it was opened. */
    readonly size: number,
    private readonly limit: number,
    private readonly name: string,
    /** For an encrypted file: its key and IV (the plain bytes start after the IV). */
    private readonly cipher: { key: Uint8Array; iv: Buffer } | null = null,
  ) {}

  /** Where the plain bytes (or their encryption) start in the file. */
  private get start(): number {
    return this.cipher ? UPLOAD_IV_BYTES : 0;
  }

  private decipher(): Decipher | null {
    return this.cipher ? createDecipheriv('aes-256-ctr', this.cipher.key, this.cipher.iv) : null;
  }

  tooLarge(size?: number): BoundedReadError {
    return new BoundedReadError('too-large', `The file ${this.name} is ${size ? `${sizeWords(size)}, more than` : 'larger than'} the ${sizeWords(this.limit)} Teller reads here, so it was not read.`, size ?? null);
  }

  private readAt(buffer: Buffer, offset: number, length: number, position: number | null): number {
    try {
      return fs.readSync(this.fd, buffer, offset, length, position);
    } catch (e) {
      throw new BoundedReadError('unreadable', `The file ${this.name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
  }

  /** The whole file in one buffer, read at most one byte past the bound (a file that grew is refused). */
  readAll(): Buffer {
    // Room for one byte more than the file says it holds shows a file that grew since it was measured.
    let buffer = Buffer.allocUnsafe(Math.min(this.size, this.limit) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > this.limit) throw this.tooLarge();
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, this.limit + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = this.readAt(buffer, length, buffer.length - length, this.start + length);
      if (n === 0) {
        const decipher = this.decipher();
        // CTR keeps the length: the plain bytes are written over the encrypted ones.
        if (decipher) decipher.update(buffer.subarray(0, length)).copy(buffer);
        return buffer.subarray(0, length);
      }
      length += n;
    }
  }

  /**
   * The file from its start, `size` bytes at a time, as often as asked (a file that grows past
   * the bound is refused). Each piece is valid only until the next is asked for: its bytes are
   * reused, so the file is never held whole.
   */
  *pieces(size: number): Generator<Uint8Array> {
    const buffer = Buffer.allocUnsafe(size);
    const decipher = this.decipher();
    let position = 0;
    for (;;) {
      let length = 0;
      while (length < size) {
        const n = this.readAt(buffer, length, size - length, this.start + position + length);
        if (n === 0) break;
        length += n;
      }
      if (length === 0) return;
      position += length;
      if (position > this.limit) throw this.tooLarge();
      if (decipher) decipher.update(buffer.subarray(0, length)).copy(buffer);
      yield buffer.subarray(0, length);
      if (length < size) return;
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/**
 * Opens a file the user chose, to be read never more than `limit` bytes: it must be a regular
 * file (not a device, a pipe or a folder), and with `folder`, wherever its links lead must be
 * inside that folder. Opened without waiting (a pipe with no writer cannot hang the reader),
 * and checked by its open descriptor (so it cannot be swapped between the check and the read).
 * The caller closes it.
 */
export function openBounded(file: string, { limit, folder, name = path.basename(file), key }: BoundedReadOptions): BoundedFile {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new BoundedReadError('missing', `The file ${name} cannot be found; check it still exists and choose it again.`);
    throw new BoundedReadError('unreadable', `The file ${name} cannot be read (${code ?? (e as Error).message}).`);
  }
  if (folder !== undefined) {
    let realFolder: string;
    try {
      realFolder = fs.realpathSync(folder);
    } catch {
      throw new BoundedReadError('missing', `The folder ${folder} cannot be found; choose it again.`);
    }
    if (!inside(realFolder, real)) throw new BoundedReadError('outside-folder', `The file ${name} is a link to somewhere outside the chosen folder, so Teller does not read it.`);
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a pipe with no writer returns at once instead of waiting for ever.
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BoundedReadError('missing', `The file ${name} cannot be found; check it still exists and choose it again.`);
    if (code === 'EISDIR') throw new BoundedReadError('not-a-file', `${name} is a folder, not a file.`);
    throw new BoundedReadError('unreadable', `The file ${name} cannot be read (${code ?? (e as Error).message}).`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new BoundedReadError('not-a-file', `${name} is a folder, not a file.`);
    if (!stat.isFile()) throw new BoundedReadError('not-a-file', `${name} is not an ordinary file (it is a device, a pipe or a socket), so Teller does not read it.`);
    let cipher: { key: Uint8Array; iv: Buffer } | null = null;
    if (key) {
      const iv = Buffer.alloc(UPLOAD_IV_BYTES);
      let n: number;
      try {
        n = fs.readSync(fd, iv, 0, UPLOAD_IV_BYTES, 0);
      } catch (e) {
        throw new BoundedReadError('unreadable', `The file ${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
      }
      if (n < UPLOAD_IV_BYTES) throw new BoundedReadError('unreadable', `The file ${name} is incomplete, so it cannot be read; upload it again.`);
      cipher = { key, iv };
    }
    const size = cipher ? stat.size - UPLOAD_IV_BYTES : stat.size;
    const opened = new BoundedFile(fd, size, limit, name, cipher);
    if (size > limit) throw opened.tooLarge(size);
    return opened;
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/**
 * Reads a file the user chose whole, never more than `limit` bytes, opened as `openBounded`
 * opens it and read at most one byte past the limit, so neither `/dev/zero` nor a file that
 * grows can exhaust memory.
 */
export function readBounded(file: string, options: BoundedReadOptions): Buffer {
  const opened = openBounded(file, options);
  try {
    return opened.readAll();
  } finally {
    opened.close();
  }
}

/** The file's text as UTF-8, read as `readBounded` reads it. */
export function readBoundedText(file: string, options: BoundedReadOptions): string {
  return readBounded(file, options).toString('utf8');
}
