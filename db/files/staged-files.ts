import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TellerError } from '../../shared/errors';
import { eraseFile } from '../store/backups';

/**
 * Files chosen for import, known to the Api by a random id: a path the desktop app's file
 * dialog returned, or an upload the browser host saved. Uploads are personal data: they
 * are deleted after use and when Teller stops, and a copy of Teller that was killed has its
 * leftovers deleted by the next copy that opens the same store.
 */
export class StagedFiles {
  private readonly files = new Map<string, { path: string; name: string; folder?: string; owned: boolean; ready: boolean }>();

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

  /** A place to save an upload; the file is Teller's to delete, and usable once `uploaded(id)` says it is complete. */
  uploadTarget(name: string): { id: string; path: string } {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomBytes(16).toString('hex');
    const safeName = path.basename(name).replace(/[^\w.\- ]/g, '_').slice(0, 100) || 'upload.csv';
    const file = path.join(this.dir, `${id}-${safeName}`);
    this.files.set(id, { path: file, name: safeName, owned: true, ready: false });
    return { id, path: file };
  }

  /** The upload saved at `id`'s path is complete. */
  uploaded(id: string): void {
    const f = this.files.get(id);
    if (f) f.ready = true;
  }

  /** The file's path and name, and the folder it was chosen from (its links must stay inside). */
  get(id: string): { path: string; name: string; folder?: string } {
    const f = this.files.get(id);
    if (!f?.ready) throw new TellerError('not-found', 'That file is no longer available. Choose it again.');
    return f;
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
