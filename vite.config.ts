import { defineConfig } from 'vite';

// The renderer is built to static files served by either host (app:// in Electron,
// http://127.0.0.1 in the browser host). Relative paths so both work.
export default defineConfig({
  root: 'renderer',
  base: './',
  // The PDF chunk (pdf-lib, fontkit, bidi-js: about 800 kB) loads only when a PDF is made.
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, target: 'es2022', chunkSizeWarningLimit: 900 },
  oxc: { jsx: { runtime: 'automatic' } },
});
