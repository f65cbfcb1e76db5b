// The seed's MSE histogram: groups overlaid in one chart, thresholds drawn as vertical rules.
import type { TopLevelSpec } from 'vega-lite';
import { histogram } from '../detect/stats.js';
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
  // Pre-binned so the spec stays small whatever the number of samples.
  const values = groups.flatMap((g) => {
    const h = histogram(g.scores, bins, lo, hi);
    return h.counts.map((count, i) => ({ group: g.name, x0: h.edges[i]!, x1: h.edges[i + 1]!, count }));
  });
  const rules = Object.entries(thresholds).map(([tail, t]) => ({
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
          x: { field: 'x0', type: 'quantitative', title: 'MSE' },
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
