// Vega-Lite spec → SVG (vega's headless View) → PNG (resvg). No canvas, no browser.
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** resvg draws no text without a font; DejaVu Sans ships with most Linux systems. */
export const FONT = 'DejaVu Sans';

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
    font: { loadSystemFonts: true, defaultFontFamily: FONT },
  });
  return resvg.render().asPng();
}

/** Writes name.vl.json, name.svg and name.png into a folder. */
export async function writeChart(dir: string, name: string, spec: TopLevelSpec): Promise<void> {
  const { promises: fsp } = await import('node:fs');
  const path = await import('node:path');
  const svg = await specToSvg(spec);
  await fsp.writeFile(path.join(dir, `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
  await fsp.writeFile(path.join(dir, `${name}.svg`), svg);
  await fsp.writeFile(path.join(dir, `${name}.png`), svgToPng(svg));
}
