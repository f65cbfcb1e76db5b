// A watch's report: under the metrics, how unusual each row was — 1 − likelihood on a log axis,
// upward more unusual, with the level the rule flagged at — and where learning ended.
import { xScale } from './time-axis.js';

/** The panel of 1 − likelihood per line (points: at most two per bucket, as the metrics). */
export function likelihoodPanel(
  points: { row: number; tail: number }[],
  bands: { start: number; end: number; tail: string }[],
  threshold: number,
  xType: 'temporal' | 'quantitative',
  xTitle: string,
  learned: number | null,
) {
  const level = Math.max(1 - threshold, 1e-10);
  return {
    width: 720,
    height: 140,
    layer: [
      {
        data: { values: bands },
        mark: { type: 'rect', opacity: 0.3, color: '#d62728' },
        encoding: { x: { field: 'start', type: xType, scale: xScale(xType) }, x2: { field: 'end' } },
      },
      {
        data: { values: points.filter((p) => Number.isFinite(p.tail)) },
        mark: { type: 'line', strokeWidth: 1, color: '#6a3d9a' },
        encoding: {
          x: { field: 'row', type: xType, title: xTitle, scale: xScale(xType) },
          y: {
            field: 'tail',
            type: 'quantitative',
            title: '1 − likelihood',
            scale: { type: 'log', reverse: true, domain: [1, 1e-10] },
            axis: { format: '.0e', values: [1, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10] },
          },
        },
      },
      {
        data: { values: [{ level }] },
        mark: { type: 'rule', color: '#d62728', strokeDash: [4, 3] },
        encoding: { y: { field: 'level', type: 'quantitative' } },
      },
      {
        data: { values: [{ level, text: `flagged at likelihood ≥ ${threshold}` }] },
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#d62728', fontSize: 10 },
        encoding: { y: { field: 'level', type: 'quantitative' }, x: { value: 0 }, text: { field: 'text' } },
      },
      ...(learned !== null ? [learnedRule(learned, xType)] : []),
    ],
  };
}

/** A dashed vertical line where learning ended (records before it: what the model learned from). */
export function learnedRule(at: number, xType: 'temporal' | 'quantitative') {
  return {
    data: { values: [{ at, text: 'learned ⟵ │ ⟶ watched' }] },
    layer: [
      {
        mark: { type: 'rule', color: '#555', strokeDash: [2, 2] },
        encoding: { x: { field: 'at', type: xType, scale: xScale(xType) } },
      },
      {
        mark: { type: 'text', dy: -4, baseline: 'bottom', color: '#555', fontSize: 10 },
        encoding: { x: { field: 'at', type: xType }, y: { value: 0 }, text: { field: 'text' } },
      },
    ],
  };
}
