import { defineConfig } from 'vitest/config';

// The kill -9 drills on their own (see the exclude in vitest.config.mts).
export default defineConfig({
  test: {
    include: ['src/cli/kill-drills.test.ts'],
    environment: 'node',
    setupFiles: ['test/clean-nx-env.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
