// `ae watch --prometheus URL --query …`: the learning span read from Prometheus, then its live
// edge followed, handed to the watch as the stream `ae watch -` reads (src/scan/prometheus-source.ts).
// Restarted with --model DIR, it goes on from the step after the newest one the saved watch read.
import { promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { InputError, UsageError } from '../../errors.js';
import {
  csvHeader,
  followRows,
  parseQueries,
  parseStep,
  parseTime,
  PromUnavailable,
  readRows,
  shownUrl,
  type PromClient,
  type PromSource,
} from '../../scan/prometheus-source.js';
import { parseLearn } from '../../scan/watch.js';
import type { LearnPart } from '../../scan/fit-file.js';
import type { WatchState } from '../../scan/watch-run.js';
import type { Context } from '../context.js';

export interface PrometheusFlags {
  prometheus?: string;
  query?: string[];
  step?: string;
  from?: string;
  until?: string;
  bearerTokenFile?: string;
  learn?: string;
  model?: string;
}

export interface PrometheusInput {
  /** The rows, as a CSV stream: header, the learning rows, then the live ones. */
  stream: Readable;
  /** The learning rows' count (none when resuming a saved watch). */
  learn?: LearnPart;
  /** Ends the stream (Ctrl-C). */
  stop: () => void;
  /** The series' labels (without __name__), once read. */
  labels: () => Record<string, string>;
}

const DEFAULT_LEARN_STEPS = 750;

export async function prometheusInput(
  ctx: Context,
  flags: PrometheusFlags,
  saved: WatchState | null,
): Promise<PrometheusInput> {
  if (!flags.query?.length) throw new UsageError('--prometheus needs --query PROMQL (or NAME=PROMQL, repeated)');
  const step = parseStep(flags.step ?? '60s');
  const source: PromSource = {
    client: await clientOf(flags.prometheus!, flags.bearerTokenFile),
    queries: parseQueries(flags.query),
    step,
  };
  const header = csvHeader(source.queries);
  const until = flags.until !== undefined ? parseTime(flags.until, '--until') : undefined;
  const stopper = new AbortController();
  let learnLines: string[] = [];
  let from: number;
  let learn: LearnPart | undefined;
  if (flags.model) {
    from = lastTime(flags.model, saved) + step;
  } else {
    const span = learnSeconds(flags.learn, step);
    const start = flags.from !== undefined ? parseTime(flags.from, '--from') : Date.now() / 1000 - span;
    from = Math.floor(start / step) * step;
    const learnEnd = from + span - step;
    learnLines = await fetchOrExplain(() => readRows(source, from, learnEnd));
    if (!learnLines.length)
      throw new InputError(`no samples from ${from} to ${learnEnd} for the queries`, {
        file: shownUrl(source.client.url),
      });
    ctx.log.info(`ae: learning from ${learnLines.length} steps of ${step} s read from ${shownUrl(source.client.url)}`);
    learn = { rows: learnLines.length };
    from = learnEnd + step;
  }
  const rows = followRows(source, {
    from,
    ...(until !== undefined ? { until } : {}),
    signal: stopper.signal,
    onRetry: (m) => ctx.log.warn(m),
  });
  const stream = Readable.from(
    (async function* () {
      yield Buffer.from([header, ...learnLines].join('\n') + '\n');
      for await (const lines of rows) yield Buffer.from(lines.join('\n') + '\n');
    })(),
  );
  return { stream, ...(learn ? { learn } : {}), stop: () => stopper.abort(), labels: () => source.labels ?? {} };
}

async function clientOf(url: string, tokenFile: string | undefined): Promise<PromClient> {
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
function learnSeconds(text: string | undefined, step: number): number {
  const part = text === undefined ? { rows: DEFAULT_LEARN_STEPS } : parseLearn(text);
  if ('rows' in part) return part.rows * step;
  if ('duration' in part) return part.duration / 1000;
  throw new UsageError('--learn with --prometheus is a number of steps or a span (7d, 36h), not a percentage');
}

/** At the start a server that cannot answer is an error: nothing has been learned to go on with. */
async function fetchOrExplain<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof PromUnavailable) throw new InputError(err.message);
    throw err;
  }
}

/** The newest time the saved watch read: the last of the lines it keeps to go on from. */
function lastTime(dir: string, state: WatchState | null): number {
  const last = state?.context.at(-1)?.split(',')[0];
  const t = last ? Date.parse(last) / 1000 : NaN;
  if (!Number.isFinite(t))
    throw new InputError('has no watch state with a last time to go on from (was it a --prometheus watch?)', {
      file: dir,
    });
  return t;
}
