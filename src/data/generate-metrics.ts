// A monitoring export to try ae on: `timestamp,cpu,mem,latency` every 5 minutes (epoch
// seconds), each metric on a daily cycle with noise, and one incident — an hour on the
// second-to-last day in which cpu and latency jump while memory carries on — labelled.
import { createNormal, createRng } from './rng.js';

export interface MetricsOptions {
  days?: number;
  seed?: number;
  /** The first timestamp, epoch seconds (default 2026-01-01T00:00:00Z). */
  start?: number;
}

export const METRICS_DEFAULTS = { days: 10, seed: 0, start: 1767225600 };
export const ROWS_PER_DAY = 288;
const STEP = 300;

export interface GeneratedMetrics {
  header: string[];
  /** One row of text cells per 5 minutes. */
  rows: string[][];
  /** Data lines of the incident: start .. end − 1. */
  incident: { start: number; end: number };
}

export function generateMetrics(opts: MetricsOptions = {}): GeneratedMetrics {
  const o = { ...METRICS_DEFAULTS, ...opts };
  const gauss = createNormal(createRng(o.seed));
  const n = o.days * ROWS_PER_DAY;
  // 10:00 on the second-to-last day (the last day of a one-day file), for 12 rows.
  const start = Math.max(0, o.days - 2) * ROWS_PER_DAY + 120;
  const incident = { start, end: Math.min(n, start + 12) };
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const phase = (2 * Math.PI * (i % ROWS_PER_DAY)) / ROWS_PER_DAY;
    const hit = i >= incident.start && i < incident.end;
    const cpu = 40 + 20 * Math.sin(phase) + 2 * gauss() + (hit ? 35 : 0);
    const mem = 60 + 5 * Math.sin(phase + 1) + 0.5 * gauss();
    const latency = 120 + 30 * Math.sin(phase) + 4 * gauss() + (hit ? 150 : 0);
    rows.push([String(o.start + STEP * i), cpu.toFixed(2), mem.toFixed(2), latency.toFixed(1)]);
  }
  return { header: ['timestamp', 'cpu', 'mem', 'latency'], rows, incident };
}
