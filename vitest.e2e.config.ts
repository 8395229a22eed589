import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium through the browser host. One file at a time:
// the machine has two cores and each test starts a host and a browser.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/e2e.json' },
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
