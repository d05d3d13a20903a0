import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e tests start real servers; files run in parallel, each on its own ephemeral ports.
    pool: 'forks',
  },
});
