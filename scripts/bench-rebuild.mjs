// npm run bench:rebuild: bundle bench/rebuild-cost.ts and run it with Node (no build of the app needed).
import { spawnSync } from 'node:child_process';
import { bundleBench } from './bundle-bench.mjs';

await bundleBench('bench/rebuild-cost.ts', 'dist/bench-rebuild.mjs');
const run = spawnSync(process.execPath, ['dist/bench-rebuild.mjs'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
