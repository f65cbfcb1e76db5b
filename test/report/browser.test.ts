// report.html as a user sees it: real runs, opened from disk in headless Chromium. Skipped with
// a clear message where no Chromium exists; .ci/run installs one and sets AE_REQUIRE_BROWSER=1,
// which turns the skip into a failure.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { REPORT_TOP_N } from '../../src/report/report.js';
import { findChromium, launch, NO_BROWSER, openFile } from '../helpers/browser.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const chromiumPath = findChromium();
const skip = chromiumPath ? false : NO_BROWSER;
const dir = tempDir();
const run = (name: string) => path.join(dir, name);
let browser: Browser;

test('a browser is available where CI requires one', { skip: process.env.AE_REQUIRE_BROWSER !== '1' }, () => {
  assert.ok(chromiumPath, NO_BROWSER);
});

/** Five days of 5-minute samples: a daily cycle, one odd hour, and a one-sample spike. */
function writeTimeSeries(file: string): { spikeAt: number } {
  const rows = ['timestamp,value'];
  const start = Date.UTC(2026, 0, 5);
  const spikeAt = 700;
  for (let i = 0; i < 1440; i++) {
    let v = 70 + 10 * Math.sin((2 * Math.PI * i) / 288) + Math.sin(i * 1.3);
    if (i >= 1000 && i < 1012) v = 70 + 12 * Math.sin(i * 2.1); // an odd hour
    if (i === spikeAt) v = 160;
    rows.push(`${new Date(start + i * 300_000).toISOString().slice(0, 19).replace('T', ' ')},${v.toFixed(3)}`);
  }
  writeFileSync(file, rows.join('\n') + '\n');
  return { spikeAt };
}

