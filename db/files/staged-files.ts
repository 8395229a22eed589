import { createCipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TellerError } from '../../shared/errors';
import { eraseFile } from '../store/backups';
import { UPLOAD_IV_BYTES } from './read-bounded';

/**
 * How an upload is written, with the key its StagedFiles gave (hex): the header (a random IV)
 * first, then every piece through `encrypt` (AES-256-CTR: the same length out as in).
 */
export function uploadEncryption(keyHex: string): { header: Buffer; encrypt: (piece: Uint8Array) => Buffer } {
  const iv = randomBytes(UPLOAD_IV_BYTES);
  const cipher = createCipheriv('aes-256-ctr', Buffer.from(keyHex, 'hex'), iv);
  return { header: iv, encrypt: (piece) => cipher.update(piece) };
}

/** A whole upload's bytes as they are saved: `uploadEncryption`'s header, then the encrypted bytes. */
export function sealUpload(keyHex: string, bytes: Uint8Array | string): Buffer {
  const { header, encrypt } = uploadEncryption(keyHex);
  return Buffer.concat([header, encrypt(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes)]);
}

/**
 * Files chosen for import, known to the Api by a random id: a path the desktop app's file
 * dialog returned, or an upload the browser host saved. Uploads are personal data: they
 * are deleted after use and when Teller stops, and a copy of Teller that was killed has its
 * leftovers deleted by the next copy that opens the same store. Uploads are encrypted at rest
 * with a key made here and kept only in memory: a killed copy's leftovers cannot be read.
 */
export class StagedFiles {
  private readonly files = new Map<string, { path: string; name: string; folder?: string; owned: boolean; ready: boolean }>();
  /** The uploads' key (AES-256), never written. */
  private readonly key = randomBytes(32);

  /**
   * Uploads go in `dir`, which belongs to one store; whatever is left there is deleted now,
   * unless this copy only reads the store (`owner` false: it leaves the folder alone).
   */
  constructor(
    private readonly dir: string,
    private readonly owner = true,
  ) {
    if (owner) fs.rmSync(dir, { recursive: true, force: true });
  }

  /** A file the user picked on disk (the desktop app's dialog), from `folder` if they chose a folder. */
  add(file: string, folder?: string): string {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { path: file, name: path.basename(file), ...(folder === undefined ? {} : { folder }), owned: false, ready: true });
    return id;
  }

  /**
   * A place to save an upload, and the key (hex) to write it with (`uploadEncryption`); the
   * file is Teller's to delete, and usable once `uploaded(id)` says it is complete.
   */
  uploadTarget(name: string): { id: string; path: string; key: string } {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomBytes(16).toString('hex');
    const safeName = path.basename(name).replace(/[^\w.\- ]/g, '_').slice(0, 100) || 'upload.csv';
    const file = path.join(this.dir, `${id}-${safeName}`);
    this.files.set(id, { path: file, name: safeName, owned: true, ready: false });
    return { id, path: file, key: this.key.toString('hex') };
  }

  /** The upload saved at `id`'s path is complete. */
  uploaded(id: string): void {
    const f = this.files.get(id);
    if (f) f.ready = true;
  }

  /**
   * The file's path and name, the folder it was chosen from (its links must stay inside), and
   * for an upload the key to read it with (`read-bounded`'s `key`).
   */
  get(id: string): { path: string; name: string; folder?: string; key?: Buffer } {
    const f = this.files.get(id);
    if (!f?.ready) throw new TellerError('not-found', 'That file is no longer available. Choose it again.');
    return { path: f.path, name: f.name, ...(f.folder === undefined ? {} : { folder: f.folder }), ...(f.owned ? { key: this.key } : {}) };
  }

  discard(id: string): void {
    const f = this.files.get(id);
    if (f?.owned) fs.rmSync(f.path, { force: true });
    this.files.delete(id);
  }

  /** Where uploads wait to be imported. */
  get folder(): string {
    return this.dir;
  }

  /**
   * The purge: every upload waiting to be imported is overwritten and removed, and whatever
   * else is in the uploads folder (a killed copy's leftovers) too. Returns how many files went.
   */
  eraseUploads(): number {
    let erased = 0;
    for (const [id, f] of [...this.files]) {
      if (!f.owned) continue;
      if (fs.existsSync(f.path)) {
        eraseFile(f.path);
        erased++;
      }
      this.files.delete(id);
    }
    if (fs.existsSync(this.dir)) {
      for (const name of fs.readdirSync(this.dir)) {
        const file = path.join(this.dir, name);
        if (!fs.lstatSync(file).isFile()) continue;
        eraseFile(file);
        erased++;
      }
    }
    return erased;
  }

  clear(): void {
    for (const id of [...this.files.keys()]) this.discard(id);
    if (this.owner) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Where uploads for a store are kept while they wait to be imported: beside the store, covered by its lock. */
export function uploadFolderFor(storePath: string): string {
  return `${path.resolve(storePath)}.uploads`;
}
