// npm run bench: build the app (the door-desk benchmark drives it in Chromium), bundle the
// benchmark and run it with Node.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
await build({
  entryPoints: ['bench/run.ts'],
  outfile: 'dist/bench.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3-multiple-ciphers', 'playwright-core'],
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['dist/bench.mjs'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
