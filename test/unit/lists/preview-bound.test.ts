import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPreview } from '../../../db/members/import-preview';
import { tempDir } from '../db/fixtures';

/** Writes a header and `rows` lines made by `line(i)`, a block at a time (never the whole file in memory). */
function writeRows(file: string, header: string, rows: number, line: (i: number) => string): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${header}\n`);
  for (let start = 0; start < rows; start += 100_000) {
    const block: string[] = [];
    for (let i = start; i < Math.min(rows, start + 100_000); i++) block.push(line(i));
    fs.writeSync(fd, `${block.join('\n')}\n`);
  }
  fs.closeSync(fd);
}

/** How far this process's peak resident memory rose while `run` ran, in MB. */
function peakGrowthMb(run: () => void): number {
  const before = process.resourceUsage().maxRSS;
  run();
  return (process.resourceUsage().maxRSS - before) / 1024;
}

describe('the preview streams the file: the first rows and a count, in bounded memory', () => {
  it('2 million register rows are counted and checked without holding them', () => {
    const file = path.join(tempDir(), 'register.csv');
    writeRows(file, 'Elector number,Surname,Forenames,Postcode', 2_000_000, (i) => `${i},S,F,SW1A 1AA`);
    let preview: ReturnType<typeof buildPreview> | undefined;
    const growth = peakGrowthMb(() => {
      preview = buildPreview('register', { path: file, name: 'register.csv' }, null, '2026-06-14');
    });
    expect(preview).toMatchObject({ rows: 2_000_000, valid: 2_000_000, rejected: [], problems: [] });
    expect(preview!.sample.rows).toHaveLength(5);
    // Holding the rows took several hundred MB; the text itself is 30 MB.
    expect(growth).toBeLessThan(150);
  });

  it('2 million one-character rows (a list that is not one) are counted without holding them', () => {
    const file = path.join(tempDir(), 'tiny.csv');
    writeRows(file, 'n', 2_000_000, () => 'x');
    let preview: ReturnType<typeof buildPreview> | undefined;
    const growth = peakGrowthMb(() => {
      preview = buildPreview('members', { path: file, name: 'tiny.csv' }, null, '2026-06-14');
    });
    expect(preview!.rows).toBe(2_000_000);
    expect(preview!.problems.length).toBeGreaterThan(0);
    expect(growth).toBeLessThan(60);
  });

  it('rows sharing a membership number are all rejected, each naming the others, however many there are', () => {
    const file = path.join(tempDir(), 'same.csv');
    writeRows(file, 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status', 30_000, (i) => (i % 2 === 0 ? `L${i},A,B,SW1A 1AA,W,2020-01-01,active` : `l7,A,B,SW1A 1AA,W,2020-01-01,active`));
    const preview = buildPreview('members', { path: file, name: 'same.csv' }, null, '2026-06-14');
    expect(preview.rows).toBe(30_000);
    expect(preview.valid).toBe(15_000);
    expect(preview.rejected).toHaveLength(500);
    expect(preview.rejected[0]).toEqual({ line: 3, reason: 'The same membership number is also on lines 5, 7, 9, 11, 13, 15, 17, 19, 21, 23 and 14,989 more, so it is not clear who this is' });
    expect(preview.sample.rows.map((r) => r[0])).toEqual(['2', '4', '6', '8', '10']);
  });

  it('a line with more than 1,000 values is refused in words', () => {
    const file = path.join(tempDir(), 'wide.csv');
    fs.writeFileSync(file, `n\n${'x,'.repeat(2000)}\n`);
    expect(() => buildPreview('members', { path: file, name: 'wide.csv' }, null, '2026-06-14')).toThrow('Line 2 has more than 1,000 values, so this is not a list Teller can read. Check it is the right file.');
  });
});
