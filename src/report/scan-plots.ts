// Plots written by `ae scan --out`: the score histogram and, as in the seed, every series in
// one colour with the flagged ones in red.
import type { TopLevelSpec } from 'vega-lite';
import type { Thresholds } from '../detect/thresholds.js';
import { histogramSpec } from './histogram.js';
import { timeOf } from '../data/time-columns.js';
import { timeAxisTitle, wallTime, xScale } from './time-axis.js';
import { learnedRule, likelihoodPanel } from './likelihood-panel.js';
import type { PlotSample } from '../scan/plot-sample.js';
import { chartBase, writeChart } from './render.js';

export interface ScanPlotInput {
  scores: ArrayLike<number>;
  thresholds: Thresholds;
  flagged: { index: number; tail: 'high' | 'low'; start?: number; end?: number }[];
  /** The data to draw, when it was kept (see PlotSample). */
  sample?: PlotSample;
  /** A series' metric names, in the sample's order (its columns). */
  metricNames?: string[];
  /** Flagged by likelihood ≥ this (a likelihood panel is drawn under the metrics). */
  likelihood?: number;
  /** Data lines a model learned from first (marked where learning ended). */
  learnedLines?: number;
}

export async function writeScanPlots(dir: string, plot: ScanPlotInput): Promise<void> {
  await writeChart(dir, 'histogram', histogramSpec([{ name: 'all samples', scores: plot.scores }], plot.thresholds));
  const sample = plot.sample;
  const timed = sample?.seriesKept && timeAxis(sample.lineIds) !== null;
  if (sample && (sample.windowed || timed) && sample.lines > 0) await writeChart(dir, 'series', longSeriesSpec(plot));
  else if (sample && sample.rows.length > 0) await writeChart(dir, 'series', seriesSpec(plot));
}

/** Rows as lines over their column positions: normal ones faint, flagged ones in their tail's colour. */
export function seriesSpec(plot: ScanPlotInput): TopLevelSpec {
  const rows = plot.sample!.rows;
  const shown = columnsThatMatter(rows, MAX_PLOT_COLUMNS);
  const values: { row: number; t: number; v: number; kind: string }[] = [];
  for (const r of rows) {
    const kind = r.tail ?? 'normal';
    for (const t of shown) values.push({ row: r.index, t, v: Number(r.values[t]!.toPrecision(4)), kind });
  }
  const width = rows[0]?.values.length ?? 0;
  const title =
    shown.length < width
      ? `Series: the ${shown.length} of ${width} columns where flagged rows differ most (high in red, low in green)`
      : 'Series (flagged: high in red, low in green)';
  return {
    ...chartBase(title, 560, 300),
    data: { values },
    mark: { type: 'line', strokeWidth: 0.8 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'position', scale: { nice: false } },
      y: { field: 'v', type: 'quantitative', title: 'value', scale: { zero: false } },
      detail: { field: 'row' },
      color: {
        field: 'kind',
        type: 'nominal',
        title: null,
        // The legend lists a tail only when there is a threshold for it.
        scale: plot.thresholds.low
          ? { domain: ['normal', 'high', 'low'], range: ['#9ecae1', '#d62728', '#2ca02c'] }
          : { domain: ['normal', 'high'], range: ['#9ecae1', '#d62728'] },
      },
      opacity: { condition: { test: "datum.kind != 'normal'", value: 1 }, value: 0.35 },
      order: { field: 'kind', sort: 'descending' },
    },
  } as TopLevelSpec;
}

/** Columns drawn at most in the rows plot: 2,000 columns made a 46 MB spec and 15 s of drawing. */
export const MAX_PLOT_COLUMNS = 200;

/**
 * The columns to draw (positions, in order): all of them up to `max`; beyond, those where the
 * flagged rows' mean lies furthest from the others', in units of the others' spread (all the
 * first ones when nothing was flagged).
 */
