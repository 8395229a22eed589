import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-cli-bounds-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the built command under /usr/bin/time, so its peak memory is known. */
function teller(...args: string[]) {
  const timing = path.join(dir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timing, process.execPath, 'bin/teller.cjs', ...args], { encoding: 'utf8', env: { ...process.env, TELLER_DB: path.join(dir, 'default.sqlite') }, timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, peakMb: Number(fs.readFileSync(timing, 'utf8').trim().split('\n').at(-1)) / 1024 };
}

describe.runIf(fs.existsSync('/usr/bin/time'))('teller reads files with a bound', () => {
  it('teller verify /dev/zero fails at once in words, without growing', () => {
    const r = teller('verify', '/dev/zero');
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL /dev/zero: cannot read /dev/zero: it is not an ordinary file (it is a device, a pipe or a socket), so Teller does not read it');
    expect(r.peakMb).toBeLessThan(200);
  });

  it('teller verify on a FIFO and a trust file that is /dev/zero are refused, not waited on', () => {
    const fifo = path.join(dir, 'report.json');
    execFileSync('mkfifo', [fifo]);
    const r = teller('verify', fifo);
    expect(r.code).toBe(1);
    expect(r.out).toContain('is not an ordinary file');
    const t = teller('verify', '--trust', '/dev/zero', fifo);
    expect(t.code).toBe(2);
    expect(t.err).toContain('/dev/zero is not an ordinary file');
  });

  it('teller audit verify --report /dev/zero is refused in words', () => {
    const r = teller('audit', 'verify', '--report', '/dev/zero', '--db', path.join(dir, 'none.sqlite'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read /dev/zero: it is not an ordinary file');
  });
});
