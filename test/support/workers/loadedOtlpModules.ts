// Imports the library's public entry, starts metrics with the environment given as a JSON argument,
// records one value, and prints as one JSON line which OTLP and gRPC packages the process loaded:
// those loaded as CommonJS are in the CommonJS module cache, those loaded as ES modules (the SDK 3.x
// line ships both) are reported by a loader hook registered before the library is imported.
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

/** The package a file belongs to: the one after the last node_modules/ of its path (a copy nested in another package counts as itself). */
const INNERMOST_PACKAGE = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const WATCHED = /^(?:@opentelemetry\/(?:exporter-metrics-otlp-[a-z]+|otlp-[a-z-]+)|@grpc\/grpc-js)$/;

const resolved = new Set<string>();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url: string) => resolved.add(url));
port1.unref();
register('./recordResolved.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

const { DomainMetrics, startMetrics } = await import('../../../src/index.js');
const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const runtime = await startMetrics({ env, prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false });
new DomainMetrics(runtime).execution.errorOccurred({ error: 'Boom' });
// The hook posts before each import completes; let its messages arrive.
await new Promise((resolve) => setTimeout(resolve, 100));

const files = [
  ...Object.keys(createRequire(import.meta.url).cache),
  ...[...resolved].filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url)),
];
const loaded = new Set<string>();
for (const file of files) {
  const name = INNERMOST_PACKAGE.exec(file.replaceAll('\\', '/'))?.[1];
  if (name !== undefined && WATCHED.test(name)) loaded.add(name);
}
await runtime.shutdown();
process.stdout.write(`${JSON.stringify({ enabled: runtime.enabled, exporters: runtime.config.exporters, loaded: [...loaded].sort() })}\n`);
