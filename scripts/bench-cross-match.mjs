// npm run bench:cross-match: bundle bench/cross-match.ts and run it with Node (needs npm run build
// first: the imports run in the import worker).
import { spawnSync } from 'node:child_process';
import { bundleBench } from './bundle-bench.mjs';

await bundleBench('bench/cross-match.ts', 'dist/bench-cross-match.mjs');
const run = spawnSync(process.execPath, ['dist/bench-cross-match.mjs'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
