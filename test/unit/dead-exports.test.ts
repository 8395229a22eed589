import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveImport as resolve, ROOT, sourceFiles } from './repo-sources';

// Every export is used somewhere else (knip-style): an export nobody imports is dead code or
// should not be exported. Tests, benchmarks and scripts count as users.

const DECLARED = /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:const|let|function\*?|class|type|interface|enum|abstract\s+class)\s+([A-Za-z_$][\w$]*)/gm;
const LISTED = /^export\s+(?:type\s+)?\{([^}]*)\}\s*(?:from\s+['"]([^'"]+)['"])?/gm;
const NAMED_IMPORT = /import\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const STAR = /(?:import\s+\*\s+as\s+[\w$]+|export\s+\*)\s+from\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const DYNAMIC = /const\s*\{([^}]*)\}\s*=\s*await\s+import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const DYNAMIC_THEN = /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)\s*\.then\(\s*\(\s*\{([^}]*)\}/g;

const names = (list: string) =>
  list
    .split(',')
    .map((n) => n.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((n) => n.split(/\s+as\s+/)[0]!.trim());

/** Each file's exports, and which of them some other file uses. */
function unusedExports(files: string[]): string[] {
  const exported = new Map<string, Set<string>>();
  const used = new Map<string, Set<string>>();
  const use = (file: string | null, list: string[] | 'all') => {
    if (!file) return;
    const set = used.get(file) ?? new Set<string>();
    if (list === 'all') set.add('*');
    else list.forEach((n) => set.add(n));
    used.set(file, set);
  };
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const mine = new Set<string>();
    for (const m of text.matchAll(DECLARED)) mine.add(m[1]!);
    for (const m of text.matchAll(LISTED)) {
      if (m[2]) use(resolve(file, m[2]), names(m[1]!));
      else names(m[1]!).forEach((n) => mine.add(n));
    }
    exported.set(file, mine);
    for (const m of text.matchAll(NAMED_IMPORT)) use(resolve(file, m[2]!), names(m[1]!));
    for (const m of text.matchAll(STAR)) use(resolve(file, m[1]!), 'all');
    for (const m of text.matchAll(DYNAMIC)) use(resolve(file, m[2]!), names(m[1]!));
    for (const m of text.matchAll(DYNAMIC_THEN)) use(resolve(file, m[1]!), names(m[2]!));
  }
  const dead: string[] = [];
  for (const [file, mine] of exported) {
    const u = used.get(file) ?? new Set<string>();
    if (u.has('*')) continue;
    for (const n of mine) if (!u.has(n)) dead.push(`${path.relative(ROOT, file)}: ${n}`);
  }
  return dead.sort();
}

// Used from outside TypeScript: bin/teller.cjs runs the built command's main().
const ENTRY_POINTS = ['db/cli/teller.ts: main'];

describe('exports', () => {
  it('are each used by some other file', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(fs.readFileSync(path.join(ROOT, 'bin/teller.cjs'), 'utf8')).toMatch(/\.main\(/);
    expect(unusedExports(files).filter((e) => !ENTRY_POINTS.includes(e))).toEqual([]);
  });

  it('are read well enough to find one nobody uses', () => {
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, 'test-results', 'dead-exports-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "export const used = 1;\nexport function unused() {}\nexport type Kept = string;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "import { used, type Kept } from './a';\nexport const b: Kept = String(used);\n");
      fs.writeFileSync(path.join(dir, 'c.ts'), "const { b } = await import('./b');\nvoid b;\n");
      expect(unusedExports(['a.ts', 'b.ts', 'c.ts'].map((f) => path.join(dir, f)))).toEqual([`${path.relative(ROOT, path.join(dir, 'a.ts'))}: unused`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
