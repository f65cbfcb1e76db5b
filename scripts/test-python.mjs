#!/usr/bin/env node
// `npm run test:python`: the checks that need Python — ONNX exports scored by onnxruntime, and
// the Ray example — against `ae scan`. Makes (once, then reuses) a venv in ae's cache from
// examples/ray/requirements.txt, keyed by that file's hash; never inside the repository.
// Without a Python >= 3.10 it says so and runs nothing (exit 0): CI machines here have one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cacheRoot } from '../dist/native/cache.js';

const python = process.env.PYTHON || 'python3';
const version = spawnSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
const [major, minor] = (version.stdout || '0.0').trim().split('.').map(Number);
if (version.status !== 0 || major < 3 || (major === 3 && minor < 10)) {
  console.error(`test:python: no Python >= 3.10 (${python}); the ONNX and Ray checks did not run`);
  process.exit(0);
}

const requirements = 'examples/ray/requirements.txt';
const key = createHash('sha256').update(fs.readFileSync(requirements)).digest('hex').slice(0, 12);
const cache = cacheRoot(process.env); // the same folder ae itself uses (built by `npm run build` first)
const venv = path.join(cache, 'venvs', `ray-py${major}${minor}-${key}`);
const venvPython = path.join(venv, 'bin', 'python');

// A venv cannot be moved (its scripts name its folder), so it is built in place and marked
// complete last; a half-made one (no marker) is removed and made again.
if (!fs.existsSync(path.join(venv, 'ready'))) {
  fs.rmSync(venv, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const started = Date.now();
  console.error(`test:python: creating ${venv} (pip install -r ${requirements}, about 650 MB)`);
  for (const [cmd, args] of [
    [python, ['-m', 'venv', venv]],
    [path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--retries', '0', '-r', requirements]],
  ]) {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      fs.rmSync(venv, { recursive: true, force: true });
      console.error(`test:python: ${path.basename(cmd)} ${args[0]} failed`);
      process.exit(1);
    }
  }
  fs.writeFileSync(path.join(venv, 'ready'), new Date().toISOString() + '\n');
  console.error(`test:python: venv ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const files = fs
  .readdirSync('test/python')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join('test/python', f));
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, AE_TEST_PYTHON: venvPython, TF_CPP_MIN_LOG_LEVEL: '2' },
});
process.exit(res.status ?? 1);
