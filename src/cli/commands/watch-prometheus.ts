// `ae watch --prometheus URL --query …`: the learning span read from Prometheus, then its live
// edge followed, handed to the watch as the stream `ae watch -` reads (src/scan/prometheus-source.ts).
// Each series of the result is its own stream: one series is watched as a stream is; several
// each as a group (src/scan/watch-live-groups.ts). Restarted with --model DIR, each series goes
// on from the step after the newest one its saved watch read.
import { PassThrough, type Readable } from 'node:stream';
import { UsageError } from '../../errors.js';
import {
  csvHeader,
  followRows,
  parseQueries,
  parseStep,
  parseTime,
  readRows,
  type PromSource,
  type SeriesRows,
} from '../../scan/prometheus-source.js';
import type { LearnPart } from '../../scan/fit-file.js';
import { stepsToLearn, WATCH_DEFAULTS } from '../../scan/watch.js';
import type { WatchState } from '../../scan/watch-run.js';
import type { Context } from '../context.js';
import type { Incident } from '../../detect/incidents.js';
import { clientOf, fetchOrExplain, lastTime, learnRead, savedSeries } from './prometheus-setup.js';

export interface PrometheusFlags {
  prometheus?: string;
  query?: string[];
  step?: string;
  from?: string;
  until?: string;
  bearerTokenFile?: string;
  learn?: string;
  model?: string;
  maxSeries?: number;
  /** The window lengths the watch will learn (a series needs two of the longest). */
  window?: number[] | 'auto';
}

export interface SeriesInput {
  /** The series' labels as one text ({instance="web-1",job="node"}): records' `group`. */
  key: string;
  labels: Record<string, string>;
  /** Its rows, as a CSV stream: header, the learning rows, then the live ones. */
  stream: Readable;
  /** The learning rows' count (none when resuming a saved watch). */
  learn?: LearnPart;
}

export interface PrometheusInput {
  series: SeriesInput[];
  /** Several series (or a saved watch of several): each watched as a group of its own. */
  grouped: boolean;
  /** Ends the streams (Ctrl-C). */
  stop: () => void;
  /** Incidents the saved series' watches left open (grouped), each with its series as group. */
  resumedOpen: Incident[];
  /** A record's or incident's series labels (by its group, the key, when grouped). */
  labelsOf: (group?: string) => Record<string, string>;
}

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
    maxSeries: flags.maxSeries ?? WATCH_DEFAULTS.maxSeries,
    onNewSeries: (key) => ctx.log.warn(`ae watch: a new series ${key} is not followed (restart the watch to learn it)`),
  };
  const header = csvHeader(source.queries);
  const until = flags.until !== undefined ? parseTime(flags.until, '--until') : undefined;
  const stopper = new AbortController();
  // Where each series goes on from (resumed) and what it learns from (not).
  let learned: SeriesRows = new Map();
  const after = new Map<string, number>();
  let from: number;
  let grouped: boolean;
  const resumedOpen: Incident[] = [];
  if (flags.model) {
    const resumed = await savedSeries(flags.model, saved);
    grouped = resumed.grouped;
    if (resumed.series.size) source.series = new Map([...resumed.series].map(([k, s]) => [k, s.labels]));
    for (const [k, s] of resumed.series) {
      after.set(k, s.last);
      if (grouped && s.open) resumedOpen.push({ ...s.open, group: k });
    }
    from = (resumed.series.size ? Math.min(...after.values()) : lastTime(flags.model, saved)) + step;
  } else {
    const span = learnRead(flags.learn, step);
    const start = flags.from !== undefined ? parseTime(flags.from, '--from') : Date.now() / 1000 - span;
    from = Math.floor(start / step) * step;
    const learnEnd = from + span - step;
    learned = await fetchOrExplain(source, from, learnEnd, () => readRows(source, from, learnEnd));
    grouped = learned.size > 1;
    if (grouped) learned = withHistory(ctx, source, learned, stepsToLearn(flags.window ?? WATCH_DEFAULTS.window));
    const counts = [...learned.values()].map((l) => l.length);
    const [few, most] = [Math.min(...counts), Math.max(...counts)];
    const steps = few === most ? `${few}` : `${few} to ${most}`;
    ctx.log.info(`ae: learning from ${steps} steps of ${step} s of ${learned.size} series`);
    from = learnEnd + step;
  }
  const keys = [...(source.series?.keys() ?? [])];
  const streams = new Map(keys.map((k) => [k, new PassThrough()]));
  for (const [k, s] of streams) s.write([header, ...(learned.get(k) ?? [])].join('\n') + '\n');
  // A single series resumed from a state without its labels (an older ae's) takes the first read.
  const single = !grouped && keys.length === 0 ? new PassThrough() : null;
  if (single) single.write(header + '\n');
  let lockedKey: string | undefined;
  void pump(
    followRows(source, {
      from,
      ...(until !== undefined ? { until } : {}),
      signal: stopper.signal,
      onRetry: (m) => ctx.log.warn(m),
    }),
    (key) => streams.get(key) ?? (single && (lockedKey ??= key) === key ? single : null),
    (key) => after.get(key),
    [...streams.values(), ...(single ? [single] : [])],
  );
  // Read when asked: a state without labels learns its series' from the first read.
  const labelsOf = (key: string) => source.series?.get(key);
  return {
    series: single
      ? [{ key: '', labels: {}, stream: single }]
      : keys.map((key) => ({
          key,
          labels: labelsOf(key)!,
          stream: streams.get(key)!,
          ...(learned.has(key) ? { learn: { rows: learned.get(key)!.length } } : {}),
        })),
    grouped,
    resumedOpen,
    stop: () => stopper.abort(),
    labelsOf: (group) => labelsOf(group ?? keys[0] ?? lockedKey ?? '') ?? {},
  };
}

/**
 * Several series: one with too few steps in the learning span to learn from (a host added late)
 * is named and not followed, rather than failing the others' watches.
 */
function withHistory(ctx: Context, source: PromSource, learned: SeriesRows, least: number): SeriesRows {
  const kept: SeriesRows = new Map();
  for (const [key, lines] of learned) {
    if (lines.length >= least) kept.set(key, lines);
    else {
      ctx.log.warn(
        `ae watch: the series ${key} has ${lines.length} steps in the learning span, fewer than ${least} to learn from: not followed`,
      );
      source.series!.delete(key);
      (source.told ??= new Set()).add(key); // later reads leave it out without a word
    }
  }
  if (!kept.size)
    throw new UsageError(`no series has ${least} steps in the learning span to learn from`, 'a longer --learn');
  return kept;
}

/** Hands each series' new lines to its stream (after its resume point); ends or fails them all. */
async function pump(
  rows: AsyncGenerator<SeriesRows>,
  streamOf: (key: string) => PassThrough | null | undefined,
  resumeAfter: (key: string) => number | undefined,
  all: PassThrough[],
): Promise<void> {
  try {
    for await (const batch of rows)
      for (const [key, lines] of batch) {
        const last = resumeAfter(key);
        const fresh =
          last === undefined ? lines : lines.filter((l) => Date.parse(l.slice(0, l.indexOf(','))) / 1000 > last);
        if (fresh.length) streamOf(key)?.write(fresh.join('\n') + '\n');
      }
    for (const s of all) s.end();
  } catch (err) {
    for (const s of all) s.destroy(err as Error);
  }
}
