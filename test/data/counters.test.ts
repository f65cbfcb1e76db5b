// Counters: found by name or by their resets, read as their increase; gauges left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counterIncreases, looksLikeCounter, markCounters } from '../../src/data/counters.js';
import type { Batch } from '../../src/data/batch.js';

const text = (xs: number[]) => xs.map(String);

test('a counter with a reset looks like one; gauges, spikes, leaks and negatives do not', () => {
  const counter = Array.from({ length: 60 }, (_, i) => (i < 40 ? i * 3 : (i - 40) * 3));
  assert.equal(looksLikeCounter(text(counter)), true);
  const gauge = Array.from({ length: 60 }, (_, i) => 50 + 10 * Math.sin(i / 5));
  assert.equal(looksLikeCounter(text(gauge)), false);
  const spikes = Array.from({ length: 60 }, (_, i) => (i % 2 ? 5 + i : 0));
  assert.equal(looksLikeCounter(text(spikes)), false, 'falls to zero half the time: a spiky gauge');
  const leak = Array.from({ length: 60 }, (_, i) => 100 + i);
  assert.equal(looksLikeCounter(text(leak)), false, 'rising with no reset: could be a leak, not judged a counter');
  const negative = counter.map((x) => x - 200);
  assert.equal(looksLikeCounter(text(negative)), false);
});

test('names say counter (_total, _count, _sum); --counter and --not-counter win', () => {
  const cols = [
    { number: 1, name: 'errors_total' },
    { number: 2, name: 'cpu' },
    { number: 3, name: 'http_requests_count' },
  ];
  const none = () => [] as string[];
  assert.deepEqual(
    markCounters(cols, none).map((c) => c.counter === true),
    [true, false, true],
  );
  assert.deepEqual(
    markCounters(cols, none, { force: ['cpu'], never: ['errors_total'] }).map((c) => c.counter === true),
    [false, true, true],
  );
});

test('increases: reset-aware, 0 on the first row, carried across batches', async () => {
  const batch = (values: number[]): Batch =>
    ({ count: values.length / 2, width: 2, values: Float32Array.from(values), index: new Int32Array(0) }) as Batch;
  const batches = [batch([1, 10, 2, 12, 3, 15]), batch([4, 2, 5, 7])]; // column 2: 10, 12, 15, reset to 2, 7
  const out: number[] = [];
  const columns = () => [
    { number: 1, name: 'gauge' },
    { number: 2, name: 'n_total', counter: true },
  ];
  for await (const b of counterIncreases(batches, columns)) out.push(...Array.from(b.values.subarray(0, b.count * 2)));
  assert.deepEqual(out, [1, 0, 2, 2, 3, 3, 4, 2, 5, 5]);
});

test('with times, an increase across a scrape gap is spread over the steps it covers', async () => {
  // One row a minute; 30 minutes missing after 00:04; the counter rises 2 a minute throughout.
  const minutes = [0, 1, 2, 3, 4, 34, 35, 36];
  const ids = minutes.map((m) => new Date(Date.UTC(2026, 2, 2, 0, m)).toISOString());
  const counts = minutes.map((m) => 100 + 2 * m);
  const b = { count: 8, width: 1, values: Float32Array.from(counts), index: new Int32Array(8), ids } as Batch;
  const out: number[] = [];
  for await (const x of counterIncreases([b], () => [{ number: 1, name: 'errors_total', counter: true }]))
    out.push(...Array.from(x.values));
  assert.deepEqual(out, [0, 2, 2, 2, 2, 2, 2, 2], 'the 60 errors of the gap are 2 a step, not 60 in one row');
});

test('carried forward: a missing cell takes the last value of its column; before any, the fallback', async () => {
  const { carryForward } = await import('../../src/data/impute.js');
  const b = {
    count: 4,
    width: 2,
    values: Float32Array.from([NaN, 1, 2, NaN, NaN, NaN, 5, 6]),
    index: new Int32Array(0),
  } as unknown as Batch;
  const out: number[] = [];
  for await (const x of carryForward([b], [9, 0])) out.push(...Array.from(x.values));
  assert.deepEqual(out, [9, 1, 2, 1, 2, 1, 5, 6]);
});
