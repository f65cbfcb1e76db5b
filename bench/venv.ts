// The Python a bench runs its tools with: a venv made once in ae's cache from a requirements
// file (scripts/python-venv.mjs), or an error saying which one could not be made.
import { spawnSync } from 'node:child_process';

export function benchPython(name: string, requirements: string, cwd = process.cwd()): string {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `import('./scripts/python-venv.mjs').then(m=>console.log(m.ensureVenv(${JSON.stringify(name)},${JSON.stringify(requirements)})))`,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const py = r.stdout.trim().split('\n').at(-1)!;
  if (!py || py === 'null') throw new Error(`no Python venv for ${name} (${requirements})`);
  return py;
}
