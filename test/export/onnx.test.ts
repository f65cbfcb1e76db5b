// The ONNX file's structure, decoded with the same schema (no onnxruntime needed here; the
// numbers are checked against onnxruntime in test/python/, run by `npm run test:python`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import protobuf from 'protobufjs';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();
const schema = protobuf.loadSync(fileURLToPath(new URL('../../schema/onnx.proto', import.meta.url)));
const ModelProto = schema.lookupType('onnx.ModelProto');
type Decoded = {
  irVersion: number;
  opsetImport: { version: number }[];
  metadataProps: { key: string; value: string }[];
  graph: {
    node: { opType: string }[];
    initializer: { name: string; dims: number[]; rawData: Uint8Array }[];
    input: { name: string }[];
    output: { name: string }[];
  };
};

before(async () => {
  const rows = Array.from({ length: 200 }, (_, r) =>
    ['t' + r, ...Array.from({ length: 8 }, (_, c) => Math.sin(r / 7 + c) + c)].join(','),
  );
  const csv = ['ts,' + Array.from({ length: 8 }, (_, c) => `x${c}`).join(','), ...rows].join('\n') + '\n';
  const file = path.join(dir, 'd.csv');
  (await import('node:fs')).writeFileSync(file, csv);
  const t = await runAe([
    'train',
    file,
    '--out',
    path.join(dir, 'm'),
    '--epochs',
    '2',
    '--quiet',
    '--output-activation',
    'linear',
  ]);
  assert.equal(t.code, 0, t.stderr);
});

test('ae export writes a valid ONNX model: opset, inputs, outputs, layers, metadata', async () => {
  const out = path.join(dir, 'm.onnx');
  const r = await runAe(['export', path.join(dir, 'm'), '--onnx', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.opset, 17);
  const m = ModelProto.toObject(ModelProto.decode(readFileSync(out)), { longs: Number }) as unknown as Decoded;
  assert.equal(m.irVersion, 8);
  assert.equal(m.opsetImport[0]?.version, 17);
  assert.deepEqual(
    m.graph.input.map((i) => i.name),
    ['input'],
  );
  assert.deepEqual(
    m.graph.output.map((o) => o.name),
    ['score', 'reconstruction'],
  );
  const ops = m.graph.node.map((n) => n.opType);
  assert.deepEqual(ops.slice(0, 2), ['Sub', 'Div'], 'the scaler is inside the graph');
  assert.equal(ops.filter((o) => o === 'MatMul').length, 4, '8-4-2-4-8: four dense layers');
  assert.equal(ops.filter((o) => o === 'Relu').length, 3, 'relu hidden layers, linear output');
  assert.ok(ops.includes('ReduceMean'));
  const w1 = m.graph.initializer.find((i) => i.name === 'W1')!;
  assert.deepEqual(w1.dims.map(Number), [8, 4]);
  assert.equal(w1.rawData.byteLength, 8 * 4 * 4);
  const meta = Object.fromEntries(m.metadataProps.map((p) => [p.key, p.value]));
  assert.equal(meta['ae.format'], 'ae-onnx');
  assert.deepEqual(JSON.parse(meta['ae.columns']!), ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
  assert.deepEqual(JSON.parse(meta['ae.column_numbers']!), [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(JSON.parse(meta['ae.thresholds']!).high.value > 0);
});

test('ae export refuses to overwrite, and names a folder that is not a bundle', async () => {
  const out = path.join(dir, 'again.onnx');
  assert.equal((await runAe(['export', path.join(dir, 'm'), '--onnx', out])).code, 0);
  const again = await runAe(['export', path.join(dir, 'm'), '--onnx', out]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
  const bad = await runAe(['export', dir, '--onnx', path.join(dir, 'x.onnx')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /ae\.json is missing or unreadable/);
});
