import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A folder on a tmpfs of `size` (e.g. '4m') that fills up: a full disk, for real. Mounting
 * needs root, which the machines here and CI have; elsewhere `mounted` is false and the tests
 * that need it are skipped. Unmounted and removed after the file's tests.
 */
export function smallDisk(size: string): { mountPoint: string; mounted: boolean } {
  const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-small-disk-'));
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
  afterAll(() => {
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });
  return { mountPoint, mounted };
}
