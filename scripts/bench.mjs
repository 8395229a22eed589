// npm run bench: build the app (the door-desk benchmark drives it in Chromium), bundle the
// benchmarks and run them with Node.
import { spawnSync } from 'node:child_process';
import { bundleBench } from './bundle-bench.mjs';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
await bundleBench('bench/run.ts', 'dist/bench.mjs');
const run = spawnSync(process.execPath, ['dist/bench.mjs'], { stdio: 'inherit' });
// The regional office's import of version 2 reports (issue 13), on its own: bench/region-v2.ts.
// It runs whether or not a figure above missed its target; the exit status says if any did.
await bundleBench('bench/region-v2.ts', 'dist/bench-region.mjs');
const region = spawnSync(process.execPath, ['dist/bench-region.mjs'], { stdio: 'inherit' });
process.exit((run.status ?? 1) || (region.status ?? 1));
