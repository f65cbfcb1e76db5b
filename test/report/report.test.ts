import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { compile } from 'vega-lite';
import { histogramSpec } from '../../src/report/histogram.js';
import { pairGrid } from '../../src/report/image-grid.js';
import { specToSvg, svgToPng } from '../../src/report/render.js';
import { PlotSample } from '../../src/scan/plot-sample.js';
import { seriesSpec } from '../../src/report/scan-plots.js';

const thresholds = { high: { value: 10, rule: 'explicit' }, low: { value: 0.1, rule: 'explicit' } };

test('the histogram spec compiles, renders to SVG with axis text, and to a PNG', async () => {
  const spec = histogramSpec(
    [
      { name: 'normal', scores: [0.5, 0.6, 0.7] },
      { name: 'anomalous', scores: [12, 13] },
    ],
    thresholds,
  );
  assert.ok(compile(spec).spec);
  const svg = await specToSvg(spec);
  assert.match(svg, /<svg/);
  assert.match(svg, />MSE</);
  assert.match(svg, /high 10/);
  const png = PNG.sync.read(Buffer.from(svgToPng(svg, 1)));
  assert.ok(png.width > 500 && png.height > 250);
  // Text is drawn: some dark pixels exist in the title band (resvg drops text without a font).
  let dark = 0;
  for (let y = 0; y < 30; y++) for (let x = 0; x < png.width; x++) if (png.data[(y * png.width + x) * 4]! < 100) dark++;
  assert.ok(dark > 50, `title pixels: ${dark}`);
});

test('the series spec colours flagged rows, and only them', async () => {
  // The colour also stands in the legend, so count the lines drawn in it, not the colour's presence.
  const redLines = (svg: string) => (svg.match(/aria-roledescription="line mark"[^>]*stroke="#d62728"/g) ?? []).length;
  const plotted = (tail: 'high' | null) => {
    const sample = new PlotSample();
    sample.addRow(0, Float32Array.from([0, 1]), null);
    sample.addRow(1, Float32Array.from([2, 3]), tail);
    return { scores: [1, 2], thresholds, flagged: [], sample };
  };
  const flagged = await specToSvg(seriesSpec(plotted('high')));
  const none = await specToSvg(seriesSpec(plotted(null)));
  assert.equal(redLines(none), 0);
  assert.equal(redLines(flagged), 1);
});

test('the reconstruction grid has the planned size and pixels', () => {
  const img = new Float32Array(4).fill(1); // 2×2 white
  const rec = new Float32Array(4).fill(0); // 2×2 black
  const buf = pairGrid(
    [
      [img, rec],
      [img, rec],
      [img, rec],
    ],
    { side: 2, scale: 1, columns: 2 },
  );
  const png = PNG.sync.read(buf);
  // pair width 2+2+2 gap = 6; 2 columns + 3 outer gaps of 4 → 24; rows: 2×2 + 3×4 = 16
  assert.equal(png.width, 24);
  assert.equal(png.height, 16);
  const px = (x: number, y: number) => png.data[(y * png.width + x) * 4];
  assert.equal(px(4, 4), 255); // first input, white
  assert.equal(px(8, 4), 0); // its reconstruction, black
});

test('the long-series plot has a time axis when the lines carry dates, and one band per incident', async () => {
  const { longSeriesSpec, timeAxis } = await import('../../src/report/scan-plots.js');
  const lineIds = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString());
  assert.equal(timeAxis(lineIds), 'time');
  assert.equal(timeAxis(['a1', 'b2']), null);
  const sample = new PlotSample();
  for (let k = 0; k < 4; k++) {
    const values = Float32Array.from({ length: 10 }, (_, i) => Math.sin(k * 10 + i));
    sample.addWindow(k * 10, k * 10 + 10, values, { start: lineIds[k * 10]!, end: lineIds[k * 10 + 9]! });
  }
  const flagged = [
    { index: 1, tail: 'high' as const, start: 10, end: 20 },
    { index: 2, tail: 'high' as const, start: 20, end: 30 },
  ];
  const spec = longSeriesSpec({ scores: [0, 1, 1, 0], thresholds, flagged, sample }) as unknown as {
    layer: { data: { values: { start: number; end: number }[] }; encoding: { x: { type: string } } }[];
  };
  assert.equal(spec.layer[1]!.encoding.x.type, 'temporal');
  // Ids are known at window ends only; the lines between are placed between them, so the band
  // runs from line 10's time to line 29's exactly.
  const ms = (i: number) => Date.parse(lineIds[i]!);
  assert.deepEqual(spec.layer[0]!.data.values, [{ start: ms(10), end: ms(29), tail: 'high' }]);
  const svg = await specToSvg(spec as never);
  assert.match(svg, /<svg/);
});

test('the histogram shows the tails: a log-like count axis, threshold labels that cannot collide', () => {
  const spec = histogramSpec([{ name: 'all', scores: [0.5, 0.6, 12] }], {
    high: { value: 1, rule: 'explicit' },
    low: { value: 1, rule: 'explicit' },
  }) as unknown as {
    layer: { mark: { type: string } | string; encoding: { y?: { scale?: { type: string }; value?: number } } }[];
  };
  assert.equal(spec.layer[0]!.encoding.y!.scale!.type, 'symlog');
  const labels = spec.layer.filter((l) => typeof l.mark === 'object' && l.mark.type === 'text');
  assert.equal(labels.length, 2);
  assert.notEqual(
    labels[0]!.encoding.y!.value,
    labels[1]!.encoding.y!.value,
    'equal thresholds: labels at different heights',
  );
});

test('the loss curve draws both sets and marks the kept epoch', async () => {
  const { lossCurveSpec } = await import('../../src/report/loss-curve.js');
  const spec = lossCurveSpec([1, 0.5, 0.4, 0.45], [1.1, 0.6, 0.5, 0.55], 3);
  const svg = await specToSvg(spec);
  assert.match(svg, /best epoch 3/);
  assert.equal((svg.match(/aria-roledescription="line mark"/g) ?? []).length, 2, 'training and validation lines');
});

test('thinning a long series keeps a one-sample spike', async () => {
  const { extremesPerBucket } = await import('../../src/report/scan-plots.js');
  const series = Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 300));
  series[54_321] = 50;
  const kept = extremesPerBucket(series, 50);
  assert.ok(kept.length <= 4000);
  assert.ok(kept.includes(54_321), 'the spike is drawn');
  assert.deepEqual(
    kept,
    [...kept].sort((a, b) => a - b),
    'in order',
  );
});

test('the histogram takes a log x axis when scores span decades, a linear one otherwise', async () => {
  const wide = Array.from({ length: 1000 }, (_, i) => (i < 990 ? 0.1 + (i % 10) * 0.01 : 280));
  const spec = histogramSpec([{ name: 'all', scores: wide }], { high: { value: 10, rule: 'explicit' } });
  const x = (spec as { layer: { encoding: { x: { scale?: { type: string }; title?: string } } }[] }).layer[0]!.encoding
    .x;
  assert.equal(x.scale?.type, 'log');
  assert.match(x.title!, /log scale/);
  assert.match(await specToSvg(spec), /<svg/, 'and it renders');
  const narrow = Array.from({ length: 1000 }, (_, i) => 1 + (i % 50) * 0.1);
  const linear = histogramSpec([{ name: 'all', scores: narrow }], {});
  assert.equal((linear as { layer: { encoding: { x: { scale?: unknown } } }[] }).layer[0]!.encoding.x.scale, undefined);
});
