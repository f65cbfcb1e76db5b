// What a Prometheus watch needs before it reads: a client with its credentials (never printed),
// the learning span, and where a saved watch goes on from — a state per series, in the folder
// (one series) or in a folder per series inside it (several).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../../errors.js';
import {
  checkSeriesCount,
  PromUnavailable,
  shownUrl,
  type PromClient,
  type PromSource,
  type SeriesRows,
} from '../../scan/prometheus-source.js';
import { seriesKey } from '../../data/prometheus.js';
import { parseLearn } from '../../scan/watch.js';
import { readWatchState, type WatchState } from '../../scan/watch-run.js';
import type { Incident } from '../../detect/incidents.js';

const DEFAULT_LEARN_STEPS = 750;

export async function clientOf(url: string, tokenFile: string | undefined): Promise<PromClient> {
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--prometheus ${shownUrl(url)} is not a URL (http://HOST:9090)`);
  }
  const headers: Record<string, string> = {};
  if (tokenFile) {
    const token = (
      await fsp.readFile(tokenFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new InputError(`cannot read the token file (${err.code ?? err.message})`, { file: tokenFile });
      })
    ).trim();
    if (!token) throw new InputError('the token file is empty', { file: tokenFile });
    headers.authorization = `Bearer ${token}`;
  } else {
    const u = new URL(url);
    if (u.username)
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  }
  return { url, headers, fetch: globalThis.fetch, timeoutMs: 30_000 };
}

/** --learn for Prometheus: steps or a span, in seconds (a share of an endless input means nothing). */
export function learnRead(text: string | undefined, step: number): number {
  const part = text === undefined ? { rows: DEFAULT_LEARN_STEPS } : parseLearn(text);
  if ('rows' in part) return part.rows * step;
  if ('duration' in part) return part.duration / 1000;
  throw new UsageError('--learn with --prometheus is a number of steps or a span (7d, 36h), not a percentage');
}

/** At the start a server that cannot answer is an error: nothing has been learned to go on with. */
async function atStart<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof PromUnavailable) throw new InputError(err.message);
    throw err;
  }
}

/** The learning read, after the series are counted: too many, or none, is an error. */
export async function fetchOrExplain(
  source: PromSource,
  from: number,
  end: number,
  read: () => Promise<SeriesRows>,
): Promise<SeriesRows> {
  await atStart(() => checkSeriesCount(source, end));
  const rows = await atStart(read);
  if (!rows.size)
    throw new InputError(`no samples from ${from} to ${end} for the queries`, { file: shownUrl(source.client.url) });
  return rows;
}

/** The newest time a saved watch read: the last of the lines it keeps to go on from. */
export function lastTime(dir: string, state: WatchState | null): number {
  const last = state?.context.at(-1)?.split(',')[0];
  const t = last ? Date.parse(last) / 1000 : NaN;
  if (!Number.isFinite(t))
    throw new InputError('has no watch state with a last time to go on from (was it a --prometheus watch?)', {
      file: dir,
    });
  return t;
}

export interface SavedSeries {
  /** A folder per series. */
  grouped: boolean;
  /** Each series the saved watch followed, by key: its labels and the newest time it read. */
  series: Map<string, { labels: Record<string, string>; last: number; open?: Incident }>;
}

/** The series a saved Prometheus watch followed: its own state's, or each series folder's. */
export async function savedSeries(dir: string, saved: WatchState | null): Promise<SavedSeries> {
  const series: SavedSeries['series'] = new Map();
  if (saved) {
    if (saved.series) series.set(seriesKey(saved.series), { labels: saved.series, last: lastTime(dir, saved) });
    return { grouped: false, series };
  }
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const sub = path.join(dir, e.name);
    const state = await readWatchState(sub);
    const open = state?.collector.incidents?.open;
    if (state?.series)
      series.set(seriesKey(state.series), {
        labels: state.series,
        last: lastTime(sub, state),
        ...(open ? { open } : {}),
      });
  }
  if (!series.size) lastTime(dir, null); // the error: nothing to go on from
  return { grouped: true, series };
}