export function columnsThatMatter(rows: { values: Float32Array; tail: unknown }[], max: number): number[] {
  const width = rows[0]?.values.length ?? 0;
  const all = Array.from({ length: width }, (_, j) => j);
  if (width <= max) return all;
  const flagged = rows.filter((r) => r.tail);
  const normal = rows.filter((r) => !r.tail);
  if (flagged.length === 0 || normal.length < 2) return all.slice(0, max);
  const mean = (rs: typeof rows, j: number) => rs.reduce((a, r) => a + r.values[j]!, 0) / rs.length;
  const gap = all.map((j) => {
    const m = mean(normal, j);
    const sd = Math.sqrt(normal.reduce((a, r) => a + (r.values[j]! - m) ** 2, 0) / (normal.length - 1)) || 1;
    return Math.abs(mean(flagged, j) - m) / sd;
  });
  return all
    .sort((a, b) => gap[b]! - gap[a]!)
    .slice(0, max)
    .sort((a, b) => a - b);
}

/** Points drawn at most in the long-series plot (two per bucket: its minimum and maximum). */
const MAX_POINTS = 4000;

/**
 * A series (windows of one or several metrics, or rows keyed by time): each metric as a line in
 * a panel of its own (own y scale, named by its column), flagged spans shaded in every panel —
 * red for high, green for low. With ids that read as times, the x axis is time.
 */
export function longSeriesSpec(plot: ScanPlotInput): TopLevelSpec {
  const sample = plot.sample!;
  const length = sample.lines;
  const step = Math.max(1, Math.ceil((2 * length) / MAX_POINTS));
  const times = timeAxis(sample.lineIds) ? lineTimes(sample.lineIds, length) : null;
  const at = (line: number) => (times ? times[line - sample.first]! : line);
  const spans = plot.flagged.map((f) =>
    f.start !== undefined && f.end !== undefined ? f : { ...f, start: f.index, end: f.index + 1 },
  );
  const bands = mergeSpans(spans).map((f) => ({
    start: at(f.start),
    end: at(times ? f.end - 1 : f.end),
    tail: f.tail,
  }));
  const xType = times ? 'temporal' : 'quantitative';
  const xTitle = times ? timeAxisTitle(sample.lineIds) : 'data row';
  const learned =
    plot.learnedLines !== undefined && plot.learnedLines > sample.first && plot.learnedLines - sample.first < length
      ? at(plot.learnedLines)
      : null;
  const names = plot.metricNames ?? [];
  const panels: Panel[] = Array.from({ length: sample.metrics }, (_, m) => {
    const series = sample.metric(m);
    const line = extremesPerBucket(series, step).map((i) => ({
      row: at(i + sample.first),
      v: Number(series[i]!.toPrecision(4)),
    }));
    const name = names[m] ?? (sample.metrics > 1 ? `column ${m + 1}` : 'value');
    const drawn = panel(
      name,
      line,
      bands,
      xType,
      xTitle,
      sample.metrics > 1 ? 140 : 260,
      plot.thresholds.low !== undefined,
    );
    if (learned !== null) drawn.layer.push(learnedRule(learned, xType));
    return drawn;
  });
  const tails = plot.likelihood !== undefined ? sample.likelihoodTails() : null;
  if (tails) {
    const points = extremesPerBucket(tails, step).map((i) => ({ row: at(i + sample.first), tail: tails[i]! }));
    panels.push(likelihoodPanel(points, bands, plot.likelihood!, xType, xTitle, learned));
  }
  const title = `Series with flagged ${sample.windowed ? 'windows' : 'rows'} (high in red, low in green)`;
  const base = chartBase(title, 720, 260);
  if (panels.length === 1) return { ...base, ...panels[0]! } as TopLevelSpec;
  const { width: _w, height: _h, ...rest } = base;
  return { ...rest, vconcat: panels, resolve: { scale: { x: 'shared' } } } as TopLevelSpec;
}

/** One panel of a vertical stack: its layers are vega-lite layer specs. */
interface Panel {
  width: number;
  height: number;
  layer: unknown[];
}

