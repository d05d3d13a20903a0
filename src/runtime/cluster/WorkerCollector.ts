// The primary's side of the IPC exchange: knows which workers report, asks them all for their
// totals at each scrape and waits a bounded time; a worker that does not answer in time counts
// with its previous report, and one that exits stops being waited for at once.
import cluster, { type Worker } from 'node:cluster';
import type { MetricCollectOptions, MetricProducer, CollectionResult } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import type { DiagnosticsSink } from '../../core/DiagnosticsSink.js';
import type { ClusterAggregate } from './ClusterAggregate.js';
import { isHello, isReport, type CollectMessage } from './clusterMessages.js';

interface Pending {
  readonly waiting: Set<number>;
  readonly done: () => void;
}

export class WorkerCollector implements MetricProducer {
  private nextId = 1;
  /** Per worker, the newest request it answered: a late answer to an older request is dropped. */
  private readonly answered = new Map<number, number>();
  private readonly pending = new Map<number, Pending>();
  private readonly onMessage = (worker: Worker, message: unknown) => this.receive(worker, message);
  private readonly onExit = (worker: Worker) => this.gone(worker.id);

  constructor(
    private readonly aggregate: ClusterAggregate,
    private readonly resource: Resource,
    private readonly timeoutMillis: number,
    private readonly diagnostics: DiagnosticsSink,
  ) {
    cluster.on('message', this.onMessage);
    cluster.on('exit', this.onExit);
  }

  stop(): void {
    cluster.off('message', this.onMessage);
    cluster.off('exit', this.onExit);
    for (const pending of this.pending.values()) pending.done();
  }

  /** Asks every reporting worker, then answers with the cluster's totals (at most `timeoutMillis` later). */
  async collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    await this.refresh();
    try {
      return { resourceMetrics: { resource: this.resource, scopeMetrics: this.aggregate.merged() }, errors: [] };
    } catch (error) {
      // A report this version cannot read (a worker on another release): an empty scrape and the
      // reason, rather than a failed request.
      return { resourceMetrics: { resource: this.resource, scopeMetrics: [] }, errors: [error] };
    }
  }

  /** Resolves once every asked worker answered or exited, or after the time limit. */
  refresh(): Promise<void> {
    const targets: Worker[] = [];
    for (const workerId of this.aggregate.workers()) {
      const worker = cluster.workers?.[workerId];
      if (worker !== undefined && worker.isConnected()) targets.push(worker);
      else this.gone(workerId);
    }
    if (targets.length === 0) return Promise.resolve();
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        const late = this.pending.get(id)?.waiting.size ?? 0;
        this.diagnostics.warn(
          'cluster|late-worker',
          `cluster metrics: ${late} worker${late === 1 ? '' : 's'} did not answer within ${this.timeoutMillis} ms (workerTimeoutMillis); the scrape used their previous totals`,
        );
        done();
      }, this.timeoutMillis);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve();
      };
      this.pending.set(id, { waiting: new Set(targets.map((worker) => worker.id)), done });
      const message: CollectMessage = { type: 'otel-domain-metrics:collect', id };
      for (const worker of targets) {
        try {
          // A channel closing under us only means this worker does not answer this time.
          worker.send(message, undefined, (error) => {
            if (error) this.settle(id, worker.id);
          });
        } catch {
          this.settle(id, worker.id);
        }
      }
    });
  }

  private receive(worker: Worker, message: unknown): void {
    if (isHello(message)) {
      this.aggregate.join(worker.id);
      return;
    }
    if (!isReport(message) || !this.aggregate.has(worker.id)) return;
    if (message.id !== null) {
      const newest = this.answered.get(worker.id) ?? 0;
      if (message.id > newest) {
        this.answered.set(worker.id, message.id);
        this.aggregate.update(worker.id, message.scopeMetrics);
      }
      this.settle(message.id, worker.id);
    } else {
      this.aggregate.update(worker.id, message.scopeMetrics);
    }
    if (message.final) this.gone(worker.id);
  }

  /** The worker stops counting as live: its last totals are kept, and nobody waits for it. */
  private gone(workerId: number): void {
    this.aggregate.retire(workerId);
    this.answered.delete(workerId);
    for (const id of [...this.pending.keys()]) this.settle(id, workerId);
  }

  private settle(id: number, workerId: number): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    pending.waiting.delete(workerId);
    if (pending.waiting.size === 0) pending.done();
  }
}
