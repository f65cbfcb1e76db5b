// A Python venv for checks that need Python (test:python, the bench's baselines), made once
// in ae's cache from a requirements file and keyed by its hash; never inside the repository.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cacheRoot } from '../dist/native/cache.js';

/** A Python >= 3.10 as `{ python, tag }` (tag like "py311"), or null when there is none. */
export function findPython(env = process.env) {
  const python = env.PYTHON || 'python3';
  const r = spawnSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  const [major, minor] = (r.stdout || '0.0').trim().split('.').map(Number);
  if (r.status !== 0 || major < 3 || (major === 3 && minor < 10)) return null;
  return { python, tag: `py${major}${minor}` };
}

/**
 * The venv's python for `requirements`, made first if needed. A venv cannot be moved (its
 * scripts name its folder), so it is built in place and marked complete last; a half-made one
 * (no marker) is removed and made again. Returns null (after saying why) when it cannot be made.
 */
export function ensureVenv(name, requirements, log = (s) => console.error(s)) {
  const found = findPython();
  if (!found) {
    log(`${name}: no Python >= 3.10 (${process.env.PYTHON || 'python3'})`);
    return null;
  }
  const key = createHash('sha256').update(fs.readFileSync(requirements)).digest('hex').slice(0, 12);
  const venv = path.join(cacheRoot(process.env), 'venvs', `${name}-${found.tag}-${key}`);
  const python = path.join(venv, 'bin', 'python');
  if (fs.existsSync(path.join(venv, 'ready'))) return python;
  fs.rmSync(venv, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const started = Date.now();
  log(`${name}: creating ${venv} (pip install -r ${requirements})`);
  for (const [cmd, args] of [
    [found.python, ['-m', 'venv', venv]],
    [path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--retries', '0', '-r', requirements]],
  ]) {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      fs.rmSync(venv, { recursive: true, force: true });
      log(`${name}: ${path.basename(cmd)} ${args[0]} failed`);
      return null;
    }
  }
  fs.writeFileSync(path.join(venv, 'ready'), new Date().toISOString() + '\n');
  log(`${name}: venv ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return python;
}
