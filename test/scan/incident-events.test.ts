// Incident events from records: each series (group) has its own open incident, so interleaved
// series (live Prometheus series) start and end their incidents independently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentEvents } from '../../src/scan/incident-events.js';
import type { SampleRecord } from '../../src/scan/records.js';

const rec = (group: string, index: number, incident?: 'start' | 'end'): SampleRecord => ({
  index,
  group,
  score: incident === 'end' ? 0.1 : 5,
  likelihood: incident === 'end' ? 0.2 : 0.999999,
  tail: incident === 'end' ? null : 'high',
  ...(incident ? { incident } : {}),
});

test('interleaved series: overlapping incidents each start and end in their own series', () => {
  const events = new IncidentEvents();
  const made = events.take([
    rec('a', 10, 'start'),
    rec('b', 10, 'start'),
    rec('a', 11),
    rec('b', 11),
    rec('b', 12),
    rec('a', 12, 'end'),
  ]);
  assert.deepEqual(
    made.map((e) => [e.event, e.group, e.start, e.flagged]),
    [
      ['start', 'a', 10, 1],
      ['start', 'b', 10, 1],
      ['end', 'a', 10, 2],
    ],
  );
  assert.deepEqual(
    events.ongoing.map((e) => [e.group, e.flagged]),
    [['b', 3]],
    "b's incident is still open, with its own three flagged rows",
  );
});
