// A small monitoring export with known incidents, as the watch tests and acceptance need it:
// `timestamp,cpu,mem,rps,p99` every 5 minutes (ISO times, UTC) for 8 days, daily cycles with
// noise, and three incidents after the first 750 rows (what `ae watch` learns from by default):
// a p99 spike (day 3), a deploy that lifts cpu for good (day 5: a level shift that becomes the
// new normal) and a memory leak (day 6). Optionally one broken cell (a glitch) before them all.
import { createNormal, createRng } from '../../src/data/rng.js';

export const OPS_STEP_MS = 300_000;
export const OPS_START = Date.UTC(2026, 2, 2);

/** Data lines of each incident: start .. end − 1. */
export const OPS_INCIDENTS = {
  spike: { start: 1000, end: 1006 },
  deploy: { start: 1450, end: 1462 },
  leak: { start: 1900, end: 1960 },
} as const;

export interface OpsOptions {
  days?: number;
  seed?: number;
  /** A cell's text put into p99 at `glitchRow` (e.g. the uint64 maximum, '1e30'). */
  glitch?: string;
  glitchRow?: number;
}

export function opsExport(o: OpsOptions = {}): string {
  const rows = (o.days ?? 8) * 288;
  const gauss = createNormal(createRng(o.seed ?? 7));
  const lines = ['timestamp,cpu,mem,rps,p99'];
  const { spike, deploy, leak } = OPS_INCIDENTS;
  for (let i = 0; i < rows; i++) {
    const phase = (2 * Math.PI * (i % 288)) / 288;
    const rps = 200 + 80 * Math.sin(phase) + 6 * gauss();
    let cpu = 30 + 15 * Math.sin(phase) + 1.5 * gauss() + (i >= deploy.start ? 18 : 0);
    let mem = 55 + 3 * Math.sin(phase + 1) + 0.4 * gauss();
    let p99 = 120 + 25 * Math.sin(phase) + 4 * gauss();
    if (i >= spike.start && i < spike.end) p99 += 400;
    if (i >= leak.start && i < leak.end) mem += 0.5 * (i - leak.start);
    cpu = Math.max(0, cpu);
    mem = Math.max(0, mem);
    const cells = [
      new Date(OPS_START + i * OPS_STEP_MS).toISOString(),
      cpu.toFixed(2),
      mem.toFixed(2),
      rps.toFixed(1),
      p99.toFixed(1),
    ];
    if (o.glitch !== undefined && i === (o.glitchRow ?? 800)) cells[4] = o.glitch;
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
