// Live streams (`npm run bench`, section "live"): `ae scan - --model M --per-row --ndjson` fed
// through a pipe as a user's `tail -f` would feed it. Measures the time from a row's newline to
// its record (p50, p99) at 10 rows/s, the sustained rate when rows come as fast as ae takes
// them, and resident memory sampled while 3 M rows stream through (flat: the last quarter's
// highest against the second's, after the warm-up).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { child, work } from './harness.js';

const WINDOW = 64;
const row = (i: number) => `${1_700_000_000 + 60 * i},${(Math.sin(i / 30) + 0.1 * Math.sin(i * 7.3)).toFixed(4)}\n`;

/** A 64-window model of the series above (trained once, kept in bench/out). */
function liveModel(): string {
  const dir = path.join(work, 'live-model');
  const csv = path.join(work, 'live-train.csv');
  let text = 'timestamp,value\n';
  for (let i = 0; i < 5000; i++) text += row(i);
  writeFileSync(csv, text);
  const args = ['bin/ae.js', 'train', csv, '--column', 'value', '--window', String(WINDOW), '--stride', '4'];
  child([process.execPath, ...args, '--epochs', '20', '--out', dir, '--force', '--quiet'], {});
  return dir;
}

function start(model: string) {
  return spawn(process.execPath, ['bin/ae.js', 'scan', '-', '--model', model, '--per-row', '--ndjson', '--quiet'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Rows at `rate` per second; the latency of each row's record, in seconds. */
async function latency(model: string, rows: number, rate: number): Promise<number[]> {
  const ae = start(model);
  const sent: number[] = [];
  const got: number[] = [];
  let buffer = '';
  ae.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      got.push(performance.now());
      buffer = buffer.slice(nl + 1);
    }
  });
  ae.stdin.write('timestamp,value\n');
  for (let i = 0; i < rows; i++) {
    await new Promise((r) => setTimeout(r, 1000 / rate));
    sent.push(performance.now());
    ae.stdin.write(row(i));
  }
  ae.stdin.end();
  await new Promise((r) => ae.on('close', r));
  // The first two rows wait for the third line (the delimiter is read from three lines).
  return sent.slice(2).map((t, i) => (got[i + 2]! - t) / 1000);
}

/** Rows as fast as ae reads them, and its resident memory sampled from /proc as they pass. */
async function sustained(model: string, rows: number): Promise<{ rowsPerSecond: number; rssMb: number[] }> {
  const ae = start(model);
  let records = 0;
  ae.stdout.on('data', (d: Buffer) => {
    for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) records++;
  });
  const rss: number[] = [];
  const sample = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${ae.pid}/status`, 'utf8'));
      if (m) rss.push(Number(m[1]) / 1024);
    } catch {
      /* ended */
    }
  }, 200);
  const t0 = performance.now();
  ae.stdin.write('timestamp,value\n');
  const chunk = 10_000;
  for (let i = 0; i < rows; i += chunk) {
    let text = '';
    for (let k = i; k < Math.min(rows, i + chunk); k++) text += row(k);
    if (!ae.stdin.write(text)) await new Promise((r) => ae.stdin.once('drain', r));
  }
  ae.stdin.end();
  await new Promise((r) => ae.on('close', r));
  clearInterval(sample);
  const seconds = (performance.now() - t0) / 1000;
  if (records !== rows) throw new Error(`live bench: ${records} records for ${rows} rows`);
  return { rowsPerSecond: rows / seconds, rssMb: rss };
}

export async function liveBench(log: (s: string) => void) {
  const model = liveModel();
  const lat = await latency(model, 100, 10);
  const p50 = quantile(lat, 0.5);
  const p99 = quantile(lat, 0.99);
  log(`live: newline → record at 10 rows/s: p50 ${(p50 * 1000).toFixed(1)} ms, p99 ${(p99 * 1000).toFixed(1)} ms`);
  // 3 M rows: long enough to tell a plateau from growth. Each quarter's highest RSS; the first
  // holds the warm-up (modules, the scorer, the heap growing to its working size).
  const run = await sustained(model, 3_000_000);
  const q = Math.max(1, Math.floor(run.rssMb.length / 4));
  const quarters = [0, 1, 2, 3].map((k) => Math.max(...run.rssMb.slice(k * q, k === 3 ? undefined : (k + 1) * q)));
  log(
    `live: ${Math.round(run.rowsPerSecond)} rows/s sustained (64-window model, a record per row); ` +
      `RSS per quarter of 3 M rows ${quarters.map((m) => m.toFixed(0)).join(', ')} MB ` +
      `(last vs second: ${(quarters[3]! / quarters[1]!).toFixed(2)}×)`,
  );
  return {
    latencyMs: { p50: p50 * 1000, p99: p99 * 1000, rowsPerSecond: 10, rows: lat.length },
    sustainedRowsPerSecond: run.rowsPerSecond,
    rssMb: {
      quarterMax: quarters,
      lastOverSecond: quarters[3]! / quarters[1]!,
      samples: run.rssMb.length,
      rows: 3_000_000,
    },
  };
}
