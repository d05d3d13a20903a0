// npm run gen:grafana [-- --out-dir DIR] — writes one dashboard per catalog domain and the
// overview into grafana/dashboards, and removes generated dashboards whose domain is gone.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATED_UID_PREFIX, generateDashboards } from './grafana/generate.js';
import { DASHBOARDS_DIR, invokedFrom } from './paths.js';

function isGenerated(file: string): boolean {
  try {
    const uid = (JSON.parse(readFileSync(file, 'utf8')) as { uid?: unknown }).uid;
    return typeof uid === 'string' && uid.startsWith(GENERATED_UID_PREFIX);
  } catch {
    return false;
  }
}

function main(): void {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    console.log('usage: npm run gen:grafana [-- --out-dir DIR]   (default DIR: grafana/dashboards)');
    return;
  }
  const out = values['out-dir'] === undefined ? DASHBOARDS_DIR : resolve(invokedFrom(), values['out-dir']);
  mkdirSync(out, { recursive: true });
  const files = generateDashboards();
  const written = new Set(files.map((f) => f.name));
  for (const existing of readdirSync(out)) {
    if (existing.endsWith('.json') && !written.has(existing) && isGenerated(join(out, existing))) {
      rmSync(join(out, existing));
      console.log(`removed stale ${join(out, existing)}`);
    }
  }
  for (const file of files) writeFileSync(join(out, file.name), file.content);
  console.log(`wrote ${files.length} dashboards to ${out}`);
}

try {
  main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
