import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/api';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { BoundedReadError, openBounded, readBounded } from '../../../db/files/read-bounded';
import { sealUpload } from '../../../db/files/staged-files';
import { readImportBytes } from '../../../db/members/csv-import';
import { backupDir } from '../../../db/store/backups';
import { openService, tempDir } from '../db/fixtures';

function refusal(run: () => unknown): BoundedReadError {
  try {
    run();
  } catch (e) {
    if (e instanceof BoundedReadError) return e;
    throw e;
  }
  throw new Error('expected the read to be refused');
}

/** Kilobytes of resident memory this process holds now. */
function rssKb(): number {
  return Math.round(process.memoryUsage().rss / 1024);
}

describe('readBounded', () => {
  it('reads a regular file whole, and one of exactly the bound', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'x'.repeat(1000));
    expect(readBounded(file, { limit: 1000 }).toString()).toBe('x'.repeat(1000));
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    expect(readBounded(path.join(dir, 'empty.txt'), { limit: 10 }).length).toBe(0);
  });

  it('refuses a file over the bound without reading it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, 'x'.repeat(1001));
    const e = refusal(() => readBounded(file, { limit: 1000 }));
    expect(e.problem).toBe('too-large');
    expect(e.message).toBe('The file big.csv is 1001 bytes, more than the 1000 bytes Teller reads here, so it was not read.');
    expect(e.code).toBe('invalid-file');
  });

  it('refuses /dev/zero, whose size says 0, without growing', () => {
    const before = rssKb();
    const e = refusal(() => readBounded('/dev/zero', { limit: 64 * 1024 * 1024 }));
    expect(e.problem).toBe('not-a-file');
    expect(e.message).toBe('zero is not an ordinary file (it is a device, a pipe or a socket), so Teller does not read it.');
    expect(rssKb() - before).toBeLessThan(32 * 1024);
  });

  it('refuses a FIFO at once, with no writer to wait for', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'report.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(refusal(() => readBounded(fifo, { limit: 1024 })).problem).toBe('not-a-file');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a folder and a missing file in words', () => {
    const dir = tempDir();
    expect(refusal(() => readBounded(dir, { limit: 1024, name: 'lists' })).message).toBe('lists is a folder, not a file.');
    expect(refusal(() => readBounded(path.join(dir, 'gone.csv'), { limit: 1024 })).problem).toBe('missing');
  });

  it('follows links inside the chosen folder and no link out of it', () => {
    const root = tempDir();
    const folder = path.join(root, 'reports');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'real.json'), '{}');
    fs.writeFileSync(path.join(root, 'secret.json'), '{"secret":true}');
    fs.symlinkSync(path.join(folder, 'real.json'), path.join(folder, 'inside.json'));
    fs.symlinkSync(path.join(root, 'secret.json'), path.join(folder, 'outside.json'));
    fs.symlinkSync('/dev/zero', path.join(folder, 'zero.json'));
    fs.symlinkSync('..', path.join(folder, 'up'));
    expect(readBounded(path.join(folder, 'inside.json'), { limit: 1024, folder }).toString()).toBe('{}');
    expect(refusal(() => readBounded(path.join(folder, 'outside.json'), { limit: 1024, folder })).message).toBe(
      'The file outside.json is a link to somewhere outside the chosen folder, so Teller does not read it.',
    );
    expect(refusal(() => readBounded(path.join(folder, 'zero.json'), { limit: 1024, folder })).problem).toBe('outside-folder');
    expect(refusal(() => readBounded(path.join(folder, 'up', 'secret.json'), { limit: 1024, folder })).problem).toBe('outside-folder');
    // Without a folder, a link to a regular file is the file the user chose.
    expect(readBounded(path.join(folder, 'outside.json'), { limit: 1024 }).toString()).toBe('{"secret":true}');
  });
});

