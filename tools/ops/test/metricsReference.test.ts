import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogMetrics, prometheusName, runtimeMetricSpecs } from 'otel-domain-metrics';
import { renderMetricsReference } from '../docs/renderMetricsReference.js';
import { METRICS_REFERENCE } from '../paths.js';

const committed = () => readFileSync(METRICS_REFERENCE, 'utf8');

describe('docs/metrics.md', () => {
  it('is current: regenerate with `npm run docs:metrics`', () => {
    expect(committed(), 'docs/metrics.md is stale; run npm run docs:metrics').toBe(renderMetricsReference());
  });

  it('lists every catalog metric with its Prometheus name, and no metric that does not exist', () => {
    const doc = committed();
    const names = [...catalogMetrics(), ...runtimeMetricSpecs()].map((s) => s.name);
    for (const spec of [...catalogMetrics(), ...runtimeMetricSpecs()]) {
      expect(doc).toContain(`| \`${spec.name}\` |`);
      expect(doc).toContain(`\`${prometheusName(spec)}`);
    }
    const documented = [...doc.matchAll(/^\| `([a-z0-9_.]+)` \|/gm)].map((m) => m[1]);
    expect(documented.filter((n) => !names.includes(n!))).toEqual(['fast', 'request', 'db', 'long', 'bytes', 'mebibytes', 'percent', 'count']);
    expect(documented.length).toBe(names.length + 8);
  });
});
