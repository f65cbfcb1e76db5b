// `ae watch --prometheus URL --query …`: Prometheus as the watch's input. The learning span is
// read first (its rows are what the watch learns from), then the live edge is followed a step
// at a time, one step behind it so late scrapes are in; the rows go to the watch as the CSV
// text a file of the same values would hold, so records equal those of a CSV watch. A request
// that fails (server down, slow, garbage) is retried with backoff from the same step: no step
// is skipped, and the watch catches up when the server returns (decisions #68).
import { UsageError } from '../errors.js';
import {
  cellOf,
  isoTime,
  PromUnavailable,
  queryRange,
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
  /** The series' key once known (every poll must return the same one). */
  key?: string | null;
  /** Its labels (without __name__), for alerts. */
  labels?: Record<string, string>;
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

/** The rows from `start` to `end` (grid times, inclusive), as CSV lines in time order. */
export async function readRows(source: PromSource, start: number, end: number): Promise<string[]> {
  const lines: string[] = [];
  for (let a = start; a <= end; a += POINTS_PER_QUERY * source.step) {
    const b = Math.min(end, a + (POINTS_PER_QUERY - 1) * source.step);
    lines.push(...(await readChunk(source, a, b)));
  }
  return lines;
}

async function readChunk(source: PromSource, start: number, end: number): Promise<string[]> {
  const byQuery = await Promise.all(
    source.queries.map((q) => queryRange(source.client, q.expr, start, end, source.step)),
  );
  const values = byQuery.map((series) => {
    for (const s of series) {
      checkKey(source, seriesKey(s.labels));
      source.labels ??= seriesLabels(s.labels);
    }
    return series[0]?.values ?? new Map<number, string>();
  });
  const times = [...new Set(values.flatMap((v) => [...v.keys()]))].sort((x, y) => x - y);
  return times.map((t) => [isoTime(t), ...values.map((v) => cellOf(v.get(t)))].join(','));
}

/** One series per watch: a second label set is refused, with how to narrow the query. */
function checkKey(source: PromSource, key: string): void {
  if (source.key === undefined || source.key === null) source.key = key;
  else if (source.key !== key)
    throw new UsageError(
      `the queries return more than one series (${source.key} and ${key}); a Prometheus watch follows one`,
      'narrow each query to one series: a label matcher ({instance="web-1"}) or an aggregation (sum by () (…))',
    );
}

/** Grid times from `from` on, as lines, as they become available; ends at `until` or on abort. */
export async function* followRows(source: PromSource, o: FollowOptions): AsyncGenerator<string[]> {
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
      const lines = await readRows(source, next, end);
      failures = 0;
      next = end + source.step;
      if (lines.length) yield lines;
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
