// Real servers behind a flaky door: Prometheus and Alertmanager answering garbage, too slowly, or
// with a 5xx before they answer well. Each failure is one line naming what happened, retried
// with backoff, and nothing is lost: the rows equal one clean read, the alert arrives once.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { parseQueries } from '../../src/data/prometheus.js';
import { followRows, readRows, type PromSource } from '../../src/scan/prometheus-source.js';
import { AlertSink } from '../../src/scan/alert-sink.js';
import { tempDir } from '../helpers/files.js';
import { backfill, serversMissing, startAlertmanager, startPrometheus, type Server } from '../helpers/prometheus.js';

const missing = serversMissing();
const dir = tempDir();
const STEP = 60;
const T0 = Math.floor(Date.now() / 1000 / 3600) * 3600 - 86400;
const ROWS = 120;
let prom: Server;
let am: Server;

before(async () => {
  if (missing) return;
  const samples = Array.from({ length: ROWS }, (_, i) => [T0 + i * STEP, 10 + (i % 9)] as [number, number]);
  prom = await startPrometheus(backfill(dir, 'load', 'host="a"', samples));
  am = await startAlertmanager(dir);
});

after(async () => {
  await prom?.stop();
  await am?.stop();
});

type Fault = 'garbage' | 'slow' | 'unavailable';

/** A door in front of `target` whose first answers are `faults`, in order; then it passes through. */
async function flakyDoor(target: string, faults: Fault[]): Promise<{ url: string; close: () => void }> {
  const left = [...faults];
  const server = http.createServer(async (req, res) => {
    const body = await new Promise<string>((ok) => {
      let b = '';
      req.on('data', (d) => (b += d)).on('end', () => ok(b));
    });
    const fault = left.shift();
    if (fault === 'garbage') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>');
    if (fault === 'unavailable')
      return res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"error","error":"overloaded"}');
    if (fault === 'slow') await new Promise((r) => setTimeout(r, 1_500));
    const answer = await fetch(target + req.url, {
      method: req.method!,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      ...(req.method === 'GET' ? {} : { body }),
    }).catch(() => null);
    if (!answer) return res.destroy();
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

test(
  'Prometheus answering garbage, too slowly, then 503: each retried and said, the rows as one clean read',
  { skip: missing ?? false },
  async () => {
    const door = await flakyDoor(prom.url, ['garbage', 'slow', 'unavailable']);
    const sourceOf = (url: string): PromSource => ({
      client: { url, headers: {}, fetch, timeoutMs: 500 },
      queries: parseQueries(['load=load']),
      step: STEP,
      maxSeries: 20,
    });
    const end = T0 + (ROWS - 1) * STEP;
    const clean = await readRows(sourceOf(prom.url), T0, end);
    const retries: string[] = [];
    const got: string[] = [];
    for await (const rows of followRows(sourceOf(door.url), {
      from: T0,
      until: end,
      lag: 0,
      now: () => end + STEP,
      sleep: async () => {},
      onRetry: (m) => retries.push(m),
    }))
      got.push(...rows.get('{host="a"}')!);
    door.close();
    assert.deepEqual(got, clean.get('{host="a"}'), 'nothing lost, nothing twice');
    assert.equal(retries.length, 3, retries.join('\n'));
    const from = new Date(T0 * 1000).toISOString();
    assert.match(
      retries[0]!,
      /answered HTTP 200 with no JSON \(<html>proxy error<\/html>\); retrying from (\S+) in 1 s$/,
    );
    assert.ok(retries[0]!.includes(`retrying from ${from}`), 'from the same step');
    assert.match(retries[1]!, /: no answer in 0\.5 s; retrying from \S+ in 2 s$/);
    assert.match(retries[2]!, /answered HTTP 503: overloaded; retrying from \S+ in 5 s$/);
  },
);

test(
  'Alertmanager answering 503, then too slowly: the alert is retried, said, and delivered once',
  { skip: missing ?? false },
  async () => {
    const door = await flakyDoor(am.url, ['unavailable', 'slow']);
    const said: string[] = [];
    const sink = new AlertSink({
      url: door.url,
      alertname: 'FaultTest',
      labels: () => ({ instance: 'web-9' }),
      timeoutMs: 500,
      onRetry: (m) => said.push(m),
    });
    sink.take([
      {
        version: 1,
        event: 'start',
        start: 5,
        startTime: new Date().toISOString(),
        flagged: 1,
        peakLikelihood: 1,
        peakScore: 3,
        outOfRange: false,
        blame: ['load'],
      },
    ]);
    const counts = await sink.close(10_000);
    door.close();
    assert.deepEqual(counts, { delivered: 1, undelivered: 0, retries: 2 });
    assert.match(said[0]!, /^Alertmanager answered HTTP 503: \{"status":"error"/);
    assert.match(said[1]!, /^Alertmanager unreachable \(.*(timeout|aborted).*\); retrying$/i);
    const alerts = (await (await fetch(`${am.url}/api/v2/alerts?filter=alertname%3D%22FaultTest%22`)).json()) as {
      labels: Record<string, string>;
    }[];
    assert.deepEqual(
      alerts.map((a) => a.labels),
      [{ alertname: 'FaultTest', instance: 'web-9' }],
    );
  },
);
