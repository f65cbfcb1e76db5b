import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ndjsonLine } from '../../src/cli/commands/scan-records.js';
import type { SampleRecord } from '../../src/scan/records.js';
import { createRng } from '../../src/data/rng.js';

// The hand-written NDJSON must be exactly what JSON.stringify would print, for any score.
test('ndjsonLine matches JSON.stringify of the same record', () => {
  const rand = createRng(9);
  const scores = [0, 1, 0.5, 1e-7, 1.23456e-12, 3.4e38, 123456, 1234567, 9.99999e21, 1e21];
  for (let i = 0; i < 2000; i++) scores.push(Number((rand() * 10 ** Math.floor(rand() * 30 - 15)).toPrecision(6)));
  for (const [i, score] of scores.entries()) {
    const tail = i % 3 === 0 ? 'high' : i % 3 === 1 ? 'low' : null;
    const item: SampleRecord = { index: i * 7919, score: i % 11 === 5 ? null : score, tail };
    if (i % 5 === 1) item.likelihood = i % 10 === 1 ? null : Math.round(rand() * 1e10) / 1e10;
    if (i % 2) Object.assign(item, { start: i * 25, end: i * 25 + 50 });
    const incident = i % 7 === 3 ? ('start' as const) : i % 7 === 4 ? ('end' as const) : undefined;
    const { tail: _t, ...rest } = item;
    const outOfRange = i % 13 === 2;
    if (outOfRange) item.outOfRange = true;
    const marks = { ...(outOfRange ? { outOfRange } : {}), ...(incident ? { incident } : {}) };
    const expected =
      JSON.stringify(tail ? { ...rest, flagged: true, tail, ...marks } : { ...rest, flagged: false, ...marks }) + '\n';
    if (incident) item.incident = incident;
    assert.equal(ndjsonLine(item), expected);
  }
});

// JSON has no NaN or Infinity: a number that is not finite prints as JSON.stringify prints it, null.
test('ndjsonLine never prints NaN or Infinity', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    const line = ndjsonLine({ index: 3, score: bad, likelihood: bad, tail: null });
    assert.equal(line, '{"index":3,"score":null,"likelihood":null,"flagged":false}\n');
    assert.deepEqual(
      JSON.parse(line),
      JSON.parse(JSON.stringify({ index: 3, score: bad, likelihood: bad, flagged: false })),
    );
  }
});
