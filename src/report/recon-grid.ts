// Input-vs-reconstruction pictures, labelled: a title per row, "input | reconstruction" on
// every pair, and a caption (digit, score) under each. Built as SVG (text set in the shipped
// DejaVu font) with each image embedded as a small PNG, drawn with hard pixel edges.
import { PNG } from 'pngjs';
import { FONT } from './render.js';

export interface GridItem {
  input: Float32Array;
  recon: Float32Array;
  caption: string;
}

export interface GridRow {
  title: string;
  items: GridItem[];
}

const SCALE = 3;
const TITLE_W = 170;
const GAP = 6;
const PAIR_GAP = 18;
const HEAD = 46;
const CAPTION_H = 34;

export function reconstructionGridSvg(rows: GridRow[], side: number, heading: string): string {
  const cell = side * SCALE;
  const pairW = 2 * cell + GAP;
  const perRow = Math.max(1, ...rows.map((r) => r.items.length));
  const width = TITLE_W + perRow * (pairW + PAIR_GAP);
  const rowH = cell + CAPTION_H + 14;
  const height = HEAD + rows.length * rowH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="16" font-weight="bold">${escape(heading)}</text>`,
    `<text x="10" y="40" font-size="12" fill="#444">each pair: input (left) · reconstruction (right); caption: digit · MSE</text>`,
  ];
  rows.forEach((row, r) => {
    const y = HEAD + r * rowH + 14;
    // "anomalous (other digits)" → two lines: the name, then the parenthesis.
    const [name, detail] = row.title.split(/ (?=\()/);
    parts.push(`<text x="10" y="${y + cell / 2}" font-size="13" font-weight="bold">${escape(name ?? '')}</text>`);
    if (detail) parts.push(`<text x="10" y="${y + cell / 2 + 17}" font-size="12">${escape(detail)}</text>`);
    row.items.forEach((item, k) => {
      const x = TITLE_W + k * (pairW + PAIR_GAP);
      parts.push(image(item.input, side, x, y, cell), image(item.recon, side, x + cell + GAP, y, cell));
      parts.push(
        `<text x="${x + pairW / 2}" y="${y + cell + 15}" font-size="11" text-anchor="middle">${escape(item.caption)}</text>`,
      );
    });
    if (r === 0 && row.items.length) {
      parts.push(
        `<text x="${TITLE_W + cell / 2}" y="${y - 3}" font-size="10" text-anchor="middle" fill="#444">input</text>`,
      );
      parts.push(
        `<text x="${TITLE_W + cell + GAP + cell / 2}" y="${y - 3}" font-size="10" text-anchor="middle" fill="#444">reconstruction</text>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** One image as an embedded PNG (white ink on black, as MNIST is usually shown). */
function image(values: Float32Array, side: number, x: number, y: number, size: number): string {
  const png = new PNG({ width: side, height: side });
  for (let i = 0; i < side * side; i++) {
    const g = Math.round(Math.min(1, Math.max(0, values[i]!)) * 255);
    png.data.set([g, g, g, 255], i * 4);
  }
  const uri = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
  return `<image x="${x}" y="${y}" width="${size}" height="${size}" image-rendering="optimizeSpeed" href="${uri}"/>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