describe('readBounded with a key (an upload, encrypted at rest)', () => {
  it('gives back the plain bytes, whole or in pieces of any size, from any plain text', () => {
    const dir = tempDir();
    const file = path.join(dir, 'upload.csv');
    const key = randomBytes(32);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 4000 }), (plain, piece) => {
        fs.writeFileSync(file, sealUpload(key.toString('hex'), plain));
        expect(readBounded(file, { limit: 3000, key }).equals(Buffer.from(plain))).toBe(true);
        const opened = openBounded(file, { limit: 3000, key });
        try {
          expect(opened.size).toBe(plain.length);
          // Each piece is copied as it comes: its bytes are reused for the next.
          const read: Buffer[] = [];
          for (const p of opened.pieces(piece)) read.push(Buffer.from(p));
          expect(Buffer.concat(read).equals(Buffer.from(plain))).toBe(true);
        } finally {
          opened.close();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('bounds the plain size, not the size on disk, and refuses a file shorter than its IV', () => {
    const dir = tempDir();
    const file = path.join(dir, 'upload.csv');
    const key = randomBytes(32);
    fs.writeFileSync(file, sealUpload(key.toString('hex'), 'x'.repeat(1000)));
    expect(fs.statSync(file).size).toBe(1016);
    expect(readBounded(file, { limit: 1000, key }).toString()).toBe('x'.repeat(1000));
    expect(refusal(() => readBounded(file, { limit: 999, key }))).toMatchObject({ problem: 'too-large', size: 1000 });
    fs.truncateSync(file, 15);
    expect(refusal(() => readBounded(file, { limit: 1000, key, name: 'members.csv' }))).toMatchObject({ problem: 'unreadable', message: 'The file members.csv is incomplete, so it cannot be read; upload it again.' });
  });
});

describe('files the user chooses are read through the bound', () => {
  it('a membership list that is /dev/zero or a FIFO is refused in one sentence', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'members.csv');
    execFileSync('mkfifo', [fifo]);
    expect(() => readImportBytes('/dev/zero')).toThrow('zero is not an ordinary file (it is a device, a pipe or a socket), so Teller does not read it.');
    expect(() => readImportBytes(fifo)).toThrow('members.csv is not an ordinary file');
  });

  it('a preview of /dev/zero fails as a job, in words, and the store is unchanged', () => {
    const svc = openService();
    const job = svc.ok<Job>('previewImport', { kind: 'members', fileId: svc.service.staged.add('/dev/zero') });
    expect(job.state).toBe('failed');
    expect(job.message).toMatch(/zero is not an ordinary file/);
  });

  it('a report folder holding a link to /dev/zero or out of the folder stops the import in words, importing nothing', () => {
    const root = tempDir();
    const folder = path.join(root, 'reports');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(root, 'elsewhere.json'), '{}');
    for (const [name, target] of [
      ['zero.json', '/dev/zero'],
      ['out.json', path.join(root, 'elsewhere.json')],
    ] as const) {
      fs.symlinkSync(target, path.join(folder, name));
      const svc = openService();
      const job = svc.ok<Job>('importReports', { fileIds: [svc.service.staged.add(path.join(folder, name), folder)] });
      expect(job.state).toBe('failed');
      expect(job.message).toBe(`Teller stopped checking the reports: the file ${name} is a link to somewhere outside the chosen folder, so Teller does not read it. Nothing was imported.`);
      fs.rmSync(path.join(folder, name));
    }
  });

  it('a report file that is a FIFO is refused at once rather than waited on', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'report.json');
    execFileSync('mkfifo', [fifo]);
    const svc = openService();
    const job = svc.ok<Job>('importReports', { fileIds: [svc.service.staged.add(fifo, dir)] });
    expect(job.state).toBe('failed');
    expect(job.message).toMatch(/report\.json is not an ordinary file/);
  });

  it('a backup that is a link to /dev/zero or out of the backups folder is not read for download', () => {
    const svc = openService();
    const dir = backupDir(svc.storePath);
    fs.mkdirSync(dir, { recursive: true });
    const outside = path.join(path.dirname(svc.storePath), 'elsewhere.sqlite');
    fs.writeFileSync(outside, 'not a backup');
    fs.symlinkSync('/dev/zero', path.join(dir, 'teller-2026-06-14T20-00-00Z-on-request.sqlite'));
    fs.symlinkSync(outside, path.join(dir, 'teller-2026-06-14T20-00-01Z-on-request.sqlite'));
    for (const name of ['teller-2026-06-14T20-00-00Z-on-request.sqlite', 'teller-2026-06-14T20-00-01Z-on-request.sqlite']) {
      const r = svc.call('readBackup', { name });
      // A link is never listed as a backup, so it is refused before any read (the bounded read would refuse it too).
      expect(r).toEqual({ ok: false, error: { code: 'not-found', message: 'That backup is no longer there.' } });
      expect(svc.ok<{ name: string }[]>('listBackups').map((b) => b.name)).not.toContain(name);
    }
  });
});
