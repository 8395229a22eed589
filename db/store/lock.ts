import fs from 'node:fs';
import { TellerError } from '../../shared/errors';
import { ensureStoreFolder } from './location';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One running copy of Teller per store: a lock file beside it names the process that has it.
 * A second copy is refused in plain words; a lock left by a copy that died is taken over.
 */
export class StoreLock {
  private constructor(private readonly file: string) {}

  static take(storePath: string): StoreLock {
    ensureStoreFolder(storePath);
    const file = `${storePath}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { flag: 'wx' });
        return new StoreLock(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
          throw new TellerError('store-read-only', `Teller cannot write to ${storePath}: the file or its folder is read-only. Nothing has been changed. Move it somewhere writable, or check its permissions.`);
        }
        if (code !== 'EEXIST') throw e;
        let holder: { pid?: number } = {};
        try {
          holder = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
        } catch {
          // An unreadable lock file is treated as stale.
        }
        if (typeof holder.pid === 'number' && alive(holder.pid)) {
          throw new TellerError('store-locked', `Teller is already open on this store (process ${holder.pid}). Close the other copy first; two copies writing at once could confuse the record.`);
        }
        fs.rmSync(file, { force: true }); // left by a copy that stopped without closing
      }
    }
    throw new TellerError('store-locked', 'Teller could not take the lock on this store. Close any other copy and try again.');
  }

  /** For a copy that only reads: refused, writing nothing, while a live copy holds the lock. */
  static refuseIfHeld(storePath: string): void {
    let holder: { pid?: number };
    try {
      holder = JSON.parse(fs.readFileSync(`${storePath}.lock`, 'utf8')) as { pid?: number };
    } catch {
      return; // no lock, or one too damaged to name anyone
    }
    if (typeof holder.pid === 'number' && alive(holder.pid)) {
      throw new TellerError('store-locked', `Teller is already open on this store (process ${holder.pid}). Close the other copy first; two copies writing at once could confuse the record.`);
    }
  }

  release(): void {
    fs.rmSync(this.file, { force: true });
  }
}
