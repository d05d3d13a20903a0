// The tooling's tests: run by `npm test` here or, as the "ops" project, by the root's `npm test`.
import { defineConfig } from 'vitest/config';

/**
 * Resolves `otel-domain-metrics` to the library's sources (see its package.json "exports"); the
 * rest are Vitest's conditions for Node, without Vite's "module" (the OpenTelemetry API's ESM
 * build is for bundlers, not for Node).
 */
const conditions = ['otel-domain-metrics-source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: 'ops',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Some tests start Prometheus and the demo; files run in parallel, each on its own ports.
    pool: 'forks',
  },
});
