import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../src/cli/MetricsSummary.js';
import { formatValue, renderFrame, type Frame } from '../../src/cli/renderFrame.js';

const ROWS: SummaryRow[] = [
  { name: 'http.server.request.duration', attributes: { 'http.request.method': 'GET', 'http.route': '/orders/:id' }, ratePerSecond: 212.4, errorRatio: 0.062, p50: 0.0123, p95: 0.245, p99: 1.5, unit: 's' },
  { name: 'script.executions.total', attributes: { lang_and_version: 'python-3.11' }, ratePerSecond: 18.25, errorRatio: 0.02, p50: null, p95: null, p99: null, unit: '{execution}' },
  { name: 'task.result.size', attributes: {}, ratePerSecond: 3, errorRatio: null, p50: 2048, p95: 1.5 * 1024 * 1024, p99: 3e9, unit: 'By' },
  { name: 'cache.requests.total', attributes: { cache: 'scripts' }, ratePerSecond: 0.004, errorRatio: 0, p50: null, p95: null, p99: null, unit: '{request}' },
];

const base: Frame = { url: 'http://127.0.0.1:9464', source: 'summary', windowSeconds: 60, rows: ROWS, status: 'updated 12:00:01', statusIsError: false, width: 100, height: 30, color: false };

describe('renderFrame', () => {
  it('lays out every column on a wide terminal, busiest rows as given, units formatted', () => {
    expect(renderFrame(base)).toEqual([
      'otel-domain-metrics watch  http://127.0.0.1:9464                                             q quits',
      'summary endpoint, last 60 s; busiest first',
      'updated 12:00:01',
      '',
      'METRIC                                                  RATE/S     ERR       P50       P95       P99',
      'http.server.request.duration{http.request.method=GE…       212    6.2%    12.3ms     245ms     1.50s',
      'script.executions.total{lang_and_version=python-3.1…      18.3    2.0%         -         -         -',
      'task.result.size                                          3.00       -   2.00KiB   1.50MiB   2.79GiB',
      'cache.requests.total{cache=scripts}                      0.004      0%         -         -         -',
    ]);
  });

  it('drops p50, then p99, then p95 on a narrow terminal, and cuts names with an ellipsis', () => {
    expect(renderFrame({ ...base, width: 50 })).toEqual([
      'otel-domain-metrics watch  http://127.0.0… q quits',
      'summary endpoint, last 60 s; busiest first',
      'updated 12:00:01',
      '',
      'METRIC                    RATE/S     ERR       P95',
      'http.server.request.d…       212    6.2%     245ms',
      'script.executions.tot…      18.3    2.0%         -',
      'task.result.size            3.00       -   1.50MiB',
      'cache.requests.total{…     0.004      0%         -',
    ]);
    expect(renderFrame({ ...base, width: 40 })[4]).toBe('METRIC                    RATE/S     ERR');
    for (const width of [20, 33, 50, 77, 100, 180]) {
      for (const line of renderFrame({ ...base, width })) expect(line.length, `width ${width}: ${line}`).toBeLessThanOrEqual(width);
    }
  });

  it('fits the height, saying how many rows are hidden', () => {
    const lines = renderFrame({ ...base, height: 8 });
    expect(lines).toHaveLength(8);
    expect(lines.slice(5)).toEqual([
      'http.server.request.duration{http.request.method=GE…       212    6.2%    12.3ms     245ms     1.50s',
      'script.executions.total{lang_and_version=python-3.1…      18.3    2.0%         -         -         -',
      '… 2 more (a taller terminal shows them)',
    ]);
  });

  it('colours the error ratio red from 5 %, yellow from 1 %, green below, and an unreachable status red', () => {
    const lines = renderFrame({ ...base, color: true, status: 'unreachable: ECONNREFUSED, retrying', statusIsError: true });
    expect(lines[2]).toBe('\x1b[31munreachable: ECONNREFUSED, retrying\x1b[0m');
    expect(lines[5]).toContain('\x1b[31m  6.2%\x1b[0m');
    expect(lines[6]).toContain('\x1b[33m  2.0%\x1b[0m');
    expect(lines[8]).toContain('\x1b[32m    0%\x1b[0m');
    expect(lines[7]).not.toContain('\x1b[3');
  });

  it('says where the numbers come from and what an empty table means', () => {
    const text = renderFrame({ ...base, source: 'prometheus', windowSeconds: 2, rows: [] });
    expect(text[1]).toBe('Prometheus text, rates over the last 2.0 s between scrapes; percentiles are bucket estimates');
    expect(text[5]).toBe('no counter or histogram has moved between the last two scrapes');
    expect(renderFrame({ ...base, source: undefined, rows: [] })[1]).toBe('waiting for the first answer');
  });

  it('formats values in their unit', () => {
    expect([formatValue(0.00042, 's'), formatValue(0.5, 's'), formatValue(300, 's'), formatValue(512, 'By'), formatValue(55.5, '%'), formatValue(12345, '{x}'), formatValue(null, 's')]).toEqual([
      '420µs', '500ms', '5.00min', '512B', '55.5%', '12.3k', '-',
    ]);
  });
});
