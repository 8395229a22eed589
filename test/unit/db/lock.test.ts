import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentBootId, processStart, StoreLock } from '../../../db/store/lock';
import { tempDir } from './fixtures';

const children: ChildProcess[] = [];
afterEach(() => {
  while (children.length) children.pop()?.kill();
});

/** A live process that is not Teller, as another program holding a reused number would be. */
function otherProcess(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

function lockFor(dir: string) {
  const store = path.join(dir, 'teller.sqlite');
  return { store, file: `${store}.lock` };
}

describe('the store lock names its process by number, start time and boot', () => {
  it('records this process: its number, its start time from /proc and the boot id', () => {
    const { store, file } = lockFor(tempDir());
    const lock = StoreLock.take(store);
    const held = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const stat = fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    expect(held).toMatchObject({ pid: process.pid, started: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19], bootId: fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() });
    expect(lock.note).toBeNull();
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a second copy while the live holder is the process that took it', () => {
    const { store, file } = lockFor(tempDir());
    const pid = otherProcess();
    fs.writeFileSync(file, JSON.stringify({ pid, since: '2026-06-14T20:00:00Z', started: processStart(pid), bootId: currentBootId() }));
    expect(() => StoreLock.take(store)).toThrow(`Teller is already open on this store (process ${pid}).`);
    expect(() => StoreLock.refuseIfHeld(store)).toThrow(`process ${pid}`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid });
  });

  it('takes over a lock whose number now belongs to a different live process (its start time differs), with a note', () => {
    const { store, file } = lockFor(tempDir());
    const pid = otherProcess();
    const started = processStart(pid)!;
    fs.writeFileSync(file, JSON.stringify({ pid, since: '2026-06-14T20:00:00Z', started: String(Number(started) - 1), bootId: currentBootId() }));
    expect(() => StoreLock.refuseIfHeld(store)).not.toThrow();
    const lock = StoreLock.take(store);
    expect(lock.note).toBe(`Teller took over this store's lock from process ${pid}, which has stopped (Teller was not closed normally, or the computer restarted).`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('takes over a lock taken in an earlier boot, even if a live process has its number and start time', () => {
    const { store, file } = lockFor(tempDir());
    const pid = otherProcess();
    fs.writeFileSync(file, JSON.stringify({ pid, since: '2026-06-14T20:00:00Z', started: processStart(pid), bootId: '00000000-0000-4000-8000-000000000000' }));
    const lock = StoreLock.take(store);
    expect(lock.note).toMatch(`from process ${pid}, which has stopped`);
    lock.release();
  });

  it('takes over a lock of a process that has ended, and one too damaged to name anyone', () => {
    const dir = tempDir();
    const { store, file } = lockFor(dir);
    const child = spawn('true');
    return new Promise<void>((resolve) => child.on('exit', () => resolve())).then(() => {
      fs.writeFileSync(file, JSON.stringify({ pid: child.pid, since: '2026-06-14T20:00:00Z' }));
      const lock = StoreLock.take(store);
      expect(lock.note).toMatch(`from process ${child.pid}`);
      lock.release();
      fs.writeFileSync(file, '{not json');
      const again = StoreLock.take(store);
      expect(again.note).toBe("Teller took over this store's lock, whose file was damaged.");
      again.release();
    });
  });

  it('judges a lock from an older Teller (number only) by its number', () => {
    const { store, file } = lockFor(tempDir());
    const pid = otherProcess();
    fs.writeFileSync(file, JSON.stringify({ pid, since: '2026-06-14T20:00:00Z' }));
    expect(() => StoreLock.take(store)).toThrow('Teller is already open on this store');
  });
});
