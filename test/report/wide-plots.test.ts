// Rows of thousands of columns: the series plot draws the columns that matter, not all of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsThatMatter, MAX_PLOT_COLUMNS, seriesSpec } from '../../src/report/scan-plots.js';
import { PlotSample } from '../../src/scan/plot-sample.js';

test('2,000 columns: the plot keeps the 200 where flagged rows differ most, and says so', () => {
  const width = 2000;
  const sample = new PlotSample();
  for (let i = 0; i < 60; i++) {
    const flagged = i % 10 === 0;
    // Columns 1500–1549 carry the anomaly; the rest are small noise.
    const values = Float32Array.from(
      { length: width },
      (_, j) => Math.sin(i * 7 + j) * 0.1 + (flagged && j >= 1500 && j < 1550 ? 5 : 0),
    );
    sample.addRow(i, values, flagged ? 'high' : null);
  }
  const shown = columnsThatMatter(sample.rows, MAX_PLOT_COLUMNS);
  assert.equal(shown.length, MAX_PLOT_COLUMNS);
  for (let j = 1500; j < 1550; j++) assert.ok(shown.includes(j), `column ${j} is drawn`);
  const spec = seriesSpec({ scores: [], thresholds: {}, flagged: [], sample }) as unknown as {
    data: { values: unknown[] };
    title: { text: string } | string;
  };
  assert.equal(spec.data.values.length, 60 * MAX_PLOT_COLUMNS);
  assert.match(JSON.stringify(spec.title), /the 200 of 2000 columns where flagged rows differ most/);
  // Narrow rows: every column, as before.
  assert.deepEqual(columnsThatMatter([{ values: new Float32Array(5), tail: null }], MAX_PLOT_COLUMNS), [0, 1, 2, 3, 4]);
});
