// Real Prometheus and Alertmanager servers for tests (Debian's packages), on free loopback ports,
// with series backfilled through promtool. Missing servers skip the tests with the reason, and
// fail them where AE_REQUIRE_PROMETHEUS=1 (CI installs the packages).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const TOOLS = ['prometheus', 'promtool', 'prometheus-alertmanager'];

/** null when the servers can run here, else why not (a failure under AE_REQUIRE_PROMETHEUS=1). */
export function serversMissing(): string | null {
  const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (!missing.length) return null;
  const why = `${missing.join(', ')} not installed (apt-get install -y prometheus prometheus-alertmanager)`;
  assert.notEqual(process.env.AE_REQUIRE_PROMETHEUS, '1', why);
  return why;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Samples of one gauge, `name{labels} value time` in OpenMetrics, into a TSDB folder. */
export function backfill(dir: string, name: string, labels: string, samples: [number, number][]): string {
  return backfillSeries(dir, name, [[labels, samples]]);
}

/** Several series of one gauge (one label set each) into a TSDB folder (more blocks each call). */
export function backfillSeries(dir: string, name: string, series: [string, [number, number][]][]): string {
  const om = path.join(dir, `${name}.om`);
  const lines = [
    `# TYPE ${name} gauge`,
    ...series.flatMap(([labels, samples]) => samples.map(([t, v]) => `${name}{${labels}} ${v} ${t}`)),
    '# EOF',
  ];
  fs.writeFileSync(om, lines.join('\n') + '\n');
  const tsdb = path.join(dir, 'tsdb');
  const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, tsdb], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return tsdb;
}

export interface Server {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function started(args: string[], cmd: string, url: string, log: string): Promise<Server> {
  const child = spawn(cmd, args, { stdio: ['ignore', fs.openSync(log, 'a'), fs.openSync(log, 'a')] });
  const server: Server = {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  throw new Error(`${cmd} did not start: ${fs.readFileSync(log, 'utf8').slice(-1500)}`);
}

export async function startPrometheus(tsdb: string, port?: number): Promise<Server> {
  const p = port ?? (await freePort());
  const config = path.join(path.dirname(tsdb), 'prometheus.yml');
  fs.writeFileSync(config, 'global: {}\n');
  return started(
    [`--storage.tsdb.path=${tsdb}`, `--web.listen-address=127.0.0.1:${p}`, `--config.file=${config}`],
    'prometheus',
    `http://127.0.0.1:${p}`,
    path.join(path.dirname(tsdb), 'prometheus.log'),
  );
}

export async function startAlertmanager(dir: string): Promise<Server> {
  const p = await freePort();
  const config = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(config, 'route:\n  receiver: none\nreceivers:\n  - name: none\n');
  return started(
    [
      `--config.file=${config}`,
      `--storage.path=${path.join(dir, 'am')}`,
      `--web.listen-address=127.0.0.1:${p}`,
      '--cluster.listen-address=',
    ],
    'prometheus-alertmanager',
    `http://127.0.0.1:${p}`,
    path.join(dir, 'alertmanager.log'),
  );
}
