#!/usr/bin/env node
// `npm run test:python`: the checks that need Python — ONNX exports scored by onnxruntime, and
// the Ray example — against `ae scan`, in a venv made once from examples/ray/requirements.txt
// (scripts/python-venv.mjs).
// Without a Python >= 3.10 it says so and runs nothing (exit 0): CI machines here have one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureVenv, findPython } from './python-venv.mjs';

if (!findPython()) {
  console.error('test:python: no Python >= 3.10; the ONNX and Ray checks did not run');
  process.exit(0);
}
const venvPython = ensureVenv('ray', 'examples/ray/requirements.txt', (s) => console.error(`test:python: ${s}`));
if (!venvPython) process.exit(1);

const files = fs
  .readdirSync('test/python')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join('test/python', f));
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, AE_TEST_PYTHON: venvPython, TF_CPP_MIN_LOG_LEVEL: '2' },
});
process.exit(res.status ?? 1);
