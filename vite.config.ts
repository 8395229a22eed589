import { defineConfig } from 'vite';

// The renderer is built to static files served by either host (app:// in Electron,
// http://127.0.0.1 in the browser host). Relative paths so both work.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  oxc: { jsx: { runtime: 'automatic' } },
});
