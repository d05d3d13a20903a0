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
      let slot = this.views.size;
      if (this.views.size >= this.capacity) {
        const [oldest, forgotten] = this.views.entries().next().value!;
        this.views.delete(oldest);
        slot = forgotten.slot;
      }
      view = new NewSeriesAtZero(slot);
    }
    this.views.set(scraper, view);
    return view;
  }
}

/** Something a scrape exposes as one series and that keeps its identity from scrape to scrape. */
export interface ExposedSeries {
  /**
   * Per scraper slot, the number of the last scrape of that slot's scraper that exposed it: a
   * plain number while only slot 0 has one (one Prometheus server, the common case), else a list.
   */
  exposedIn: number | number[] | undefined;
}

/** Numbers every scrape of every scraper, in order: a scrape's number is never used again. */
let scrapeNumbers = 0;

export class NewSeriesAtZero {
  /** Per scope and metric: the series keys exposed by the previous scrape. */
  private seen = new Map<string, Set<string>>();
  /** The same, being filled by the scrape in progress. */
  private next = new Map<string, Set<string>>();
  private primed = false;
  /** The number of this scraper's last finished scrape, and of the one in progress. */
  private previous = -1;
  private current = -1;

  /**
   * `slot` is this scraper's place in the series' `exposedIn` (see showsZeroOnce): at most one
   * live view per slot, and a view taking over the slot of a forgotten one.
   */
  constructor(readonly slot = 0) {}

  /** Starts a scrape. */
  begin(): void {
    this.next = new Map();
    this.current = ++scrapeNumbers;
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

  /**
   * The same for a series object that lasts as long as the series (the fast path's points): the
   * scrape's number is kept on the series itself, so a scrape costs no set of every key. A number
   * from this scraper's last finished scrape, or from one since that was cut short, means the
   * series was exposed to it; numbers in the slot from a forgotten scraper are all older.
   */
  showsZeroOnce(series: ExposedSeries): boolean {
    const held = series.exposedIn;
    let last: number | undefined;
    if (typeof held === 'object') {
      last = held[this.slot];
      held[this.slot] = this.current;
    } else if (this.slot === 0) {
      last = held;
      series.exposedIn = this.current;
    } else {
      const list: number[] = held === undefined ? [] : [held];
      list[this.slot] = this.current;
      series.exposedIn = list;
    }
    return this.primed && !(last !== undefined && last >= this.previous);
  }

  /** Ends the scrape: what it exposed is what the next one compares with. */
  end(): void {
    this.seen = this.next;
    this.next = new Map();
    this.primed = true;
    this.previous = this.current;
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
