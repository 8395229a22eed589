// npm run bench:region: build the app (the workers are the built ones), bundle bench/region-v2.ts and run it with Node.
import { spawnSync } from 'node:child_process';
import { bundleBench } from './bundle-bench.mjs';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
await bundleBench('bench/region-v2.ts', 'dist/bench-region.mjs');
const run = spawnSync(process.execPath, ['dist/bench-region.mjs'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
