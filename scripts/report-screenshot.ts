// docs/report.png, the README's picture of a report: a real run of the seed's series flow,
// opened in headless Chromium. `npm run docs:screenshot` (after `npm run build`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findChromium, launch, NO_BROWSER, openFile } from '../test/helpers/browser.js';

const chromium = findChromium();
if (!chromium) throw new Error(NO_BROWSER);
const dir = mkdtempSync(path.join(os.tmpdir(), 'ae-shot-'));
const ae = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/ae.js', ...args, '--quiet'], { stdio: 'inherit', cwd: process.cwd() });
  if (r.status !== 0) throw new Error(`ae ${args.join(' ')} failed (${r.status})`);
};
try {
  const [series, labels, out] = ['series.csv', 'labels.csv', 'r'].map((f) => path.join(dir, f));
  ae('generate', 'sines', '--out', series!, '--labels', labels!, '--seed', '1');
  ae('scan', series!, '--threshold', '10', '--below', '0.1', '--labels', labels!, '--explain', '3', '--out', out!);
  const browser = await launch(chromium);
  const { page, problems } = await openFile(browser, path.join(out!, 'report.html'), 1000);
  if (problems.length) throw new Error(problems.join('\n'));
  // The top of the page: run, counts, histogram, series and the start of the table.
  await page.screenshot({ path: 'docs/report.png', clip: { x: 0, y: 0, width: 1000, height: 1900 } });
  await browser.close();
  console.error('wrote docs/report.png');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
