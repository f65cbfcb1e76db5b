// The training and validation loss per epoch, written for every training run.
import type { TopLevelSpec } from 'vega-lite';
import { chartBase } from './render.js';

export function lossCurveSpec(loss: number[], valLoss: number[], bestEpoch?: number): TopLevelSpec {
  const values = [
    ...loss.map((v, i) => ({ epoch: i + 1, loss: v, set: 'training' })),
    ...valLoss.map((v, i) => ({ epoch: i + 1, loss: v, set: 'validation' })),
  ];
  const marks: object[] = [
    {
      data: { values },
      mark: { type: 'line', point: values.length <= 60 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { type: 'log' } },
        color: { field: 'set', type: 'nominal', title: null, scale: { range: ['#1f77b4', '#ff7f0e'] } },
      },
    },
  ];
  if (bestEpoch !== undefined) {
    marks.push({
      data: { values: [{ epoch: bestEpoch, label: `best epoch ${bestEpoch}` }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { x: { field: 'epoch', type: 'quantitative' } } },
        {
          // Inside the plot: right of the rule in the first half, left of it in the second.
          mark:
            bestEpoch > loss.length / 2
              ? { type: 'text', align: 'right', dx: -4 }
              : { type: 'text', align: 'left', dx: 4 },
          encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { value: 10 }, text: { field: 'label' } },
        },
      ],
    });
  }
  return { ...chartBase('Training loss', 560, 260), layer: marks } as TopLevelSpec;
}
