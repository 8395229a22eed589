// Previews one CSV file as the app does and prints the time taken and the process's peak
// resident memory: run by scripts/measure-preview.mjs, once per file, in a fresh process.
import { buildPreview } from '../db/members/import-preview';

const [kind, file] = process.argv.slice(2) as ['members' | 'register', string];
const started = performance.now();
let outcome: string;
try {
  const p = buildPreview(kind, { path: file, name: 'measured.csv' }, null, '2026-06-14');
  outcome = `rows ${p.rows}, valid ${p.valid}, listed rejected ${p.rejected.length}, problems ${p.problems.length}`;
} catch (e) {
  outcome = `refused: ${(e as Error).message}`;
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds: Math.round(seconds * 10) / 10, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), outcome }));
