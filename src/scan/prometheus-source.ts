// `ae watch --prometheus URL --query …`: Prometheus as the watch's input. The learning span is
// read first (its rows are what the watch learns from), then the live edge is followed a step
// at a time, one step behind it so late scrapes are in; the rows go to the watch as the CSV
// text a file of the same values would hold, so records equal those of a CSV watch. Each series
// of the result (its labels without __name__) is a series of its own; several queries are joined
// on those labels into one multi-metric series per label set. The series are the first read's:
// one that appears later is named once and not followed (decisions #70). A request
// that fails (server down, slow, garbage) is retried with backoff from the same step: no step
// is skipped, and the watch catches up when the server returns (decisions #68).
import { UsageError } from '../errors.js';
import {
  cellOf,
  isoTime,
  PromUnavailable,
  queryRange,
  seriesCountAt,
  seriesKey,
  seriesLabels,
  type PromClient,
  type PromQuery,
} from '../data/prometheus.js';

/** Prometheus answers at most 11,000 points a series per query_range. */
const POINTS_PER_QUERY = 10_000;
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

export interface PromSource {
  client: PromClient;
  queries: PromQuery[];
  /** Seconds between rows. */
  step: number;
  /** The series followed, by key, with their labels (without __name__): fixed by the first read. */
  series?: Map<string, Record<string, string>>;
  /** More series than this at the first read is refused (a query that matches thousands). */
  maxSeries: number;
  /** Told once of each series that appears after the first read (it is not followed). */
  onNewSeries?: (key: string) => void;
  /** Keys already told of. */
  told?: Set<string>;
}

export interface FollowOptions {
  /** The first grid time to read (seconds). */
  from: number;
  /** Stop after this time (a replay of history); default: follow the live edge. */
  until?: number;
  /** Seconds behind now that a step is read (default: one step). */
  lag?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Told each retry, with the reason (credentials never in it). */
  onRetry?: (message: string) => void;
}

export { parseQueries, PromUnavailable, shownUrl, type PromClient } from '../data/prometheus.js';

export const csvHeader = (queries: PromQuery[]) => ['time', ...queries.map((q) => q.name)].join(',');

/** Rows by series, each a list of CSV lines in time order. */
export type SeriesRows = Map<string, string[]>;

/** The rows from `start` to `end` (grid times, inclusive) of each series, as CSV lines in time order. */
export async function readRows(source: PromSource, start: number, end: number): Promise<SeriesRows> {
  const out: SeriesRows = new Map();
  for (let a = start; a <= end; a += POINTS_PER_QUERY * source.step) {
    const b = Math.min(end, a + (POINTS_PER_QUERY - 1) * source.step);
    for (const [key, lines] of await readChunk(source, a, b)) {
      const into = out.get(key);
      if (into) into.push(...lines);
      else out.set(key, lines);
    }
  }
  return out;
}

async function readChunk(source: PromSource, start: number, end: number): Promise<SeriesRows> {
  const byQuery = await Promise.all(
    source.queries.map((q) => queryRange(source.client, q.expr, start, end, source.step)),
  );
  const first = source.series === undefined;
  const known = source.series ?? new Map<string, Record<string, string>>();
  // Each series' values by query: the queries joined on their labels.
  const joined = new Map<string, Map<number, string>[]>();
  byQuery.forEach((series, q) => {
    for (const s of series) {
      const key = seriesKey(s.labels);
      if (!known.has(key)) {
        if (!first) {
          newSeries(source, key);
          continue;
        }
        known.set(key, seriesLabels(s.labels));
      }
      let values = joined.get(key);
      if (!values) joined.set(key, (values = source.queries.map(() => new Map<number, string>())));
      values[q] = s.values;
    }
  });
  if (first) {
    checkSeries(source, known, joined);
    source.series = known;
  }
  const out: SeriesRows = new Map();
  for (const [key, values] of joined) {
    const times = [...new Set(values.flatMap((v) => [...v.keys()]))].sort((x, y) => x - y);
    out.set(
      key,
      times.map((t) => [isoTime(t), ...values.map((v) => cellOf(v.get(t)))].join(',')),
    );
  }
  return out;
}

/** The first read: at most --max-series series, each with a value from every query. */
function checkSeries(
  source: PromSource,
  known: Map<string, unknown>,
  joined: Map<string, Map<number, string>[]>,
): void {
  if (known.size > source.maxSeries) throw tooManySeries(known.size, source.maxSeries, 'the queries return');
  if (source.queries.length < 2) return;
  for (const [key, values] of joined) {
    const missing = source.queries.filter((_, q) => values[q]!.size === 0).map((q) => q.name);
    if (missing.length)
      throw new UsageError(
        `the series ${key} has no ${missing.join(', ')}: the queries' series do not join on their labels`,
        'give every query the same labels, e.g. sum by (instance) (…) in each',
      );
  }
}

/**
 * Refuses a query with more series than --max-series now (`time`), before its ranges are read:
 * an instant query costs a sample a series, a range read thousands.
 */
export async function checkSeriesCount(source: PromSource, time: number): Promise<void> {
  for (const q of source.queries) {
    const n = await seriesCountAt(source.client, q.expr, time);
    if (n > source.maxSeries) throw tooManySeries(n, source.maxSeries, `the query ${q.name} returns`);
  }
}

function tooManySeries(n: number, max: number, what: string): UsageError {
  return new UsageError(
    `${what} ${n} series, more than --max-series ${max} (each is learned and watched on its own)`,
    'narrow the query with a label matcher ({instance="web-1"}) or an aggregation (sum by (instance) (…)), or raise --max-series',
  );
}

function newSeries(source: PromSource, key: string): void {
  source.told ??= new Set();
  if (source.told.has(key)) return;
  source.told.add(key);
  source.onNewSeries?.(key);
}

/** Grid times from `from` on, as lines, as they become available; ends at `until` or on abort. */
export async function* followRows(source: PromSource, o: FollowOptions): AsyncGenerator<SeriesRows> {
  const now = o.now ?? (() => Date.now() / 1000);
  const sleep = o.sleep ?? abortableSleep;
  const lag = o.lag ?? source.step;
  let next = o.from;
  let failures = 0;
  while (!o.signal?.aborted && (o.until === undefined || next <= o.until)) {
    const edge = Math.min(o.until ?? Infinity, now() - lag);
    const end = next + Math.floor((edge - next) / source.step) * source.step;
    if (end < next) {
      await sleep(Math.max(10, (next + lag - now()) * 1000), o.signal);
      continue;
    }
    try {
      const rows = await readRows(source, next, end);
      failures = 0;
      next = end + source.step;
      if (rows.size) yield rows;
    } catch (err) {
      if (!(err instanceof PromUnavailable)) throw err;
      const wait = BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]!;
      o.onRetry?.(`${err.message}; retrying from ${isoTime(next)} in ${wait / 1000} s`);
      await sleep(wait, o.signal);
    }
  }
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Seconds: `60s`, `5m`, `1h`, or a plain number of seconds. */
export function parseStep(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'] : NaN;
  if (!(seconds >= 1)) throw new UsageError(`--step ${text}: expected a duration of at least 1 s (15s, 1m, 5m)`);
  return seconds;
}

/** An ISO 8601 time or epoch seconds, as epoch seconds. */
export function parseTime(text: string, flag: string): number {
  const t = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  if (!Number.isFinite(t)) throw new UsageError(`${flag} ${text}: expected an ISO 8601 time or epoch seconds`);
  return t;
}
