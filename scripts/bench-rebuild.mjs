// npm run bench:rebuild: bundle bench/rebuild-cost.ts and run it with Node (no build of the app needed).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

await build({
  entryPoints: ['bench/rebuild-cost.ts'],
  outfile: 'dist/bench-rebuild.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3-multiple-ciphers'],
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['dist/bench-rebuild.mjs'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
