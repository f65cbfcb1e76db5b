// Plots written by `ae scan --out`: the score histogram and, as in the seed, every series in
// one colour with the flagged ones in red.
import type { TopLevelSpec } from 'vega-lite';
import type { Thresholds } from '../detect/thresholds.js';
import { histogramSpec } from './histogram.js';
import { chartBase, writeChart } from './render.js';

export interface ScanPlotInput {
  scores: number[];
  thresholds: Thresholds;
  /** Row-major sample values (rows × width) when they are in memory. */
  values?: Float32Array;
  flagged: { index: number; tail: 'high' | 'low'; start?: number; end?: number }[];
  /** For windows of one long series: each window's data-row range, and each line's id (--id). */
  windows?: { start: Int32Array; end: Int32Array; lineIds?: string[] };
}

/** At most this many unflagged series are drawn: beyond it the picture is a solid band anyway. */
const MAX_NORMAL_LINES = 300;

export async function writeScanPlots(dir: string, plot: ScanPlotInput): Promise<void> {
  await writeChart(dir, 'histogram', histogramSpec([{ name: 'all samples', scores: plot.scores }], plot.thresholds));
  if (plot.values && plot.scores.length > 0)
    await writeChart(dir, 'series', plot.windows ? longSeriesSpec(plot) : seriesSpec(plot));
}

export function seriesSpec(plot: ScanPlotInput): TopLevelSpec {
  const width = plot.values!.length / plot.scores.length;
  const tails = new Map(plot.flagged.map((f) => [f.index, f.tail]));
  const values: { row: number; t: number; v: number; kind: string }[] = [];
  let normals = 0;
  for (let r = 0; r < plot.scores.length; r++) {
    const kind = tails.get(r) ?? 'normal';
    if (kind === 'normal' && normals++ >= MAX_NORMAL_LINES) continue;
    for (let t = 0; t < width; t++)
      values.push({ row: r, t, v: Number(plot.values![r * width + t]!.toPrecision(4)), kind });
  }
  return {
    ...chartBase('Series (flagged: high in red, low in green)', 560, 300),
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
        scale: { domain: ['normal', 'high', 'low'], range: ['#9ecae1', '#d62728', '#2ca02c'] },
      },
      opacity: { condition: { test: "datum.kind != 'normal'", value: 1 }, value: 0.35 },
      order: { field: 'kind', sort: 'descending' },
    },
  } as TopLevelSpec;
}

/** Points drawn at most in the long-series plot (two per bucket: its minimum and maximum). */
const MAX_POINTS = 4000;

/**
 * One long series cut into windows: the series as a line (rebuilt from the windows), flagged
 * windows as shaded bands — red for high, green for low.
 */
export function longSeriesSpec(plot: ScanPlotInput): TopLevelSpec {
  const w = plot.windows!;
  const size = plot.values!.length / plot.scores.length;
  const length = w.end.length ? w.end[w.end.length - 1]! - w.start[0]! : 0;
  const series = new Float64Array(length).fill(NaN);
  for (let k = 0; k < w.start.length; k++) {
    for (let j = 0; j < size; j++) series[w.start[k]! - w.start[0]! + j] = plot.values![k * size + j]!;
  }
  const step = Math.max(1, Math.ceil((2 * length) / MAX_POINTS));
  const axis = timeAxis(w.lineIds);
  const at = (line: number) => (axis ? w.lineIds![line] : line);
  const line = [];
  for (const i of extremesPerBucket(series, step)) {
    line.push({ row: at(i + w.start[0]!), v: Number(series[i]!.toPrecision(4)) });
  }
  const bands = mergeSpans(plot.flagged).map((f) => ({
    start: at(f.start),
    end: at(axis ? f.end - 1 : f.end),
    tail: f.tail,
  }));
  const xType = axis ? 'temporal' : 'quantitative';
  const xTitle = axis ? axis : 'data row';
  return {
    ...chartBase('Series with flagged windows (high in red, low in green)', 720, 260),
    layer: [
      {
        data: { values: bands },
        mark: { type: 'rect', opacity: 0.3 },
        encoding: {
          x: { field: 'start', type: xType, scale: { nice: false } },
          x2: { field: 'end' },
          color: {
            field: 'tail',
            type: 'nominal',
            title: 'flagged',
            scale: { domain: ['high', 'low'], range: ['#d62728', '#2ca02c'] },
          },
        },
      },
      {
        data: { values: line },
        mark: { type: 'line', strokeWidth: 1, color: '#1f77b4' },
        encoding: {
          x: { field: 'row', type: xType, title: xTitle, scale: { nice: false } },
          y: { field: 'v', type: 'quantitative', title: 'value', scale: { zero: false } },
        },
      },
    ],
  } as TopLevelSpec;
}

/** With ids that all read as dates, the plot's x axis is time ('time'); otherwise null. */
export function timeAxis(ids: string[] | undefined): string | null {
  if (!ids || ids.length === 0) return null;
  const step = Math.max(1, Math.floor(ids.length / 50));
  for (let i = 0; i < ids.length; i += step) {
    const id = ids[i];
    if (id === undefined || !/\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}/.test(id) || Number.isNaN(Date.parse(id)))
      return null;
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
