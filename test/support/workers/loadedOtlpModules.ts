// Imports the library's public entry, starts metrics with the environment given as a JSON argument,
// records one value, and prints as one JSON line which OTLP and gRPC packages the process loaded.
// Every such package (both SDK lines) is CommonJS, so whether imported or required it lands in the
// CommonJS module cache, which is read here.
import { createRequire } from 'node:module';
import { DomainMetrics, startMetrics } from '../../../src/index.js';

const WATCHED = /node_modules\/(@opentelemetry\/(?:exporter-metrics-otlp-[a-z]+|otlp-[a-z-]+)|@grpc\/grpc-js)\//;

const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const runtime = await startMetrics({ env, prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false });
new DomainMetrics(runtime).execution.recordError('Boom');
const loaded = new Set<string>();
for (const file of Object.keys(createRequire(import.meta.url).cache)) {
  const match = WATCHED.exec(file.replaceAll('\\', '/'));
  if (match) loaded.add(match[1]!);
}
await runtime.shutdown();
process.stdout.write(`${JSON.stringify({ enabled: runtime.enabled, exporters: runtime.config.exporters, loaded: [...loaded].sort() })}\n`);
