// Input-vs-reconstruction pictures as one PNG: each pair side by side, a gap between pairs.
import { PNG } from 'pngjs';

export interface GridOptions {
  side: number;
  /** Pixel scale factor, so 28×28 digits are readable. */
  scale?: number;
  /** Pairs per row. */
  columns?: number;
}

/** `pairs` are [input, reconstruction] images of side×side values in 0..1. */
export function pairGrid(pairs: [Float32Array, Float32Array][], opts: GridOptions): Buffer {
  const scale = opts.scale ?? 3;
  const cols = Math.max(1, Math.min(opts.columns ?? 8, pairs.length));
  const rows = Math.max(1, Math.ceil(pairs.length / cols));
  const cell = opts.side * scale;
  const gap = 2 * scale;
  const pairW = 2 * cell + gap;
  const png = new PNG({ width: cols * pairW + (cols + 1) * gap * 2, height: rows * cell + (rows + 1) * gap * 2 });
  png.data.fill(255);
  pairs.forEach(([input, recon], k) => {
    const x0 = gap * 2 + (k % cols) * (pairW + gap * 2);
    const y0 = gap * 2 + Math.floor(k / cols) * (cell + gap * 2);
    draw(png, input, x0, y0, opts.side, scale);
    draw(png, recon, x0 + cell + gap, y0, opts.side, scale);
  });
  return PNG.sync.write(png);
}

/** Draws one image, white ink on black as MNIST is usually shown. */
function draw(png: PNG, img: Float32Array, x0: number, y0: number, side: number, scale: number): void {
  for (let y = 0; y < side * scale; y++) {
    for (let x = 0; x < side * scale; x++) {
      const v = img[Math.floor(y / scale) * side + Math.floor(x / scale)]!;
      const g = Math.round(Math.min(1, Math.max(0, v)) * 255);
      const o = ((y0 + y) * png.width + (x0 + x)) * 4;
      png.data[o] = g;
      png.data[o + 1] = g;
      png.data[o + 2] = g;
      png.data[o + 3] = 255;
    }
  }
}
