import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// The formats travel with the code: every format document the project cites is in the
// repository, and nothing points outside it.
const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.endsWith('package-lock.json') && fs.existsSync(f));

describe('the project’s documents', () => {
  it('cites only format documents that are in the repository', () => {
    const cited = new Set<string>();
    for (const file of tracked) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:docs\/)?formats\/[\w-]+\.md/g)) cited.add(m[0]);
    }
    expect(cited.size).toBeGreaterThan(0);
    for (const c of cited) expect(fs.existsSync(c.startsWith('docs/') ? c : `docs/${c}`), c).toBe(true);
  });

  it('points at nothing beside the repository', () => {
    const outside = tracked.filter((file) => /\.\.\/shared\/(?:formats|SPEC|DESIGN)|\/work\/shared/.test(fs.readFileSync(file, 'utf8')));
    expect(outside).toEqual([]);
  });
});
