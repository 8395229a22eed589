// Builds everything the app runs from: dist/renderer (vite), and the Node entry points
// (Electron main and preload, the teller CLI) bundled to CommonJS by esbuild.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
  logLevel: 'warning',
};

await Promise.all([
  esbuild({ ...common, entryPoints: ['db/cli/teller.ts'], outfile: 'dist/cli.cjs' }),
  esbuild({ ...common, entryPoints: ['db/job-thread.ts'], outfile: 'dist/import-worker.cjs' }),
  esbuild({ ...common, entryPoints: ['db/writer-thread.ts'], outfile: 'dist/import-writer.cjs' }),
  esbuild({ ...common, entryPoints: ['db/hosts/service-worker.ts'], outfile: 'dist/service-worker.cjs' }),
  esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' }),
  esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
]);
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
console.log('Built dist/ (renderer, Electron shell, teller command).');