before(async () => {
  if (!chromiumPath) return;
  const steps = [
    ['generate', 'sines', '--out', run('series.csv'), '--noisy', '2000', '--seed', '1'],
    ['scan', run('series.csv'), '--threshold', '10', '--below', '0.1', '--epochs', '15', '--explain', '3'],
    ['train', 'mnist', '--normal', '1', '--epochs', '1', '--out', run('m')],
  ];
  for (const argv of steps) {
    const out = argv[0] === 'scan' ? ['--out', run('r')] : [];
    const r = await runAe([...argv, ...out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
  }
  writeTimeSeries(run('ts.csv'));
  const t = await runAe([
    'scan',
    run('ts.csv'),
    '--column',
    'value',
    '--id',
    'timestamp',
    '--window',
    '24',
    '--stride',
    '6',
    '--epochs',
    '20',
    '--contamination',
    '0.02',
    '--out',
    run('t'),
    '--quiet',
  ]);
  assert.equal(t.code, 0, t.stderr);
  browser = await launch(chromiumPath);
});

after(async () => {
  await browser?.close();
});

/** Per chart: how many marks it drew (vega's mark paths with a shape, and embedded images). */
async function drawnMarks(page: Page): Promise<Record<string, number>> {
  return page.$$eval('figure.chart', (figures) =>
    Object.fromEntries(
      figures.map((f) => {
        const paths = [...f.querySelectorAll('g[class*="mark-"] path')].filter(
          (p) => (p.getAttribute('d') ?? '').length > 2,
        );
        return [f.getAttribute('data-chart'), paths.length + f.querySelectorAll('image').length];
      }),
    ),
  );
}

/** A screenshot with ink on it: enough non-white pixels and more than a handful of colours. */
async function assertNotBlank(page: Page): Promise<void> {
  const png = PNG.sync.read(await page.screenshot({ fullPage: true }));
  const colours = new Set<number>();
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (r < 240 || g < 240 || b < 240) ink++;
    if (colours.size < 500) colours.add((r << 16) | (g << 8) | b);
  }
  assert.ok(ink / (png.width * png.height) > 0.02, `ink on ${((100 * ink) / (png.width * png.height)).toFixed(2)}%`);
  assert.ok(colours.size > 50, `${colours.size} colours`);
}

/** The data-v values of one column of a table, top to bottom. */
async function tableColumn(page: Page, table: string, heading: string): Promise<string[]> {
  const heads = await page.$$eval(`table[data-table="${table}"] thead th`, (ths) => ths.map((t) => t.textContent));
  const col = heads.indexOf(heading);
  assert.ok(col >= 0, `no column ${heading} in ${heads.join(', ')}`);
  return page.$$eval(
    `table[data-table="${table}"] tbody tr`,
    (trs, c) => trs.map((tr) => tr.children[c]!.getAttribute('data-v') ?? ''),
    col,
  );
}

/** What the page's SVG elements offer (the tests compile without the DOM library). */
interface Shape {
  getBBox(): { width: number; height: number };
}

const isSorted = (xs: number[], dir: 1 | -1) => xs.every((x, i) => i === 0 || dir * (x - xs[i - 1]!) >= 0);

test('the scan report opens offline with no errors, draws its charts, and its table sorts', { skip }, async () => {
  const { page, problems } = await openFile(browser, path.join(run('r'), 'report.html'));
  assert.deepEqual(problems, []);
  const marks = await drawnMarks(page);
  for (const chart of ['histogram', 'series', 'loss']) assert.ok(marks[chart]! > 0, `${chart}: ${marks[chart]} marks`);
  // Both tails visible: on the log-like count axis, a bar of one sample is still ≥ 3 px tall.
  const bars = await page.$$eval('figure[data-chart="histogram"] g.mark-rect path', (ps) =>
    ps.map((p) => (p as unknown as Shape).getBBox().height).filter((h) => h > 0),
  );
  assert.ok(bars.length > 0 && Math.min(...bars) >= 3, `smallest bar ${Math.min(...bars)} px`);
  const flagged = JSON.parse(readFileSync(path.join(run('r'), 'flagged.json'), 'utf8')).flagged as unknown[];
  const scores = async () => (await tableColumn(page, 'flagged', 'score')).map(Number);
  assert.equal((await scores()).length, Math.min(flagged.length, REPORT_TOP_N));
  assert.ok(isSorted(await scores(), -1), 'highest scores first');
  await page.click('table[data-table="flagged"] th[data-sort="score"]');
  assert.ok(isSorted(await scores(), 1), 'a click on score sorts ascending');
  await page.click('table[data-table="flagged"] th[data-sort="index"]');
  assert.ok(isSorted((await tableColumn(page, 'flagged', 'index')).map(Number), 1), 'then by index');
  await page.click('table[data-table="flagged"] th[data-sort="index"]');
  assert.ok(isSorted((await tableColumn(page, 'flagged', 'index')).map(Number), -1), 'and back');
  await assertNotBlank(page);
  await page.close();
});

test('the MNIST report shows the labelled reconstruction grid and the metrics', { skip }, async () => {
  const { page, problems } = await openFile(browser, path.join(run('m'), 'report.html'));
  assert.deepEqual(problems, []);
  const marks = await drawnMarks(page);
  for (const chart of ['histogram', 'reconstructions', 'loss']) assert.ok(marks[chart]! > 0, `${chart}: none drawn`);
  const grid = await page.textContent('figure[data-chart="reconstructions"]');
  for (const label of ['normal', '(digit 1)', 'anomalous', 'most anomalous', 'input', 'reconstruction'])
    assert.ok(grid!.includes(label), `grid label ${label}`);
  // Every embedded digit image decoded (a broken data URI draws nothing).
  const images = await page.$$eval('figure[data-chart="reconstructions"] image', (imgs) =>
    imgs.map((i) => (i as unknown as Shape).getBBox().width),
  );
  assert.ok(images.length >= 32 && images.every((w) => w > 0));
  const confusion = await page.$$eval('table[data-table="confusion"] td', (tds) => tds.map((t) => t.textContent));
  const metrics = JSON.parse(readFileSync(path.join(run('m'), 'metrics.json'), 'utf8'));
  const c = metrics.confusion;
  assert.deepEqual(
    confusion.map((t) => Number(t!.replace(/,/g, ''))),
    [c.tp, c.fn, c.fp, c.tn],
  );
  await assertNotBlank(page);
  await page.close();
});

test('a time-indexed series: time axis, shaded flagged intervals, and a one-sample spike drawn', { skip }, async () => {
  const { page, problems } = await openFile(browser, path.join(run('t'), 'report.html'));
  assert.deepEqual(problems, []);
  const axis = await page.textContent('figure[data-chart="series"]');
  assert.ok(axis!.includes('time'), 'x axis titled time');
  assert.match(axis!, /Jan|January|0[5-9]/, 'dates on the axis');
  const bands = await page.$$eval('figure[data-chart="series"] g.mark-rect path', (ps) => ps.length);
  const intervals = JSON.parse(readFileSync(path.join(run('t'), 'flagged.json'), 'utf8')).intervals as unknown[];
  assert.ok(intervals.length > 0);
  assert.equal(bands, intervals.length, 'one shaded band per flagged interval');
  const spec = JSON.parse(readFileSync(path.join(run('t'), 'series.vl.json'), 'utf8'));
  const drawn = spec.layer[1].data.values.map((p: { v: number }) => p.v);
  assert.equal(Math.max(...drawn), 160, 'the spike is drawn');
  const rows = await tableColumn(page, 'intervals', 'start');
  assert.equal(rows.length, intervals.length);
  await page.close();
});
