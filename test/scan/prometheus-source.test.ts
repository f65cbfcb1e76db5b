// Following Prometheus' live edge, against a real server: polled a few steps at a time, the rows
// are those of one read of the whole span; Prometheus stopped mid-follow and started again, the
// follower retries from the same step and catches up, nothing lost or repeated. Several series:
// one per label set, queries joined on their labels; too many refused; a late one not followed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseQueries, type PromClient } from '../../src/data/prometheus.js';
import { followRows, readRows, type PromSource } from '../../src/scan/prometheus-source.js';
import { tempDir } from '../helpers/files.js';
import { backfill, backfillSeries, serversMissing, startPrometheus, type Server } from '../helpers/prometheus.js';

const missing = serversMissing();
const dir = tempDir();
const STEP = 60;
const T0 = Math.floor(Date.now() / 1000 / 3600) * 3600 - 86400;
const ROWS = 200;
let prom: Server;
let tsdb = '';

before(async () => {
  if (missing) return;
  // A scrape gap (rows 50–54 missing) and a value Prometheus holds as NaN.
  const samples = Array.from({ length: ROWS }, (_, i) => [T0 + i * STEP, i === 80 ? NaN : 100 + i] as [number, number]);
  tsdb = backfill(
    dir,
    'load',
    'host="a"',
    samples.filter((_, i) => i < 50 || i >= 55),
  );
  // Host b: a load of its own; a latency for both hosts.
  backfill(
    dir,
    'load',
    'host="b"',
    samples.map(([t], i) => [t, 500 - i]),
  );
  backfillSeries(dir, 'lat', [
    ['host="a"', samples.map(([t], i) => [t, i % 7])],
    ['host="b"', samples.map(([t], i) => [t, 10 + (i % 5)])],
  ]);
  prom = await startPrometheus(tsdb);
});

after(async () => {
  await prom?.stop();
});

const sourceOf = (queries = ['load=load{host="a"}'], maxSeries = 20): PromSource => {
  const client: PromClient = { url: prom.url, headers: {}, fetch, timeoutMs: 5_000 };
  return { client, queries: parseQueries(queries), step: STEP, maxSeries };
};

/** The one series' lines of a read. */
const only = (rows: Map<string, string[]>) => {
  assert.equal(rows.size, 1, 'one series');
  return [...rows.values()][0]!;
};

test('polled a few steps at a time, the rows are one read of the span', { skip: missing ?? false }, async () => {
  const source = sourceOf();
  const end = T0 + (ROWS - 1) * STEP;
  const whole = only(await readRows(source, T0, end));
  assert.equal(whole.length, ROWS, 'five minutes of lookback fill the scrape gap');
  assert.equal(whole[80], `${new Date((T0 + 80 * STEP) * 1000).toISOString()},`, 'NaN is an empty cell');
  let clock = T0 + 7 * STEP;
  const polled: string[] = [];
  for await (const lines of followRows(source, {
    from: T0,
    until: end,
    lag: 0,
    now: () => (clock += 13 * STEP),
    sleep: async () => {},
  }))
    polled.push(...only(lines));
  assert.deepEqual(polled, whole);
});

test(
  'Prometheus stopped mid-follow and started again: retried from the same step, nothing lost',
  {
    skip: missing ?? false,
  },
  async () => {
    const source = sourceOf();
    const end = T0 + (ROWS - 1) * STEP;
    const whole = only(await readRows(source, T0, end));
    const port = Number(new URL(prom.url).port);
    let clock = T0;
    const retries: string[] = [];
    const got: string[] = [];
    let chunks = 0;
    for await (const lines of followRows(source, {
      from: T0,
      until: end,
      lag: 0,
      now: () => (clock += 40 * STEP),
      sleep: async () => {
        if (retries.length === 1 && prom.process.exitCode !== null) prom = await startPrometheus(tsdb, port);
      },
      onRetry: (m) => retries.push(m),
    })) {
      got.push(...only(lines));
      if (++chunks === 2) await prom.stop();
    }
    assert.ok(retries.length >= 1, 'a failed poll is retried');
    assert.match(retries[0]!, /^Prometheus at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED; retrying from \S+ in 1 s$/);
    assert.deepEqual(got, whole);
  },
);

test('several series: one per label set, the queries joined on their labels', { skip: missing ?? false }, async () => {
  const end = T0 + (ROWS - 1) * STEP;
  const both = await readRows(sourceOf(['load=load', 'lat=lat']), T0, end);
  assert.deepEqual([...both.keys()].sort(), ['{host="a"}', '{host="b"}']);
  for (const host of ['a', 'b']) {
    const alone = only(await readRows(sourceOf([`load=load{host="${host}"}`, `lat=lat{host="${host}"}`]), T0, end));
    assert.deepEqual(both.get(`{host="${host}"}`), alone, `host ${host}: as read alone`);
  }
  assert.equal(both.get('{host="b"}')![3], `${new Date((T0 + 3 * STEP) * 1000).toISOString()},497,13`);
  await assert.rejects(readRows(sourceOf(['load=load', 'lat=lat'], 1), T0, end), /2 series, more than --max-series 1/);
  await assert.rejects(
    readRows(sourceOf(['load=load', 'lat=lat{host="a"}']), T0, end),
    /the series \{host="b"\} has no lat: the queries' series do not join on their labels/,
  );
});

test(
  'a series that appears after the first read is named once and not followed',
  { skip: missing ?? false },
  async () => {
    const source = sourceOf(['load=load']);
    const told: string[] = [];
    source.series = new Map([['{host="a"}', { host: 'a' }]]);
    source.onNewSeries = (key) => told.push(key);
    for (const from of [T0, T0 + 100 * STEP]) {
      const rows = await readRows(source, from, from + 10 * STEP);
      assert.deepEqual([...rows.keys()], ['{host="a"}']);
    }
    assert.deepEqual(told, ['{host="b"}']);
  },
);
