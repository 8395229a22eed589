import fs from 'node:fs';
import path from 'node:path';

/** The repository's root, and the folders whose TypeScript the structure tests read. */
export const ROOT = path.resolve(import.meta.dirname, '../..');
const FOLDERS = ['shared', 'db', 'renderer', 'electron', 'test', 'bench'];

function sourceFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFilesIn(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every .ts and .tsx file of ours (no declarations, no node_modules). */
export function sourceFiles(): string[] {
  return FOLDERS.flatMap((f) => sourceFilesIn(path.join(ROOT, f)));
}

/** The file a relative import names, as TypeScript's bundler resolution finds it, or null. */
export function resolveImport(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}
