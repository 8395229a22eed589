// npm run bench: build the app (the door-desk benchmark drives it in Chromium), bundle the
// benchmark and run it with Node.
import { spawnSync } from 'node:child_process';
import { bundleBench } from './bundle-bench.mjs';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
await bundleBench('bench/run.ts', 'dist/bench.mjs');
const run = spawnSync(process.execPath, ['dist/bench.mjs'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
