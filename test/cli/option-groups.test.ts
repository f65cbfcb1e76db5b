import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleSpec, thresholdRequest } from '../../src/cli/commands/option-groups.js';
import { runAe } from '../helpers/io.js';

test("threshold flags become the core's request: one rule, explicit values on top", () => {
  assert.deepEqual(thresholdRequest({}), { rule: null, high: undefined, low: undefined });
  assert.deepEqual(thresholdRequest({ sigma: 2, tail: 'both', threshold: 10 }), {
    rule: { kind: 'sigma', k: 2, tail: 'both' },
    high: 10,
    low: undefined,
  });
  assert.deepEqual(thresholdRequest({ percentile: 99.5 }).rule, { kind: 'percentile', p: 99.5, tail: 'high' });
  assert.deepEqual(thresholdRequest({ contamination: 0.1, tail: 'low' }).rule, {
    kind: 'contamination',
    fraction: 0.1,
    tail: 'low',
  });
  assert.throws(() => thresholdRequest({ tail: 'low' }), /tail goes with/);
});

test('sample flags: windows of one column, of several (--columns), or of what a model reads', () => {
  assert.deepEqual(sampleSpec({ column: 'v', window: [10] }).window, { column: 'v', size: 10 });
  // Several lengths: the longest is read, each is a part of the sample (longest first).
  assert.deepEqual(sampleSpec({ column: 'v', window: [32, 64, 32] }).window, {
    column: 'v',
    size: 64,
    sizes: [64, 32],
  });
  assert.deepEqual(sampleSpec({ columns: 'cpu,mem', window: [12], stride: 1 }).window, {
    column: 'cpu,mem',
    size: 12,
    stride: 1,
  });
  assert.equal(sampleSpec({ columns: 'cpu,mem', window: [12] }).columns, undefined);
  assert.deepEqual(sampleSpec({ window: [10] }).window, { size: 10 }); // every numeric column
  assert.deepEqual(sampleSpec({ stride: 3 }).window, { stride: 3 }); // a model's window, another stride
  assert.deepEqual(sampleSpec({ columns: '2-4' }), {
    header: 'auto',
    columns: '2-4',
    skipInvalid: false,
    id: undefined,
  });
  assert.equal(sampleSpec({}).header, 'auto');
});

test('commander refuses conflicting and unknown choices before anything runs (exit 2)', async () => {
  for (const argv of [
    ['scan', 'x.csv', '--percentile', '99', '--sigma', '3'],
    ['scan', 'x.csv', '--contamination', '0.1', '--percentile', '99'],
    ['scan', 'x.csv', '--json', '--ndjson'],
    ['scan', 'x.csv', '--columns', '1', '--column', 'v', '--window', '5'],
    ['scan', 'x.csv', '--tail', 'sideways', '--sigma', '3'],
    ['train', 'x.csv', '--scale', 'log'],
    ['train', 'x.csv', '--output-activation', 'tanh'],
  ]) {
    const r = await runAe(argv);
    assert.equal(r.code, 2, `${argv.join(' ')} → ${r.stderr}`);
    assert.match(r.stderr, /cannot be used with|Allowed choices/, argv.join(' '));
    assert.equal(r.stdout, '');
  }
});
