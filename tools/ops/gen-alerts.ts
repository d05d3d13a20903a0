// npm run gen:alerts [-- --error-ratio 0.05 --http-p99-slo 0.5 --execution-p99-slo 30 --dlq-size 100
//   --consumer-lag 1000 --rate-limit-ratio 0.1 --rate-limit-spike-factor 2 --for 5m
//   --dependency-down-for 2m --out-dir prometheus]
// Writes prometheus/alerts.yml and its promtool unit tests prometheus/alerts.test.yml. The
// committed files are generated with the defaults (scripts/alerts/thresholds.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateRules, RULES_FILE, TESTS_FILE } from './alerts/generate.js';
import { parseAlertArgs, USAGE } from './alerts/thresholds.js';
import { RULES_DIR, invokedFrom } from './paths.js';

function main(): void {
  const args = parseAlertArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const out = args.outDir === undefined ? RULES_DIR : resolve(invokedFrom(), args.outDir);
  const generated = generateRules(args.thresholds);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, RULES_FILE), generated.rules);
  writeFileSync(join(out, TESTS_FILE), generated.tests);
  const alerts = generated.specs.filter((s) => s.kind === 'alert').length;
  console.log(`wrote ${join(out, RULES_FILE)} (${generated.specs.length - alerts} recording rules, ${alerts} alerts) and ${join(out, TESTS_FILE)}`);
}

try {
  main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
