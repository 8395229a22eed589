import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job, Snapshot, TellerState } from '../../../shared/api';
import { syntheticMembers, syntheticMembershipCsv } from '../../../db/members/synthetic-members';
import { smallDisk } from '../small-disk';
import { openService, previewOf, setUpClp, tempDir } from './fixtures';

// A store that cannot grow: a 4 MB tmpfs.
const { mountPoint, mounted } = smallDisk('4m');

function csvOf(count: number, seed: number): string {
  const file = path.join(tempDir(), `members-${count}.csv`);
  fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(count, ['Ashbrook West', 'Fernley South'], seed)));
  return file;
}

// Without root the small disk cannot be made; the rest of the suite still runs.
describe.runIf(mounted)('a full disk', () => {
  it('gives a clear "disk full" error on import and on check-in, loses nothing, and works again once space is freed', () => {
    const svc = openService(mountPoint);
    setUpClp(svc);
    const small = svc.service.staged.add(csvOf(200, 1));
    expect(svc.ok<Job>('startImport', { kind: 'members', fileId: small, mapping: previewOf(svc, { kind: 'members', fileId: small }).mapping }).state).toBe('done');
    const branch = svc.ok<TellerState>('getState').branches.find((b) => b.name === 'Ashbrook West')!;
    const meetingId = svc.ok<{ id: number }>('scheduleMeeting', { branchId: branch.id, date: '2026-06-10' }).id;
    const memberId = (svc.service.store.db.prepare('SELECT id FROM member LIMIT 1').get() as { id: number }).id;

    // Fill the disk, leaving a little room.
    const filler = path.join(mountPoint, 'filler.bin');
    const free = () => fs.statfsSync(mountPoint).bavail * fs.statfsSync(mountPoint).bsize;
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 64 * 1024)));

    const big = svc.service.staged.add(csvOf(20_000, 2));
    const job = svc.ok<Job>('startImport', { kind: 'members', fileId: big, mapping: previewOf(svc, { kind: 'members', fileId: big }).mapping });
    expect(job.state).toBe('failed');
    expect(job.message).toMatch(/^The disk is full, so this was not saved/);
    expect(svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' })).toHaveLength(1);

    let error: { code: string; message: string } | null = null;
    for (let i = 0; i < 5000 && !error; i++) {
      const r = svc.call('recordCheckin', { meetingId, memberId, outcome: 'refused', note: `x`.repeat(400) });
      if (!r.ok) error = r.error;
    }
    expect(error).toMatchObject({ code: 'disk-full', message: expect.stringMatching(/^The disk is full, so this was not saved/) as unknown });
    expect(svc.ok<{ ok: boolean }>('verifyAudit').ok).toBe(true);

    fs.rmSync(filler);
    expect(svc.call('recordCheckin', { meetingId, memberId, outcome: 'refused', note: 'after freeing space' }).ok).toBe(true);
    expect(svc.ok<{ ok: boolean }>('verifyAudit').ok).toBe(true);
    svc.service.close();
  });
});

describe.runIf(mounted)('a read-only store', () => {
  it('is refused with a clear message, and the file is left exactly as it was', () => {
    const dir = fs.mkdtempSync(path.join(mountPoint, 'ro-'));
    const svc = openService(dir);
    setUpClp(svc);
    svc.service.close();
    const file = path.join(dir, 'teller.sqlite');
    const before = fs.readFileSync(file);
    execFileSync('mount', ['--bind', dir, dir]);
    execFileSync('mount', ['-o', 'remount,ro,bind', dir]);
    try {
      expect(() => openService(dir)).toThrow(/read-only\. Nothing has been changed/);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    } finally {
      execFileSync('umount', ['-l', dir]);
    }
  });
});
