// Prometheus computes increase() and rate() from the samples it scraped: a counter series that
// first appears already at 1 (the first dead-lettered message of a topic) never shows the step
// from 0, so a single event reads as no increase at all. The scrape endpoint therefore shows each
// Prometheus scraper every counter or histogram series that is new to it at 0 once, and its value
// from the next scrape on: the event is counted, one scrape later. The state is per scraper, so
// two Prometheus servers of an HA pair each see the zero and a person's curl steals nothing. A
// scraper's first scrape is shown as is: a new scraper has no earlier zero to compare against,
// and showing it zeros would count the whole history as one increase. Series that leave the
// exposition (expired) are forgotten, so a returning series starts at 0 again.
import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';

/** The identity of a Prometheus-style scraper, or undefined for any other client. */
export function scraperIdentity(request: IncomingMessage): string | undefined {
  // Prometheus, and the agents built on its scrape code, send this header on every scrape.
  if (request.headers['x-prometheus-scrape-timeout-seconds'] === undefined) return undefined;
  return `${request.socket.remoteAddress ?? ''}|${request.headers['user-agent'] ?? ''}`;
}

/** The views of the scrapers seen lately; the least recently seen is forgotten past `capacity`. */
export class ScraperViews {
  private readonly views = new Map<string, NewSeriesAtZero>();

  constructor(private readonly capacity = 8) {}

  view(scraper: string): NewSeriesAtZero {
    let view = this.views.get(scraper);
    if (view !== undefined) {
      this.views.delete(scraper); // re-inserted below: Map order is recency
    } else {
      view = new NewSeriesAtZero();
      if (this.views.size >= this.capacity) this.views.delete(this.views.keys().next().value!);
    }
    this.views.set(scraper, view);
    return view;
  }
}

export class NewSeriesAtZero {
  /** Per scope and metric: the series keys exposed by the previous scrape. */
  private seen = new Map<string, Set<string>>();
  /** The same, being filled by the scrape in progress. */
  private next = new Map<string, Set<string>>();
  private primed = false;

  /** Starts a scrape. */
  begin(): void {
    this.next = new Map();
  }

  /**
   * Whether the scrape in progress shows this counter or histogram series at 0 (it is new to this
   * scraper); notes it as exposed either way. `metric` identifies scope and name, `key` the series.
   */
  showsZero(metric: string, key: string): boolean {
    let now = this.next.get(metric);
    if (now === undefined) {
      now = new Set();
      this.next.set(metric, now);
    }
    now.add(key);
    return this.primed && this.seen.get(metric)?.has(key) !== true;
  }

  /** Ends the scrape: what it exposed is what the next one compares with. */
  end(): void {
    this.seen = this.next;
    this.next = new Map();
    this.primed = true;
  }
}

/** Counters and histograms: the series whose first increase Prometheus would otherwise miss. */
export function countsUp(metric: MetricData): boolean {
  return (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) || metric.dataPointType === DataPointType.HISTOGRAM;
}

const attributeKeys = new WeakMap<Attributes, string>();

/** The identity of an attribute set within one metric, cached per attributes object. */
export function attributesKey(attributes: Attributes): string {
  let key = attributeKeys.get(attributes);
  if (key !== undefined) return key;
  const names = Object.keys(attributes);
  if (names.length > 1) names.sort();
  key = '';
  for (const name of names) key += `${name}\u0001${String(attributes[name])}\u0000`;
  attributeKeys.set(attributes, key);
  return key;
}
