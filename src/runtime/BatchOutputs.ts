// The outputs for processes that may exit before anything scrapes them: a Pushgateway push and a
// node_exporter textfile, each at shutdown, at runtime.forceFlush() and optionally on an interval,
// all rendered from the same Prometheus exposition the scrape endpoint serves.
import type { MetricsConfig } from '../config/MetricsConfig.js';
import type { DiagnosticsSink } from '../core/DiagnosticsSink.js';
import type { DomainPrometheusExporter } from './readers.js';
import { groupingKey, PushgatewayPusher } from './PushgatewayPusher.js';
import { TextfileWriter } from './TextfileWriter.js';

/** True when the configuration asks for a push or a textfile (and so for an exposition to render). */
export function wantsBatchOutputs(config: MetricsConfig): boolean {
  return config.pushgatewayUrl !== undefined || config.textfilePath !== undefined;
}

export class BatchOutputs {
  private readonly timers: NodeJS.Timeout[] = [];
  /** Deliveries run one after another, so that an older push can never land after a newer one. */
  private inFlight: Promise<unknown> = Promise.resolve();
  private finished = false;

  constructor(
    private readonly exporter: DomainPrometheusExporter,
    readonly pusher: PushgatewayPusher | undefined,
    readonly textfile: TextfileWriter | undefined,
    private readonly timeoutMillis: number,
    private readonly sink: DiagnosticsSink,
  ) {}

  static fromConfig(config: MetricsConfig, exporter: DomainPrometheusExporter, resource: Readonly<Record<string, unknown>>, sink: DiagnosticsSink): BatchOutputs {
    const pusher =
      config.pushgatewayUrl === undefined
        ? undefined
        : new PushgatewayPusher({
            url: config.pushgatewayUrl,
            groupingKey: groupingKey(resource, config.pushgatewayGrouping),
            compression: config.pushgatewayCompression,
            requestTimeoutMillis: config.exportTimeoutMillis,
            sink,
          });
    const textfile = config.textfilePath === undefined ? undefined : new TextfileWriter(config.textfilePath, sink);
    const outputs = new BatchOutputs(exporter, pusher, textfile, config.exportTimeoutMillis, sink);
    if (pusher && config.pushgatewayIntervalMillis > 0) outputs.every(config.pushgatewayIntervalMillis, { push: true });
    if (textfile && config.textfileIntervalMillis > 0) outputs.every(config.textfileIntervalMillis, { write: true });
    return outputs;
  }

  /**
   * Stops the intervals, waits for a delivery under way, and renders the final state; resolves
   * once rendered (the readers may be shut down from then on) with the delivery of that state,
   * which never rejects and ends by `deadline` (epoch milliseconds).
   */
  async finish(deadline: number): Promise<{ readonly delivered: Promise<void> }> {
    this.finished = true;
    for (const timer of this.timers) clearInterval(timer);
    await settledBy(this.inFlight, deadline);
    let exposition: string;
    try {
      exposition = await this.exporter.render();
    } catch (error) {
      this.sink.write(`collecting the final metrics for the Pushgateway or textfile failed (${error instanceof Error ? error.message : String(error)}); nothing was pushed or written`);
      return { delivered: Promise.resolve() };
    }
    const delivered = Promise.all([
      this.pusher?.push(exposition, { final: true, deadline }),
      this.textfile?.write(exposition, { final: true }),
    ]).then(() => undefined);
    return { delivered };
  }

  /**
   * Pushes and writes the state of now (runtime.forceFlush()), after any delivery under way.
   * Resolves once delivered, or at `deadline` (epoch milliseconds); never rejects, a failure is
   * reported. Does nothing once `finish` has run.
   */
  flush(deadline: number): Promise<void> {
    if (this.finished) return Promise.resolve();
    const delivery = this.inFlight.then(() => this.deliver({ push: true, write: true }, deadline));
    this.inFlight = delivery;
    return settledBy(delivery, deadline);
  }

  private every(millis: number, what: { push?: boolean; write?: boolean }): void {
    const timer = setInterval(() => {
      if (this.finished) return;
      this.inFlight = this.inFlight.then(() => this.deliver(what, Date.now() + Math.min(millis, 3 * this.timeoutMillis)));
    }, millis);
    // An interval must never keep a finished batch job alive.
    timer.unref();
    this.timers.push(timer);
  }

  private async deliver(what: { push?: boolean; write?: boolean }, deadline: number): Promise<void> {
    if (this.finished) return;
    let exposition: string;
    try {
      exposition = await this.exporter.render();
    } catch {
      return; // the SDK has reported the collection error; the next interval tries again
    }
    if (what.push) await this.pusher?.push(exposition, { deadline });
    if (what.write) await this.textfile?.write(exposition);
  }
}

/**
 * Waits for `work` until `deadline` at most. The timer keeps the process alive while it waits (a
 * batch job awaiting shutdown() must not exit half-way) and is cleared as soon as `work` settles,
 * so that it never delays the exit either.
 */
function settledBy(work: Promise<unknown>, deadline: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}
