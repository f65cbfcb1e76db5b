// Running Python (the venv scripts/test-python.mjs made) from tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.AE_TEST_PYTHON ?? '';

/** Runs a Python script with arguments; returns its stdout parsed as JSON (last line). */
export function python<T>(script: string, args: string[], timeoutMs = 10 * 60_000): T {
  assert.ok(PYTHON, 'run through `npm run test:python` (it makes the venv and sets AE_TEST_PYTHON)');
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `python failed:\n${r.stderr.slice(-3000)}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

/** The largest relative difference between onnxruntime's scores and ae's NDJSON scores. */
export const COMPARE_PY = `
import json, sys
import numpy as np, onnxruntime as ort
onnx_path, csv_path, ndjson_path, header = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == '1'
session = ort.InferenceSession(onnx_path, providers=['CPUExecutionProvider'])
meta = session.get_modelmeta().custom_metadata_map
window = json.loads(meta['ae.window'])
numbers = json.loads(meta['ae.column_numbers'])
if window:
    import pandas as pd
    # A window is size rows × the bundle's metrics, row-major, time first (README, ONNX model).
    names = json.loads(meta['ae.columns']) or [window['column']]
    data = pd.read_csv(csv_path)[names].to_numpy(np.float64).astype(np.float32)
    size, stride = window['size'], window['stride']
    starts = range(0, len(data) - size + 1, stride)
    x = np.stack([data[s:s + size].reshape(-1) for s in starts])
    # Several lengths: the longest window, then the newest rows of each shorter one.
    c = len(names)
    if window.get('sizes'): x = np.concatenate([x[:, x.shape[1] - k * c:] for k in window['sizes']], axis=1)
else:
    x = np.loadtxt(csv_path, delimiter=',', skiprows=1 if header else 0, dtype=np.float64, ndmin=2)
    if numbers: x = x[:, [n - 1 for n in numbers]]
    x = x.astype(np.float32)
score = session.run(['score'], {'input': np.ascontiguousarray(x)})[0]
ae = np.array([json.loads(l)['score'] for l in open(ndjson_path)])
rel = np.abs(score.astype(np.float64) - ae) / np.maximum(np.abs(ae), 1e-30)
print(json.dumps({'rows': int(len(ae)), 'onnxRows': int(len(score)), 'maxRel': float(rel.max())}))
`;
