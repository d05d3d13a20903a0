// One frame of the watch view as lines of at most `width` characters: a pure function of the rows
// and the terminal size, so that it is tested without a terminal.
import type { SummaryRow } from './MetricsSummary.js';

export interface Frame {
  readonly url: string;
  /** Where the rows came from; undefined before the first answer. */
  readonly source: 'summary' | 'prometheus' | undefined;
  /** The summary's window, or the seconds between the two scrapes. */
  readonly windowSeconds: number | undefined;
  readonly rows: readonly SummaryRow[];
  /** "updated 12:00:01", "unreachable: ECONNREFUSED, retrying", … */
  readonly status: string;
  readonly statusIsError: boolean;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
}

interface Column {
  readonly title: string;
  readonly width: number;
  readonly cell: (row: SummaryRow) => string;
  readonly paint?: (row: SummaryRow, text: string) => string;
}

const RESET = '\x1b[0m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const GREEN = '\x1b[32m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';

/** Below this the metric column does not shrink: columns are dropped instead (p50, p99, p95, err). */
const MIN_NAME_WIDTH = 18;
const HEADER_LINES = 4;

export function renderFrame(frame: Frame): string[] {
  const width = Math.max(20, Math.floor(frame.width));
  const paint = (code: string, text: string) => (frame.color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  lines.push(paint(BOLD, fit(`otel-domain-metrics watch  ${frame.url}`, width - 8).padEnd(width - 8) + 'q quits'.padStart(8)));
  lines.push(fit(describeSource(frame), width));
  lines.push(frame.statusIsError ? paint(RED, fit(frame.status, width)) : fit(frame.status, width));
  lines.push('');

  const columns = fitColumns(width, paint);
  const nameWidth = width - columns.reduce((sum, c) => sum + c.width + 2, 0);
  lines.push(paint(DIM, 'METRIC'.padEnd(nameWidth) + columns.map((c) => '  ' + c.title.padStart(c.width)).join('')));
  const room = Math.max(0, frame.height - HEADER_LINES - 2);
  const shown = frame.rows.slice(0, room);
  if (shown.length === 0) lines.push(fit(emptyMessage(frame), width));
  for (const row of shown) {
    const cells = columns.map((c) => {
      const text = fit(c.cell(row), c.width).padStart(c.width);
      return '  ' + (c.paint ? c.paint(row, text) : text);
    });
    lines.push(fit(seriesName(row), nameWidth).padEnd(nameWidth) + cells.join(''));
  }
  if (frame.rows.length > shown.length && room > 0) lines.push(fit(`… ${frame.rows.length - shown.length} more (a taller terminal shows them)`, width));
  return lines.slice(0, Math.max(1, frame.height));
}

function fitColumns(width: number, paint: (code: string, text: string) => string): Column[] {
  const all: (Column & { key: string })[] = [
    { key: 'rate', title: 'RATE/S', width: 8, cell: (r) => formatNumber(r.ratePerSecond) },
    { key: 'err', title: 'ERR', width: 6, cell: (r) => (r.errorRatio === null ? '-' : formatPercent(r.errorRatio)), paint: (r, text) => (r.errorRatio === null ? text : paint(errorColor(r.errorRatio), text)) },
    { key: 'p50', title: 'P50', width: 8, cell: (r) => formatValue(r.p50, r.unit) },
    { key: 'p95', title: 'P95', width: 8, cell: (r) => formatValue(r.p95, r.unit) },
    { key: 'p99', title: 'P99', width: 8, cell: (r) => formatValue(r.p99, r.unit) },
  ];
  const dropOrder = ['p50', 'p99', 'p95', 'err'];
  let columns = all;
  for (const key of dropOrder) {
    if (width - columns.reduce((sum, c) => sum + c.width + 2, 0) >= MIN_NAME_WIDTH) break;
    columns = columns.filter((c) => c.key !== key);
  }
  return columns;
}

function describeSource(frame: Frame): string {
  const window = frame.windowSeconds === undefined ? '' : ` ${frame.windowSeconds < 10 ? frame.windowSeconds.toFixed(1) : Math.round(frame.windowSeconds)} s`;
  if (frame.source === 'summary') return `summary endpoint, last${window}; busiest first`;
  if (frame.source === 'prometheus') return `Prometheus text, rates over the last${window} between scrapes; percentiles are bucket estimates`;
  return 'waiting for the first answer';
}

function emptyMessage(frame: Frame): string {
  if (frame.source === 'prometheus') return 'no counter or histogram has moved between the last two scrapes';
  if (frame.source === 'summary') return 'nothing recorded in the window yet';
  return '';
}

function seriesName(row: SummaryRow): string {
  const attributes = Object.entries(row.attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return attributes === '' ? row.name : `${row.name}{${attributes}}`;
}

/** `text` cut to `width` characters, with an ellipsis when cut. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function errorColor(ratio: number): string {
  return ratio >= 0.05 ? RED : ratio >= 0.01 ? YELLOW : GREEN;
}

function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  return `${percent >= 10 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/** Three significant digits, with k/M for large numbers. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  if (abs === 0) return '0';
  return trim(value);
}

function trim(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** A percentile in its unit: seconds as µs/ms/s/min, bytes as B/KiB/MiB/GiB. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '-';
  if (unit === 's') return formatSeconds(value);
  if (unit === 'By') {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = value;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${trim(v)}${units[i]}`;
  }
  if (unit === '%') return `${trim(value)}%`;
  return formatNumber(value);
}

function formatSeconds(value: number): string {
  if (value === 0) return '0s';
  if (value < 1e-3) return `${trim(value * 1e6)}µs`;
  if (value < 1) return `${trim(value * 1e3)}ms`;
  if (value < 120) return `${trim(value)}s`;
  return `${trim(value / 60)}min`;
}
