// The seed's MSE histogram: groups overlaid in one chart, thresholds drawn as vertical rules.
import type { TopLevelSpec } from 'vega-lite';
import { histogram } from '../detect/stats.js';
import { mapFloat64 } from '../detect/precision.js';
import type { Thresholds } from '../detect/thresholds.js';
import { chartBase } from './render.js';

export interface ScoreGroup {
  name: string;
  scores: ArrayLike<number>;
}

export function histogramSpec(
  groups: ScoreGroup[],
  thresholds: Thresholds,
  opts: { bins?: number; title?: string; logX?: boolean } = {},
): TopLevelSpec {
  const bins = opts.bins ?? 60;
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of groups)
    for (let i = 0; i < g.scores.length; i++) {
      lo = Math.min(lo, g.scores[i]!);
      hi = Math.max(hi, g.scores[i]!);
    }
  const logX = opts.logX ?? callsForLog(groups, lo, hi);
  const t = logX ? Math.log10 : (v: number) => v;
  const back = logX ? (v: number) => 10 ** v : (v: number) => v;
  // Pre-binned so the spec stays small whatever the number of samples (log X: bins equal in log).
  const values = groups.flatMap((g) => {
    const h = histogram(logX ? mapFloat64(g.scores, t) : g.scores, bins, t(lo), t(hi));
    return h.counts.map((count, i) => ({ group: g.name, x0: back(h.edges[i]!), x1: back(h.edges[i + 1]!), count }));
  });
  const rules = Object.entries(thresholds)
    .filter(([, th]) => !logX || th!.value > 0) // a log axis has no place for 0 or below
    .map(([tail, t]) => ({
      tail,
      value: t!.value,
      label: `${tail} ${Number(t!.value.toPrecision(4))}`,
    }));
  return {
    ...chartBase(opts.title ?? 'Reconstruction error (MSE)', 560, 300),
    layer: [
      {
        data: { values },
        mark: { type: 'rect', opacity: 0.55 },
        encoding: {
          x: {
            field: 'x0',
            type: 'quantitative',
            title: logX ? 'MSE (log scale)' : 'MSE',
            ...(logX ? { scale: { type: 'log' } } : {}),
          },
          x2: { field: 'x1' },
          // A log-like count axis (symlog: 0 stays 0): the tails' few samples show beside the
          // thousands of normal ones instead of being bars one pixel high.
          y: {
            field: 'count',
            type: 'quantitative',
            title: 'samples (log scale)',
            stack: null,
            scale: { type: 'symlog' },
            axis: { values: [0, 1, 10, 100, 1000, 10000, 100000, 1000000] },
          },
          color: {
            field: 'group',
            type: 'nominal',
            title: null,
            scale: { domain: groups.map((g) => g.name), range: ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'] },
          },
        },
      },
      {
        data: { values: rules },
        mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2, color: 'black' },
        encoding: { x: { field: 'value', type: 'quantitative' } },
      },
      // Labels right of their rules at different heights, so two close thresholds never print
      // over each other (nor over the axis, as a label left of a rule near 0 would).
      ...(['high', 'low'] as const).map((tail) => ({
        data: { values: rules.filter((r) => r.tail === tail) },
        mark: { type: 'text' as const, align: 'left' as const, dx: 4, fontSize: 11 },
        encoding: {
          x: { field: 'value', type: 'quantitative' as const },
          y: { value: tail === 'high' ? 8 : 22 },
          text: { field: 'label' },
        },
      })),
    ],
  } as TopLevelSpec;
}

/**
 * A log X axis when a linear one would squeeze the normal bulk into one bar: every score above 0
 * and the largest more than 100 times the median (scores spanning 0.1–280, say).
 */
function callsForLog(groups: ScoreGroup[], lo: number, hi: number): boolean {
  if (!(lo > 0)) return false;
  const all = new Float64Array(groups.reduce((n, g) => n + g.scores.length, 0));
  let at = 0;
  for (const g of groups) for (let i = 0; i < g.scores.length; i++) all[at++] = g.scores[i]!;
  all.sort();
  const median = all[all.length >> 1] ?? 0;
  return median > 0 && hi / median > 100;
}
