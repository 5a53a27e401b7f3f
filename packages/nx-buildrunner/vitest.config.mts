import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/clean-nx-env.ts'],
    // Integration tests spawn git and servers; two cores is the budget everywhere this runs.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
