import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { reconstructionGridSvg } from '../../src/report/recon-grid.js';
import { svgToPng } from '../../src/report/render.js';

test('the reconstruction grid is labelled: row titles, input/reconstruction, a caption per pair', () => {
  const img = (v: number) => new Float32Array(28 * 28).fill(v);
  const rows = [
    { title: 'normal (digit 1)', items: [{ input: img(1), recon: img(0.5), caption: '1 · 0.004' }] },
    { title: 'anomalous (other digits)', items: [{ input: img(0.2), recon: img(0.9), caption: '7 · 0.0829' }] },
  ];
  const svg = reconstructionGridSvg(rows, 28, 'MNIST, digit 1 normal');
  for (const text of [
    'normal',
    '(digit 1)',
    'anomalous',
    '(other digits)',
    '>input<',
    '>reconstruction<',
    '1 · 0.004',
    '7 · 0.0829',
  ]) {
    assert.ok(svg.includes(text), text);
  }
  assert.equal((svg.match(/<image /g) ?? []).length, 4);
  const png = PNG.sync.read(Buffer.from(svgToPng(svg, 1)));
  // The white input image of row 1 is drawn where the layout puts it (left of its reconstruction).
  const at = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
  assert.ok(at(170 + 40, 46 + 14 + 40) > 200, 'input pixels are white');
  assert.ok(
    at(170 + 84 + 6 + 40, 46 + 14 + 40) > 100 && at(170 + 84 + 6 + 40, 46 + 14 + 40) < 160,
    'reconstruction is grey',
  );
});
