// Reading metrics from Prometheus' HTTP API (`/api/v1/query_range`) as the rows a watch reads:
// one time column (ISO 8601 UTC) and one column per query, each row a step of the grid
// start + k·step that Prometheus evaluates on. Several queries are joined on their labels
// (without `__name__`), so `--query cpu=… --query p99=…` of one instance is one multi-metric
// series. A step where no query has a value is no row (a gap, as in an export); a step where
// one has none leaves its cell empty (filled as any missing cell). Credentials go in headers
// only: no message here prints them, nor the URL's user part (decisions #68).
import { InputError, UsageError } from '../errors.js';

export interface PromQuery {
  /** The column's name. */
  name: string;
  /** PromQL. */
  expr: string;
}

export interface PromClient {
  /** The server's base URL, e.g. http://127.0.0.1:9090 (a path prefix is kept). */
  url: string;
  /** Authorization and the like; never printed. */
  headers: Record<string, string>;
  fetch: typeof fetch;
  /** Per request. */
  timeoutMs: number;
}

/** One series of a query's result: its labels and its values by time (seconds). */
export interface PromSeries {
  labels: Record<string, string>;
  values: Map<number, string>;
}

/** A failure worth retrying (server down, slow, 5xx, garbage) vs one that will not pass (a bad query). */
export class PromUnavailable extends Error {}

/** `--query [name=]PROMQL`: a name before `=` when it is a plain identifier, else q1, q2, … */
export function parseQueries(texts: string[]): PromQuery[] {
  const queries = texts.map((text, i) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(?!=)(.+)$/s.exec(text);
    return m ? { name: m[1]!, expr: m[2]!.trim() } : { name: `q${i + 1}`, expr: text.trim() };
  });
  const seen = new Set<string>();
  for (const q of queries) {
    if (!q.expr) throw new UsageError(`--query ${q.name}= has no PromQL`);
    if (seen.has(q.name))
      throw new UsageError(`--query: the name ${q.name} is given twice`, 'name each query: NAME=PROMQL');
    seen.add(q.name);
  }
  return queries;
}

/** The URL as it may be printed: no user or password. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(an invalid URL)';
  }
}

/** The result of query_range from `start` to `end` (seconds, inclusive) every `step` seconds. */
export async function queryRange(
  client: PromClient,
  expr: string,
  start: number,
  end: number,
  step: number,
): Promise<PromSeries[]> {
  const form = { query: expr, start: String(start), end: String(end), step: String(step) };
  const { result, where } = await apiResult(client, 'query_range', form, 'matrix');
  return result.map((s) => seriesOf(s, where));
}

/**
 * How many series `expr` has at `time` (an instant query: one sample a series), so that a query
 * matching thousands is refused before their ranges are read into memory.
 */
export async function seriesCountAt(client: PromClient, expr: string, time: number): Promise<number> {
  return (await apiResult(client, 'query', { query: expr, time: String(time) }, 'vector')).result.length;
}

/** POSTs to /api/v1/PATH; a result of `type`, or the error that says what went wrong. */
async function apiResult(
  client: PromClient,
  api: string,
  fields: Record<string, string>,
  type: 'matrix' | 'vector',
): Promise<{ result: unknown[]; where: string }> {
  const url = new URL(client.url.replace(/\/$/, '') + '/api/v1/' + api);
  url.username = '';
  url.password = '';
  const where = shownUrl(client.url);
  let res: Response;
  try {
    res = await client.fetch(url, {
      method: 'POST',
      headers: { ...client.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
      signal: AbortSignal.timeout(client.timeoutMs),
    });
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? `no answer in ${client.timeoutMs / 1000} s` : causeOf(err);
    throw new PromUnavailable(`Prometheus at ${where}: ${why}`);
  }
  const text = await res.text().catch(() => '');
  let body: { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new PromUnavailable(`Prometheus at ${where} answered HTTP ${res.status} with no JSON (${text.slice(0, 80)})`);
  }
  if (res.status === 400 || res.status === 422)
    throw new InputError(
      `Prometheus at ${where} refused the query ${JSON.stringify(fields.query)}: ${body.error ?? res.statusText}`,
    );
  if (res.status === 401 || res.status === 403)
    throw new InputError(`Prometheus at ${where} said HTTP ${res.status}: check the credentials`);
  if (!res.ok || body.status !== 'success')
    throw new PromUnavailable(`Prometheus at ${where} answered HTTP ${res.status}: ${body.error ?? 'no result'}`);
  if (body.data?.resultType !== type || !Array.isArray(body.data.result))
    throw new PromUnavailable(
      `Prometheus at ${where} answered without a ${type} (resultType ${body.data?.resultType})`,
    );
  return { result: body.data.result, where };
}

function seriesOf(raw: unknown, where: string): PromSeries {
  const s = raw as { metric?: Record<string, string>; values?: unknown[] };
  if (!s || typeof s.metric !== 'object' || !Array.isArray(s.values))
    throw new PromUnavailable(`Prometheus at ${where} answered a series without metric or values`);
  const values = new Map<number, string>();
  for (const v of s.values) {
    if (!Array.isArray(v) || typeof v[0] !== 'number' || typeof v[1] !== 'string')
      throw new PromUnavailable(`Prometheus at ${where} answered a sample that is not [time, "value"]`);
    values.set(v[0], v[1]);
  }
  return { labels: s.metric, values };
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** The labels that name a series across queries: all but the metric's name, in key order. */
export function seriesLabels(labels: Record<string, string>): Record<string, string> {
  const keys = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort();
  return Object.fromEntries(keys.map((k) => [k, labels[k]!]));
}

export function seriesKey(labels: Record<string, string>): string {
  const named = seriesLabels(labels);
  return (
    '{' +
    Object.entries(named)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',') +
    '}'
  );
}

/** A sample as a CSV cell: Prometheus' text of it, or empty when it is not a finite number. */
export function cellOf(value: string | undefined): string {
  if (value === undefined) return '';
  const x = Number(value);
  return Number.isFinite(x) ? value : '';
}

export const isoTime = (seconds: number) => new Date(seconds * 1000).toISOString();
