// npm run docs:metrics — writes docs/metrics.md from the catalog.
import { writeFileSync } from 'node:fs';
import { renderMetricsReference } from './docs/renderMetricsReference.js';
import { METRICS_REFERENCE } from './paths.js';

writeFileSync(METRICS_REFERENCE, renderMetricsReference());
console.log(`wrote ${METRICS_REFERENCE}`);
