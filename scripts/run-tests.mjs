#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner (through tsx). Node 20's runner does
// not expand globs and silently runs nothing when given no files, so list them explicitly
// and refuse to pass with none. Extra arguments filter by path substring.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

// test/install/ packs and installs ae with several npm versions (minutes), and test/python/
// needs a venv (scripts/test-python.mjs): they run only when named (`npm run test:install`,
// `npm run test:python`), not in the default `npm test`.
const filters = process.argv.slice(2);
const files = readdirSync('test', { recursive: true })
  .map((f) => path.join('test', String(f)))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) =>
    filters.length === 0 ? !/^test[\\/](install|python)[\\/]/.test(f) : filters.some((s) => f.includes(s)),
  )
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
// One file at a time: the tests train small TensorFlow models and this machine has 2 cores.
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TF_ENABLE_ONEDNN_OPTS: process.env.TF_ENABLE_ONEDNN_OPTS ?? '0' },
});
process.exit(res.status ?? 1);
