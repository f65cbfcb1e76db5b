// Plots written by `ae scan --out`: the score histogram and, as in the seed, every series in
// one colour with the flagged ones in red.
import type { TopLevelSpec } from 'vega-lite';
import type { Thresholds } from '../detect/thresholds.js';
import { histogramSpec } from './histogram.js';
import { FONT, writeChart } from './render.js';

export interface ScanPlotInput {
  scores: number[];
  thresholds: Thresholds;
  /** Row-major sample values (rows × width) when they are in memory. */
  values?: Float32Array;
  flagged: { index: number; tail: 'high' | 'low' }[];
}

/** At most this many unflagged series are drawn: beyond it the picture is a solid band anyway. */
const MAX_NORMAL_LINES = 300;

export async function writeScanPlots(dir: string, p: ScanPlotInput): Promise<void> {
  await writeChart(dir, 'histogram', histogramSpec([{ name: 'all samples', scores: p.scores }], p.thresholds));
  if (p.values && p.scores.length > 0) await writeChart(dir, 'series', seriesSpec(p));
}

export function seriesSpec(p: ScanPlotInput): TopLevelSpec {
  const width = p.values!.length / p.scores.length;
  const tails = new Map(p.flagged.map((f) => [f.index, f.tail]));
  const values: { row: number; t: number; v: number; kind: string }[] = [];
  let normals = 0;
  for (let r = 0; r < p.scores.length; r++) {
    const kind = tails.get(r) ?? 'normal';
    if (kind === 'normal' && normals++ >= MAX_NORMAL_LINES) continue;
    for (let t = 0; t < width; t++) values.push({ row: r, t, v: Number(p.values![r * width + t]!.toPrecision(4)), kind });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Series (flagged: high in red, low in green)',
    width: 560,
    height: 300,
    config: { font: FONT },
    data: { values },
    mark: { type: 'line', strokeWidth: 0.8 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'position' },
      y: { field: 'v', type: 'quantitative', title: 'value' },
      detail: { field: 'row' },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['normal', 'high', 'low'], range: ['#9ecae1', '#d62728', '#2ca02c'] } },
      opacity: { condition: { test: "datum.kind != 'normal'", value: 1 }, value: 0.35 },
      order: { field: 'kind', sort: 'descending' },
    },
  } as TopLevelSpec;
}
