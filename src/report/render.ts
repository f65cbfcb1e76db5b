// Vega-Lite spec → SVG (vega's headless View) → PNG (resvg). No canvas, no browser.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * resvg draws no text at all without a font, silently. ae ships DejaVu Sans (the npm package
 * dejavu-fonts-ttf) so charts have readable axes on any machine, fonts installed or not.
 */
export const FONT = 'DejaVu Sans';
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(fontDir, f));

/** The top of every chart ae draws: schema, title, size, and a font resvg can render. */
export function chartBase(title: string, width: number, height: number) {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, width, height, config: { font: FONT } };
}

export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vgSpec } = compile(spec);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT },
  });
  return resvg.render().asPng();
}

/** Writes name.vl.json, name.svg and name.png into a folder. */
export async function writeChart(dir: string, name: string, spec: TopLevelSpec): Promise<void> {
  const { promises: fsp } = await import('node:fs');
  const svg = await specToSvg(spec);
  await fsp.writeFile(path.join(dir, `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
  await fsp.writeFile(path.join(dir, `${name}.svg`), svg);
  await fsp.writeFile(path.join(dir, `${name}.png`), svgToPng(svg));
}
