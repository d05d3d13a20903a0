// The NestJS 11 module: the runtime started (or received) once, DomainMetrics and every domain
// class as providers on it, HTTP metrics with Nest's route templates, flushing on shutdown.
// Loads @nestjs/common and @nestjs/core, which every Nest application has.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type {
  DynamicModule,
  FactoryProvider,
  InjectionToken,
  ModuleMetadata,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
  OptionalFactoryDependency,
  Type,
} from '@nestjs/common';
import { Inject, Logger } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import type { BaseMetricsOptions } from '../core/BaseMetrics.js';
import { DomainMetrics } from '../DomainMetrics.js';
import { CacheMetrics } from '../domains/CacheMetrics.js';
import { ConnectionMetrics } from '../domains/ConnectionMetrics.js';
import { CoordinatorMetrics } from '../domains/CoordinatorMetrics.js';
import { DatabaseMetrics } from '../domains/DatabaseMetrics.js';
import { DlqMetrics } from '../domains/DlqMetrics.js';
import { EventMetrics } from '../domains/EventMetrics.js';
import { ExecutionMetrics } from '../domains/ExecutionMetrics.js';
import { HealthMetrics } from '../domains/HealthMetrics.js';
import { HttpServerMetrics } from '../domains/HttpServerMetrics.js';
import { NotificationMetrics } from '../domains/NotificationMetrics.js';
import { OperationMetrics } from '../domains/OperationMetrics.js';
import { RateLimitMetrics } from '../domains/RateLimitMetrics.js';
import { WorkerMetrics } from '../domains/WorkerMetrics.js';
import type { MetricsRuntime } from '../runtime/MetricsRuntime.js';
import { startMetrics, type StartMetricsOptions } from '../runtime/startMetrics.js';
import { InvalidArgumentError } from '../errors.js';

export interface DomainMetricsModuleOptions {
  /**
   * Record into this runtime (from `startMetrics()`) or any `{ meterProvider }`; its shutdown
   * stays yours. Without it the module calls `startMetrics(start)` and shuts that runtime down
   * (flushing the last interval) when the application shuts down.
   */
  readonly runtime?: BaseMetricsOptions;
  /** Options for `startMetrics()` when no `runtime` is given (the environment is read as usual). */
  readonly start?: StartMetricsOptions;
  /** Measure every HTTP request of the application (Express platform). @default true */
  readonly http?: boolean;
}

export interface DomainMetricsModuleAsyncOptions {
  /** Modules the factory's dependencies come from (a ConfigModule). */
  readonly imports?: ModuleMetadata['imports'];
  /** The options, from configuration: `(config: ConfigService) => ({ start: { serviceName: config.get('SERVICE') } })`. */
  readonly useFactory: (...dependencies: never[]) => DomainMetricsModuleOptions | Promise<DomainMetricsModuleOptions>;
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
}

/**
 * Inject with `@Inject(METRICS_RUNTIME)`: the MetricsRuntime the module started (its
 * `prometheusUrl`, `forceFlush()`), or undefined when the module was given a runtime.
 */
export const METRICS_RUNTIME = Symbol('otel-domain-metrics:runtime');

/** The module's options once resolved (`forRoot` or the factory of `forRootAsync`). */
const OPTIONS = Symbol('otel-domain-metrics:options');

/** Every domain class and where DomainMetrics holds its instance. */
const DOMAINS = [
  [ExecutionMetrics, 'execution'],
  [CoordinatorMetrics, 'coordinator'],
  [RateLimitMetrics, 'rateLimit'],
  [EventMetrics, 'event'],
  [DatabaseMetrics, 'database'],
  [ConnectionMetrics, 'connection'],
  [HealthMetrics, 'health'],
  [NotificationMetrics, 'notification'],
  [DlqMetrics, 'dlq'],
  [OperationMetrics, 'operation'],
  [WorkerMetrics, 'worker'],
  [HttpServerMetrics, 'httpServer'],
  [CacheMetrics, 'cache'],
] as const satisfies readonly (readonly [Type<unknown>, keyof DomainMetrics])[];

/** The classes the module provides, for `@Inject`-free constructor injection by type. */
export const DOMAIN_METRICS_PROVIDED: readonly Type<unknown>[] = [DomainMetrics, ...DOMAINS.map(([type]) => type)];

const logger = new Logger('DomainMetricsModule');

/** The runtime the module records into, and whether stopping it is the module's job. */
class MetricsLifecycle {
  private constructor(
    readonly metrics: DomainMetrics,
    readonly http: boolean,
    readonly owned: MetricsRuntime | undefined,
  ) {}

  static async create(given: DomainMetricsModuleOptions | undefined): Promise<MetricsLifecycle> {
    const options: DomainMetricsModuleOptions = given !== null && typeof given === 'object' ? given : {};
    const http = options.http !== false;
    if (options.runtime !== undefined) {
      // A runtime that is not one would give disabled classes: the silent no-op this module exists to prevent.
      if (typeof (options.runtime as { meterProvider?: { getMeter?: unknown } } | null)?.meterProvider?.getMeter !== 'function') {
        throw new InvalidArgumentError('DomainMetricsModule: options.runtime must be a MetricsRuntime or { meterProvider: MeterProvider }');
      }
      return new MetricsLifecycle(new DomainMetrics(options.runtime), http, undefined);
    }
    const runtime = await startMetrics(options.start ?? {});
    return new MetricsLifecycle(new DomainMetrics(runtime), http, runtime);
  }

