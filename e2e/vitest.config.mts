import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.e2e.test.ts'],
    environment: 'node',
    // One fork, one file at a time: the e2e installs packages and runs nx, which is the whole
    // two-core budget; the steps of one workspace must run in order.
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
    testTimeout: 600_000,
    hookTimeout: 900_000,
    // A failed e2e is slow to reproduce; never retry silently.
    retry: 0,
  },
});
