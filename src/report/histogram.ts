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
          y: { field: 'count', type: 'quantitative', title: 'samples', stack: null },
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
      {
        data: { values: rules },
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 11 },
        encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}
