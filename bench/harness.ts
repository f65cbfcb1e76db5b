// What every bench measurement shares: running a child process with a clean TensorFlow
// environment and timing it, medians, and the Python venv for the baselines.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const work = path.resolve('bench/out');
mkdirSync(work, { recursive: true });

export interface ChildRun {
  stdout: string;
  wall: number;
  maxRssKb: number | null;
  peakAnonKb: number | null;
}

/** Runs a command; the TensorFlow settings of this process do not leak into it. */
export function child(cmd: string[], env: Record<string, string>, stdout: 'pipe' | 'ignore' = 'pipe'): ChildRun {
  const base = { ...process.env };
  for (const k of ['TF_ENABLE_ONEDNN_OPTS', 'TF_NUM_INTRAOP_THREADS', 'TF_NUM_INTEROP_THREADS']) delete base[k];
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), {
    env: { ...base, ...env },
    encoding: 'utf8',
    stdio: ['ignore', stdout, 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`);
  const rss = /AE_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
  const anon = /AE_BENCH_PEAK_ANON_KB=(\d+)/.exec(r.stderr ?? '');
  return {
    stdout: r.stdout ?? '',
    wall,
    maxRssKb: rss ? Number(rss[1]) : null,
    peakAnonKb: anon ? Number(anon[1]) : null,
  };
}

export const tsx = (script: string, ...rest: string[]) => [process.execPath, '--import', 'tsx', script, ...rest];

export function median<T>(xs: T[], key: (x: T) => number): T {
  return [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
}

/** The bench venv's python (made on first use from bench/requirements.txt), or null. */
export function python(log: (s: string) => void): string | null {
  if (process.env.AE_BENCH_PYTHON) return process.env.AE_BENCH_PYTHON;
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import('./scripts/python-venv.mjs').then((m) => console.log(m.ensureVenv('bench', 'bench/requirements.txt') ?? ''))`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const found = r.stdout.trim();
  if (!found) log('bench: the Python baselines need a venv (see bench/requirements.txt)');
  return found || null;
}
