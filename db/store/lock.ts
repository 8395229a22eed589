import fs from 'node:fs';
import { TellerError } from '../../shared/errors';
import { ensureStoreFolder } from './location';

/** What a lock file records of the process that holds it. */
interface Holder {
  pid?: number;
  since?: string;
  /** The process's start time, in clock ticks since boot (Linux: /proc/PID/stat, field 22). */
  started?: string | null;
  /** The boot the process ran in (Linux: /proc/sys/kernel/random/boot_id). */
  bootId?: string | null;
}

/** This computer's current boot, where the system says (null elsewhere). */
export function currentBootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** When a process started, in clock ticks since boot, where the system says (null elsewhere or if it is gone). */
export function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name (field 2) is in brackets and may hold spaces: count from after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 of the line
  } catch {
    return null;
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process a lock names is still the one that took it: its number must be in use,
 * in the same boot, by a process that started when the holder did. After a reboot, or once the
 * number has passed to another program, the lock is stale. A lock from a system that records
 * neither is judged by its number alone.
 */
function stillHeld(holder: Holder): holder is Holder & { pid: number } {
  if (typeof holder.pid !== 'number' || !running(holder.pid)) return false;
  const boot = currentBootId();
  if (holder.bootId && boot && holder.bootId !== boot) return false;
  const started = processStart(holder.pid);
  if (holder.started && started && holder.started !== started) return false;
  return true;
}

function readHolder(file: string): Holder | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : {};
  }
}

function lockedMessage(pid: number): string {
  return `Teller is already open on this store (process ${pid}). Close the other copy first; two copies writing at once could confuse the record.`;
}

/**
 * One running copy of Teller per store: a lock file beside it names the process that has it
 * (its number, start time and boot). A second copy is refused in plain words; a lock left by
 * a copy that stopped, or whose number now belongs to another process, is taken over.
 */
export class StoreLock {
  private constructor(
    private readonly file: string,
    /** Said once when a stale lock was taken over (null: there was none). */
    readonly note: string | null,
  ) {}

  static take(storePath: string): StoreLock {
    ensureStoreFolder(storePath);
    const file = `${storePath}.lock`;
    let note: string | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const me: Holder = { pid: process.pid, since: new Date().toISOString(), started: processStart(process.pid), bootId: currentBootId() };
        fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
        return new StoreLock(file, note);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
          throw new TellerError('store-read-only', `Teller cannot write to ${storePath}: the file or its folder is read-only. Nothing has been changed. Move it somewhere writable, or check its permissions.`);
        }
        if (code !== 'EEXIST') throw e;
        const holder = readHolder(file) ?? {};
        if (stillHeld(holder)) throw new TellerError('store-locked', lockedMessage(holder.pid));
        note =
          typeof holder.pid === 'number'
            ? `Teller took over this store's lock from process ${holder.pid}, which has stopped (Teller was not closed normally, or the computer restarted).`
            : "Teller took over this store's lock, whose file was damaged.";
        fs.rmSync(file, { force: true }); // left by a copy that stopped without closing
      }
    }
    throw new TellerError('store-locked', 'Teller could not take the lock on this store. Close any other copy and try again.');
  }

  /** For a copy that only reads: refused, writing nothing, while a live copy holds the lock. */
  static refuseIfHeld(storePath: string): void {
    const holder = readHolder(`${storePath}.lock`);
    if (holder && stillHeld(holder)) throw new TellerError('store-locked', lockedMessage(holder.pid));
  }

  release(): void {
    fs.rmSync(this.file, { force: true });
  }
}