function panel(
  name: string,
  line: { row: number; v: number }[],
  bands: { start: number; end: number; tail: string }[],
  xType: 'temporal' | 'quantitative',
  xTitle: string,
  height: number,
  withLow: boolean,
): Panel {
  return {
    width: 720,
    height,
    layer: [
      {
        data: { values: bands },
        mark: { type: 'rect', opacity: 0.3 },
        encoding: {
          x: { field: 'start', type: xType, scale: xScale(xType) },
          x2: { field: 'end' },
          color: {
            field: 'tail',
            type: 'nominal',
            title: 'flagged',
            scale: withLow
              ? { domain: ['high', 'low'], range: ['#d62728', '#2ca02c'] }
              : { domain: ['high'], range: ['#d62728'] },
          },
        },
      },
      {
        data: { values: line },
        mark: { type: 'line', strokeWidth: 1, color: '#1f77b4' },
        encoding: {
          x: { field: 'row', type: xType, title: xTitle, scale: xScale(xType) },
          y: { field: 'v', type: 'quantitative', title: name, scale: { zero: false } },
        },
      },
    ],
  };
}

/**
 * Each line's time in ms. Streaming scans know the ids of window ends only (every line with
 * stride 1); lines between two known ones are placed linearly between them.
 */
export function lineTimes(ids: (string | undefined)[], length: number): Float64Array {
  const t = new Float64Array(length).fill(NaN);
  const known: number[] = [];
  for (let i = 0; i < length; i++) {
    const id = ids[i];
    if (id !== undefined) {
      t[i] = wallTime(id)!;
      known.push(i);
    }
  }
  for (let k = 0; k + 1 < known.length; k++) {
    const [a, b] = [known[k]!, known[k + 1]!];
    for (let i = a + 1; i < b; i++) t[i] = t[a]! + ((t[b]! - t[a]!) * (i - a)) / (b - a);
  }
  // Before the first and after the last known line: the nearest step continued.
  const [first, last] = [known[0], known.at(-1)];
  if (first !== undefined && last !== undefined && known.length > 1) {
    const dt = (t[last]! - t[first]!) / (last - first);
    for (let i = 0; i < first; i++) t[i] = t[first]! - dt * (first - i);
    for (let i = last + 1; i < length; i++) t[i] = t[last]! + dt * (i - last);
  }
  return t;
}

/** With ids that all read as times (dates, epoch seconds or ms), the plot's x axis is time ('time'); otherwise null. */
export function timeAxis(lineIds: (string | undefined)[] | undefined): string | null {
  const ids = lineIds?.filter((id) => id !== undefined);
  if (!ids || ids.length === 0) return null;
  const step = Math.max(1, Math.floor(ids.length / 50));
  for (let i = 0; i < ids.length; i += step) {
    if (timeOf(ids[i]!) === null) return null;
  }
  return 'time';
}

/** Flagged windows of one tail that overlap or touch, as one span (one band per incident). */
function mergeSpans(flagged: ScanPlotInput['flagged']): { start: number; end: number; tail: 'high' | 'low' }[] {
  const spans: { start: number; end: number; tail: 'high' | 'low' }[] = [];
  for (const f of flagged) {
    if (f.start === undefined || f.end === undefined) continue;
    const last = spans.at(-1);
    if (last && last.tail === f.tail && f.start <= last.end) last.end = Math.max(last.end, f.end);
    else spans.push({ start: f.start, end: f.end, tail: f.tail });
  }
  return spans;
}

/**
 * Thinning that keeps what matters: for every bucket of `step` points, the positions of its
 * smallest and largest values, in order — a one-sample spike survives any amount of thinning.
 */
export function extremesPerBucket(series: ArrayLike<number>, step: number): number[] {
  const out: number[] = [];
  for (let a = 0; a < series.length; a += step) {
    let lo = -1;
    let hi = -1;
    for (let i = a; i < Math.min(a + step, series.length); i++) {
      const v = series[i]!;
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < series[lo]!) lo = i;
      if (hi < 0 || v > series[hi]!) hi = i;
    }
    if (lo < 0) continue;
    if (lo === hi) out.push(lo);
    else out.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return out;
}
