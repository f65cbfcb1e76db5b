// Times drawn as the data wrote them: wall-clock digits, the offset named on the axis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeAxisTitle, wallTime } from '../../src/report/time-axis.js';

test('an id with an offset is drawn at its own wall-clock time, across a DST switch', () => {
  assert.equal(wallTime('2026-03-29T14:20:00+01:00'), Date.UTC(2026, 2, 29, 14, 20));
  assert.equal(wallTime('2026-03-29T14:20:00+02:00'), Date.UTC(2026, 2, 29, 14, 20));
  assert.equal(wallTime('2014-04-11 09:00:00'), Date.UTC(2014, 3, 11, 9));
  assert.equal(wallTime('2026-01-02T03:04:05.250Z'), Date.UTC(2026, 0, 2, 3, 4, 5, 250));
  assert.equal(wallTime('1774617600'), 1774617600 * 1000, 'epoch seconds: UTC');
  assert.equal(wallTime('not a time'), null);
});

test('the axis names the offsets the ids carry', () => {
  assert.equal(
    timeAxisTitle(['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00']),
    'time (UTC+01:00 / UTC+02:00)',
  );
  assert.equal(timeAxisTitle(['2026-03-29T01:00:00Z']), 'time (UTC)');
  assert.equal(timeAxisTitle(['1774617600']), 'time (UTC)');
  assert.equal(timeAxisTitle(['2014-04-11 09:00:00']), 'time', 'local times with no zone: none named');
});
