import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TellerError } from '../../shared/errors';

/**
 * Files chosen for import, known to the Api by a random id: a path the desktop app's file
 * dialog returned, or an upload the browser host saved. Uploads are personal data: they
 * are deleted after use and when Teller stops.
 */
export class StagedFiles {
  private readonly files = new Map<string, { path: string; name: string; owned: boolean }>();
  private dir: string | null = null;

  /** A file the user picked on disk (the desktop app's dialog). */
  add(file: string): string {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { path: file, name: path.basename(file), owned: false });
    return id;
  }

  /** A place to save an upload; the file is Teller's to delete. */
  uploadTarget(name: string): { id: string; path: string } {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'teller-upload-'));
    const id = randomBytes(16).toString('hex');
    const safeName = path.basename(name).replace(/[^\w.\- ]/g, '_').slice(0, 100) || 'upload.csv';
    const file = path.join(this.dir, `${id}-${safeName}`);
    this.files.set(id, { path: file, name: safeName, owned: true });
    return { id, path: file };
  }

  get(id: string): { path: string; name: string } {
    const f = this.files.get(id);
    if (!f) throw new TellerError('not-found', 'That file is no longer available. Choose it again.');
    return f;
  }

  discard(id: string): void {
    const f = this.files.get(id);
    if (f?.owned) fs.rmSync(f.path, { force: true });
    this.files.delete(id);
  }

  clear(): void {
    for (const id of [...this.files.keys()]) this.discard(id);
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
