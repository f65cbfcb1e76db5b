// `ae watch --listen HOST:PORT`: /metrics in Prometheus' text format with the watch's state per
// series, and /healthz — scraped while the watch runs (by --exec, at an incident's start and end).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

test('/metrics gives the likelihood, score and counts per series while the watch runs', async () => {
  const csv = path.join(dir, 'm.csv');
  assert.equal((await runAe(['generate', 'metrics', '--days', '3', '--out', csv, '--quiet'])).code, 0);
  const port = await freePort();
  const scraped = path.join(dir, 'scraped.txt');
  const scrape = `curl -sf 127.0.0.1:${port}/metrics >> '${scraped}' && curl -sf 127.0.0.1:${port}/healthz >> '${scraped}'`;
  const r = await runAe(['watch', csv, '--learn', '400', '--listen', `127.0.0.1:${port}`, '--exec', scrape]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /--exec ran \d+ time\(s\), 0 failed/);
  const text = fs.readFileSync(scraped, 'utf8');
  assert.match(text, /^# TYPE ae_anomaly_likelihood gauge$/m);
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  // Scraped while the watch goes on (the commands run beside it): its state at that moment.
  const likelihood = value('ae_anomaly_likelihood');
  assert.ok(likelihood >= 0 && likelihood <= 1, `likelihood ${likelihood}`);
  assert.ok([0, 1].includes(value('ae_incident_open')));
  assert.ok(value('ae_rows_scored_total') > 400);
  assert.ok(value('ae_rows_flagged_total') >= 1);
  // The watch's score sums two robust z-scores (model/discord.ts): any finite value, ~0 when usual.
  assert.ok(Number.isFinite(value('ae_anomaly_score')), `score ${value('ae_anomaly_score')}`);
  assert.match(text, /^ok$/m, '/healthz');
  // The server is closed with the watch.
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
});

test('--listen on an address in use is a usage error before anything is learned', async () => {
  const busy = net.createServer();
  await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', () => ok()));
  const port = (busy.address() as net.AddressInfo).port;
  const r = await runAe(['watch', path.join(dir, 'm.csv'), '--listen', `127.0.0.1:${port}`]);
  busy.close();
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--listen 127\.0\.0\.1:\d+: the address is in use/);
  assert.doesNotMatch(r.stderr, /training/);
});
