import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { counter, gauge, histogram, type HistogramSpec } from '../../src/core/MetricSpec.js';
import { assertMetricsClass, checkMetricsClass, formatProblems, specProblems } from '../../src/testing/index.js';

const GOOD = {
  issued: counter({ name: 'invoices.issued.total', unit: '{invoice}', description: 'Invoices issued', attributes: ['currency'] }),
  render: histogram({ name: 'invoices.render.duration', unit: 's', description: 'Render time', attributes: [], buckets: 'request' }),
  open: gauge({ name: 'invoices.open', unit: '{invoice}', description: 'Open invoices', attributes: [], nonNegative: true }),
};

class InvoiceMetrics extends BaseMetrics {
  private readonly issued = this.counter(GOOD.issued);
  private readonly render = this.histogram(GOOD.render);
  private readonly open = this.gauge(GOOD.open);

  invoiceIssued(currency: 'EUR' | 'USD', renderSeconds: number): void {
    this.issued.add(1, { currency });
    this.render.record(renderSeconds);
  }
  openInvoices(count: number): void {
    this.open.record(count);
  }
}

describe('checkMetricsClass', () => {
  it('finds nothing wrong with a class that follows the rules', async () => {
    const problems = await checkMetricsClass(InvoiceMetrics, {
      exercise: (m) => {
        m.invoiceIssued('EUR', 0.2);
        m.openInvoices(3);
      },
    });
    expect(problems).toEqual([]);
    await expect(assertMetricsClass(InvoiceMetrics)).resolves.toBeUndefined();
  });

  it('reports every broken naming rule, unit, description and bucket set of the declarations', async () => {
    class Broken extends BaseMetrics {
      readonly a = this.counter(counter({ name: 'Invoices-Issued', unit: 'invoices', description: '', attributes: ['Currency', 'x', 'x'] }));
      readonly b = this.histogram(histogram({ name: 'invoices.render_ms', unit: 'ms', description: 'Render', attributes: [], buckets: 'request' }));
      readonly c = this.gauge(gauge({ name: 'invoices.open.total', unit: '{invoice}', description: 'Open', attributes: [] }));
      readonly d = this.histogram(histogram({ name: 'invoices.size', unit: 'By', description: 'Size', attributes: [], buckets: 'long' }));
      readonly e = this.histogram({ name: 'invoices.wait', unit: 's', description: 'Wait', attributes: [], kind: 'histogram' } as unknown as HistogramSpec);
    }
    expect(formatProblems(await checkMetricsClass(Broken))).toBe(
      [
        '- Invoices-Issued (name): a name is lower-case words of letters, digits and underscores, separated by dots, starting with a letter',
        '- Invoices-Issued (name): a counter name ends in ".total" (so that it reads the same scraped and through a collector)',
        '- Invoices-Issued (unit): "invoices" is not a UCUM unit (s, By, %, 1, or a {annotation} such as {request})',
        '- Invoices-Issued (description): has no description (it becomes the HELP line)',
        '- Invoices-Issued (attributes): attribute key "Currency" is not lower-case words separated by dots or underscores',
        '- Invoices-Issued (attributes): attribute keys declared twice: x',
        '- invoices.render_ms (name): the unit belongs in "unit", not in the name (the collector would add it a second time)',
        '- invoices.render_ms (unit): durations are recorded in seconds (unit "s"), as OpenTelemetry\'s conventions and Prometheus expect, not "ms"',
        '- invoices.render_ms (buckets): the "request" buckets are in "s", the metric in "ms"',
        '- invoices.open.total (name): only counters end in "total"; this is a gauge',
        '- invoices.size (buckets): the "long" buckets are in "s", the metric in "By"',
        '- invoices.wait (buckets): declares no known bucket set (fast, request, db, long, bytes, mebibytes, percent, count); without one the SDK\'s 0…10000 buckets put every duration in the first',
      ].join('\n'),
    );
  });

  it('reports public methods that throw on bad input, on the recording path and without a provider, and handles they return', async () => {
    class Throwing extends BaseMetrics {
      private readonly issued = this.counter(GOOD.issued);
      invoiceIssued(invoice: { currency: string }): void {
        this.issued.add(1, { currency: invoice.currency });
      }
      started(): { done(result: { ok: boolean }): void } {
        return { done: (result) => this.issued.add(result.ok ? 1 : 0) };
      }
      async check(value: number): Promise<void> {
        if (typeof value !== 'number') throw new TypeError('not a number');
      }
    }
    const problems = await checkMetricsClass(Throwing);
    expect(problems.map((p) => `${p.rule} ${p.subject}`)).toEqual([
      'no-throw Throwing.check',
      'no-throw Throwing.invoiceIssued',
      'no-throw Throwing.started',
      'no-op Throwing.check',
      'no-op Throwing.invoiceIssued',
      'no-op Throwing.started',
    ]);
    const issued = problems.find((p) => p.rule === 'no-throw' && p.subject === 'Throwing.invoiceIssued')!;
    expect(issued.message).toMatch(/^threw on bad input \(no argument: TypeError: Cannot read properties of undefined \(reading 'currency'\); null: TypeError: Cannot read properties of null \(reading 'currency'\); undefined: TypeError/);
    expect(issued.message).toContain('a throwing Proxy: Error: hostile proxy');
    expect(problems.find((p) => p.subject === 'Throwing.check')!.message).toContain('null: rejected: TypeError: not a number');
    expect(problems.find((p) => p.subject === 'Throwing.started')!.message).toContain("null, then .done(): TypeError: Cannot read properties of null (reading 'ok')");
    expect(problems.find((p) => p.rule === 'no-op' && p.subject === 'Throwing.check')!.message).toMatch(/^without a provider: threw on bad input/);
  });

  it('leaves out methods named in skipMethods', async () => {
    class Helper extends BaseMetrics {
      private readonly issued = this.counter(GOOD.issued);
      private currencyOf(invoice: { currency: string }): string {
        return invoice.currency;
      }
      issue(currency: unknown): void {
        this.issued.add(1, { currency: typeof currency === 'string' ? this.currencyOf({ currency }) : undefined });
      }
    }
    expect((await checkMetricsClass(Helper)).map((p) => p.subject)).toEqual(['Helper.currencyOf', 'Helper.currencyOf']);
    expect(await checkMetricsClass(Helper, { skipMethods: ['currencyOf'] })).toEqual([]);
  });

  it('checks what the exercise recorded against the declarations, and that it recorded every metric', async () => {
    class Partial extends BaseMetrics {
      private readonly issued = this.counter(GOOD.issued);
      readonly render = this.histogram(GOOD.render);
      issue(): void {
        this.issued.add(1, { currency: 'EUR' });
      }
    }
    expect(formatProblems(await checkMetricsClass(Partial, { exercise: (m) => m.issue() }))).toBe(
      '- invoices.render.duration (export): declared but not exported after the calls that should record it',
    );
  });

  it('reports a class that records while it has no provider, and one that declares nothing', async () => {
    class Eager extends BaseMetrics {
      override readonly enabled = true;
      readonly issued = this.counter(GOOD.issued);
    }
    class Empty extends BaseMetrics {}
    expect(formatProblems(await checkMetricsClass(Eager))).toBe('- Eager (no-op): enabled is true without a meterProvider');
    expect(formatProblems(await checkMetricsClass(Empty))).toBe(
      '- Empty (declaration): declares no metric (instruments are made in field initialisers: `readonly runs = this.counter(SPEC)`)',
    );
  });

  it('assertMetricsClass throws an AssertionError listing the problems', async () => {
    class Unitless extends BaseMetrics {
      readonly issued = this.counter(counter({ name: 'jobs.total', unit: 'seconds', description: 'Jobs', attributes: [] }));
    }
    const error = await assertMetricsClass(Unitless).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssertionError);
    expect((error as Error).message).toBe('Unitless has 1 problem:\n- jobs.total (unit): "seconds" is not a UCUM unit; write s');
  });

  it('accepts the units OpenTelemetry conventions use', () => {
    for (const unit of ['s', 'By', 'MiBy', '%', '1', '{request}', '{millicore}', 'By/s', '{request}/s']) {
      expect(specProblems(counter({ name: 'x.total', unit, description: 'x', attributes: [] })), unit).toEqual([]);
    }
  });
});
