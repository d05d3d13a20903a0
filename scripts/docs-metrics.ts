// npm run docs:metrics — writes docs/metrics.md from the catalog.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderMetricsReference } from './docs/renderMetricsReference.js';

const target = fileURLToPath(new URL('../docs/metrics.md', import.meta.url));
writeFileSync(target, renderMetricsReference());
console.log(`wrote ${target}`);
