// DomainMetricsModule in a real NestJS 11 application (Express platform, @nestjs/testing) over
// loopback: domain classes injected into a service and a controller on every recording setup,
// HTTP metrics with Nest's route templates, and a runtime the module starts, shuts down and
// flushes to OTLP when the application closes.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { DomainMetrics, ExecutionMetrics, HttpServerMetrics, type MetricsRuntime } from '../../../src/index.js';
import { DomainMetricsModule, METRICS_RUNTIME } from '../../../src/integrations/nestjs.js';
import { ACTIVE, DURATION, RESPONSE_SIZE, servePerTest, expectOtherMethodRecorded } from '../../support/httpIntegration.js';
import { abandon, call } from '../../support/loopbackClient.js';
import { eventually } from '../../support/testKit.js';
import { attributesOf, metricsOf, startOtlpReceiver } from '../../support/otlpReceiver.js';
import { isListening } from '../../support/ports.js';
import { recordingSetups, type Recording } from '../../support/recordingSetups.js';
import { slowRequests, UsersController, UsersModule, UsersService } from './app.js';


async function listening(app: INestApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as { port: number }).port;
}

describe.each(recordingSetups())('DomainMetricsModule with a given runtime, $name', (setup) => {
  let app: INestApplication;

  const served = servePerTest(setup, async (recording) => {
    const moduleRef = await Test.createTestingModule({ imports: [DomainMetricsModule.forRoot({ runtime: recording }), UsersModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.setGlobalPrefix('api');
    return { port: await listening(app), close: () => app.close() };
  });

  it('injects the real domain classes into services and controllers, with @timedWith on a legacy-decorated method', async () => {
    for (let id = 0; id < 25; id++) expect((await call(served.port, 'GET', `/api/users/${id}`)).status).toBe(200);
    expect((await call(served.port, 'GET', '/api/users/missing')).status).toBe(500);
    const s = await served.recorded(26);
    expect(s.value('cache.requests.total', { cache: 'users', result: 'hit' })).toBe(26);
    expect(s.value('operation.total', { operation: 'load_user', outcome: 'success' })).toBe(25);
    expect(s.value('operation.total', { operation: 'load_user', outcome: 'failure' })).toBe(1);
    expect(s.value('operation.errors.total', { operation: 'load_user', error_type: 'LookupError' })).toBe(1);
    expect(s.value('script.executions.total', { status: 'completed', lang_and_version: 'node-20' })).toBe(25);
    // The providers are the module's: one DomainMetrics, each class its member.
    const metrics = app.get(DomainMetrics);
    expect(app.get(ExecutionMetrics)).toBe(metrics.execution);
    expect(app.get(HttpServerMetrics)).toBe(metrics.httpServer);
    expect(app.get(UsersService).operations).toBe(metrics.operation);
    expect(metrics.execution.enabled).toBe(true);
    expect(app.get(METRICS_RUNTIME)).toBeUndefined();
  });

  it("records a parameterised route hit with many ids as one series, Nest's template with the global prefix", async () => {
    let bytes = 0;
    for (let id = 0; id < 30; id++) bytes += (await call(served.port, 'GET', `/api/users/${id * 7919}`)).body.length;
    const s = await served.recorded(30);
    const attributes = { 'http.request.method': 'GET', 'http.route': '/api/users/:id', 'http.response.status_code': 200 };
    expect(s.attributeSets(DURATION)).toEqual([attributes]);
    expect(s.histogram(DURATION, attributes).count).toBe(30);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/api/users/:id' }).sum).toBe(bytes);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records 404s without http.route', async () => {
    expect((await call(served.port, 'GET', '/api/nothing/42')).status).toBe(404);
    expect((await call(served.port, 'GET', '/.env')).status).toBe(404);
    const s = await served.recorded(2);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.response.status_code': 404 }).count).toBe(2);
  });

  it('records an exception thrown in a controller as the 500 Nest sends', async () => {
    await call(served.port, 'GET', '/api/users/missing');
    const s = await served.recorded(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/api/users/:id', 'http.response.status_code': 500, 'error.type': '500' }).count).toBe(1);
  });

  it('records responses of a guard, a failing middleware and the body parser, which no interceptor sees', async () => {
    expect((await call(served.port, 'GET', '/api/users/admin')).status).toBe(403);
    expect((await call(served.port, 'GET', '/api/users/failing-middleware')).status).toBe(500);
    expect((await call(served.port, 'POST', '/api/users/1', '{"not json', { 'content-type': 'application/json' })).status).toBe(400);
    const s = await served.recorded(3);
    // Refused by Nest's body parser, ahead of routing.
    expect(s.histogram(DURATION, { 'http.request.method': 'POST', 'http.response.status_code': 400 }).count).toBe(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/api/users/admin', 'http.response.status_code': 403 }).count).toBe(1);
    // The middleware failed before Express matched a route: recorded without http.route, never the raw path.
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.response.status_code': 500, 'error.type': '500' }).count).toBe(1);
  });

  it('records a client abort without a status code and releases the active request', async () => {
    const arrived = new Promise<void>((resolve) => (slowRequests.arrived = resolve));
    await abandon(served.port, '/api/users/slow', arrived);
    const s = await served.recorded(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/api/users/slow', 'error.type': 'aborted' }).count).toBe(1);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records a method outside the known set as _OTHER, under the route that handled it', async () => {
    await expectOtherMethodRecorded(served, '/api/users/dav/report', '/api/users/dav/:name', '/api/nowhere');
  });

  it('counts the bytes of a streamed response, and none for HEAD', async () => {
    expect((await call(served.port, 'GET', '/api/users/stream')).body.toString()).toBe('abbccc');
    expect((await call(served.port, 'HEAD', '/api/users/probe')).status).toBe(200);
    expect((await call(served.port, 'HEAD', '/api/users/7')).status).toBe(200);
    const s = await served.recorded(3);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/api/users/stream' }).sum).toBe(6);
    expect(s.histogram(DURATION, { 'http.request.method': 'HEAD', 'http.route': '/api/users/probe', 'http.response.status_code': 200 }).count).toBe(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'HEAD', 'http.route': '/api/users/:id', 'http.response.status_code': 200 }).count).toBe(1);
    const head = s.histogram(RESPONSE_SIZE, { 'http.request.method': 'HEAD', 'http.route': '/api/users/:id' });
    expect([head.count, head.sum]).toEqual([1, 0]);
  });
});

describe('DomainMetricsModule starting its own runtime', () => {
  it('starts the fast-path runtime with forRoot, serves its metrics, and shuts it down with the application', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DomainMetricsModule.forRoot({ start: { env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, serviceName: 'nest-test' } }), UsersModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const port = await listening(app);
    const runtime = app.get<MetricsRuntime>(METRICS_RUNTIME);
    expect(runtime.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    for (let id = 0; id < 5; id++) await call(port, 'GET', `/users/${id}`);
    const scrapePort = Number(new URL(runtime.prometheusUrl!).port);
    await eventually(async () => {
      const body = (await call(scrapePort, 'GET', '/metrics')).body.toString();
      expect(body).toMatch(/^http_server_request_duration_count\{[^}]*http_route="\/users\/:id"[^}]*\} 5(?: \d+)?$/m);
      expect(body).toMatch(/^operation_total\{[^}]*operation="load_user",outcome="success"[^}]*\} 5(?: \d+)?$/m);
    });
    await app.close();
    expect(await isListening(scrapePort)).toBe(false);
  });

  it('pushes the last recordings over OTLP when the application closes, before any export interval', async () => {
    const otlp = await startOtlpReceiver();
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          DomainMetricsModule.forRoot({
            start: { env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_METRICS_EXPORTER: 'otlp' }, exportIntervalMillis: 60_000, serviceName: 'nest-flush' },
          }),
          UsersModule,
        ],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      const port = await listening(app);
      for (let id = 0; id < 3; id++) expect((await call(port, 'GET', `/users/${id}`)).status).toBe(200);
      expect(otlp.requests).toHaveLength(0); // nothing pushed yet: the interval is a minute
      await app.close();
      // onApplicationShutdown waited for the final push, so it has arrived.
      expect(otlp.requests).toHaveLength(1);
      const metrics = metricsOf(otlp.requests[0]!);
      const durations = metrics.find((m) => m.name === DURATION)!.histogram!.dataPoints;
      expect(durations.map((p) => [attributesOf(p.attributes)['http.route'], Number(p.count)])).toEqual([['/users/:id', 3]]);
      const operations = metrics.find((m) => m.name === 'operation.total')!.sum!.dataPoints;
      const success = operations.find((p) => attributesOf(p.attributes).outcome === 'success')!;
      expect(Number(success.asInt ?? success.asDouble)).toBe(3);
    } finally {
      await otlp.close();
    }
  });

  it('takes its options from forRootAsync, with an injected provider on the SDK path', async () => {
    const recording = recordingSetups().find((setup) => !setup.fast)!.start();
    const moduleRef = await Test.createTestingModule({
      imports: [
        DomainMetricsModule.forRootAsync({
          imports: [ProviderModule.with(recording)],
          inject: [RECORDING],
          useFactory: (given: Recording) => ({ runtime: given, http: false }),
        }),
        UsersModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const port = await listening(app);
    await call(port, 'GET', '/users/1');
    await app.close();
    const s = await recording.collect();
    expect(s.value('operation.total', { operation: 'load_user', outcome: 'success' })).toBe(1);
    expect(s.has(DURATION)).toBe(false); // http: false
  });

  it('refuses a runtime without a meter provider instead of recording nothing', async () => {
    const compiling = Test.createTestingModule({ imports: [DomainMetricsModule.forRoot({ runtime: {} }), UsersModule] }).compile();
    await expect(compiling).rejects.toThrow(/options\.runtime must be a MetricsRuntime or \{ meterProvider/);
  });

  it('warns when a module lists a domain class in its providers, which would shadow the real one', async () => {
    const recording = recordingSetups()[0]!.start();
    const warnings: string[] = [];
    const moduleRef = await Test.createTestingModule({
      imports: [DomainMetricsModule.forRoot({ runtime: recording })],
      controllers: [UsersController],
      providers: [UsersService, ExecutionMetrics],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: { log: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) } });
    await app.init();
    await app.close();
    expect(warnings).toEqual([expect.stringMatching(/lists ExecutionMetrics in its providers: .* records nothing/)]);
  });
});

const RECORDING = Symbol('recording');

/** A module of the application that holds the meter provider (as a ConfigModule would hold settings). */
class ProviderModule {
  static with(recording: Recording) {
    return { module: ProviderModule, providers: [{ provide: RECORDING, useValue: recording }], exports: [RECORDING] };
  }
}