  async shutdown(): Promise<void> {
    await this.owned?.shutdown();
  }
}

/**
 * `imports: [DomainMetricsModule.forRoot()]` in the root module. Global: any provider can then
 * take `DomainMetrics` or a domain class (`ExecutionMetrics`, `HttpServerMetrics`, …) in its
 * constructor, and gets the instance on the module's provider. Do not list those classes in
 * `providers` yourself: Nest would construct them without a provider, recording nothing (the
 * module warns at bootstrap when it finds one).
 */
export class DomainMetricsModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly lifecycle: MetricsLifecycle,
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModulesContainer,
  ) {}

  /** Options given in code; `startMetrics()` reads the environment as usual. */
  static forRoot(options: DomainMetricsModuleOptions = {}): DynamicModule {
    return DomainMetricsModule.module({ provide: OPTIONS, useFactory: () => options });
  }

  /** Options from configuration, resolved by Nest's injector before anything is provided. */
  static forRootAsync(options: DomainMetricsModuleAsyncOptions): DynamicModule {
    const factory = options.useFactory as (...dependencies: unknown[]) => DomainMetricsModuleOptions | Promise<DomainMetricsModuleOptions>;
    return DomainMetricsModule.module({ provide: OPTIONS, useFactory: factory, inject: options.inject ?? [] }, options.imports ?? []);
  }

  private static module(options: FactoryProvider<DomainMetricsModuleOptions | Promise<DomainMetricsModuleOptions>>, imports: NonNullable<ModuleMetadata['imports']> = []): DynamicModule {
    const providers: FactoryProvider[] = [
      options,
      { provide: MetricsLifecycle, useFactory: (resolved: DomainMetricsModuleOptions) => MetricsLifecycle.create(resolved), inject: [OPTIONS] },
      { provide: METRICS_RUNTIME, useFactory: (lifecycle: MetricsLifecycle) => lifecycle.owned, inject: [MetricsLifecycle] },
      { provide: DomainMetrics, useFactory: (lifecycle: MetricsLifecycle) => lifecycle.metrics, inject: [MetricsLifecycle] },
      ...DOMAINS.map(([type, key]): FactoryProvider => ({ provide: type, useFactory: (metrics: DomainMetrics) => metrics[key], inject: [DomainMetrics] })),
    ];
    return { module: DomainMetricsModule, global: true, imports, providers, exports: [METRICS_RUNTIME, ...DOMAIN_METRICS_PROVIDED] };
  }

  /**
   * Tracks every request from the moment the HTTP server emits it, ahead of every middleware
   * (body parsers included) and whatever the global prefix: 404s, guard and middleware
   * rejections and aborts are all measured. The route is read when the response closes from
   * Express's `req.route`, the path Nest registered (global prefix + controller path + method
   * path, `/users/:id`); requests that matched no route are recorded without `http.route`.
   */
  onModuleInit(): void {
    if (!this.lifecycle.http) return;
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    const type = adapter?.getType();
    if (type !== 'express') {
      // Without Express's matched route every request would land in one series: better none, said out loud.
      logger.warn(`HTTP metrics need the Express platform (this is ${String(type)}); on Fastify register otel-domain-metrics/fastify on the instance and pass http: false`);
      return;
    }
    const server: unknown = adapter?.getHttpServer();
    if (server === null || typeof server !== 'object' || typeof (server as Server).prependListener !== 'function') {
      logger.warn('HTTP metrics: the application has no HTTP server yet; requests are not measured');
      return;
    }
    const http = this.lifecycle.metrics.httpServer;
    (server as Server).prependListener('request', (request: IncomingMessage, response: ServerResponse) => http.track(request, response));
  }

  /** Warns about domain classes listed in some module's `providers`, which would shadow the real ones. */
  onApplicationBootstrap(): void {
    const provided = new Set<unknown>(DOMAIN_METRICS_PROVIDED);
    for (const module of this.modules.values()) {
      if (module.metatype === DomainMetricsModule) continue;
      for (const token of module.providers.keys()) {
        if (provided.has(token)) {
          logger.warn(`${module.metatype?.name ?? 'a module'} lists ${(token as Type<unknown>).name} in its providers: Nest constructs it without a meter provider, so it records nothing. Remove it there; DomainMetricsModule provides it.`);
        }
      }
    }
  }

  /** Shuts down the runtime the module started, which flushes the last interval; a received runtime stays open. */
  async onApplicationShutdown(): Promise<void> {
    await this.lifecycle.shutdown();
  }
}

// Constructor injection without decorator syntax (this file is compiled with standard
// decorators, Nest reads legacy metadata): what `@Inject(token)` on each parameter records.
Inject(MetricsLifecycle)(DomainMetricsModule, undefined, 0);
Inject(HttpAdapterHost)(DomainMetricsModule, undefined, 1);
Inject(ModulesContainer)(DomainMetricsModule, undefined, 2);
