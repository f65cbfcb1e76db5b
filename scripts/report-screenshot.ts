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
const bin = path.resolve('bin/ae.js');
// Run inside the temporary folder with relative names, so the page shows the command a user types.
const ae = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--quiet'], { stdio: 'inherit', cwd: dir });
  if (r.status !== 0) throw new Error(`ae ${args.join(' ')} failed (${r.status})`);
};
try {
  ae('generate', 'sines', '--out', 'series.csv', '--labels', 'labels.csv', '--seed', '1');
  ae(
    'scan',
    'series.csv',
    '--threshold',
    '10',
    '--below',
    '0.1',
    '--labels',
    'labels.csv',
    '--explain',
    '3',
    '--out',
    'r',
  );
  const browser = await launch(chromium);
  const { page, problems } = await openFile(browser, path.join(dir, 'r', 'report.html'), 1000);
  if (problems.length) throw new Error(problems.join('\n'));
  // The top of the page: run, counts, histogram, series and the start of the table.
  await page.screenshot({ path: 'docs/report.png', fullPage: true, clip: { x: 0, y: 0, width: 1000, height: 1900 } });
  await browser.close();
  console.error('wrote docs/report.png');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
