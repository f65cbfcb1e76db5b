// `ae watch --listen HOST:PORT`: the watch's latest state for Prometheus to scrape — `/metrics`
// in the text exposition format (prom-client's registry: no default process metrics, only the
// watch's) and `/healthz`. Per series (its Prometheus labels, or the --group-by column):
// ae_anomaly_likelihood and ae_anomaly_score of the newest scored row, ae_incident_open, and
// the rows scored and flagged so far.
import http from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';
import { UsageError } from '../../errors.js';
import { isSkipped, type ScanRecord } from '../../scan/records.js';

type Labels = Record<string, string>;

interface Metrics {
  likelihood: Gauge;
  score: Gauge;
  open: Gauge;
  scored: Counter;
  flagged: Counter;
}

export class MetricsServer {
  private readonly registry = new Registry();
  private metrics: Metrics | null = null;

  private constructor(
    private readonly server: http.Server,
    private readonly labelsOf: (r: ScanRecord) => Labels,
  ) {}

  /** Listens on `HOST:PORT` (a bare port: 127.0.0.1). */
  static async start(listen: string, labelsOf: (r: ScanRecord) => Labels): Promise<MetricsServer> {
    const m = /^(?:(.+):)?(\d+)$/.exec(listen);
    if (!m) throw new UsageError(`--listen ${listen}: expected HOST:PORT (127.0.0.1:9464) or a port`);
    const host = m[1] ?? '127.0.0.1';
    const port = Number(m[2]);
    let self: MetricsServer | null = null;
    const server = http.createServer((req, res) => void self!.answer(req, res));
    self = new MetricsServer(server, labelsOf);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new UsageError(`--listen ${listen}: ${err.code === 'EADDRINUSE' ? 'the address is in use' : err.message}`),
        ),
      );
      server.listen(port, host, () => resolve());
    });
    return self;
  }

  /** The records of a batch, newest last. */
  take(records: ScanRecord[]): void {
    for (const r of records) {
      if (isSkipped(r)) continue;
      const labels = this.labelsOf(r);
      const m = this.metricsFor(Object.keys(labels));
      m.scored.inc(labels);
      if (r.tail) m.flagged.inc(labels);
      if (r.score !== null) m.score.set(labels, r.score);
      if (r.likelihood != null) m.likelihood.set(labels, r.likelihood);
      // Set at an incident's start and end; otherwise only made to exist (at 0).
      if (r.incident) m.open.set(labels, r.incident === 'start' ? 1 : 0);
      else m.open.inc(labels, 0);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': this.registry.contentType }).end(await this.registry.metrics());
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else res.writeHead(404).end();
  }

  /** Made on the first record: the label names are the series' (known once it is read). */
  private metricsFor(labelNames: string[]): Metrics {
    if (this.metrics) return this.metrics;
    const registers = [this.registry];
    const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers });
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers });
    this.metrics = {
      likelihood: gauge(
        'ae_anomaly_likelihood',
        'How unusual the newest rows are against the series history, in [0, 1]',
      ),
      score: gauge('ae_anomaly_score', "The newest scored row's anomaly score (the record's score)"),
      open: gauge('ae_incident_open', '1 while an incident is open'),
      scored: counter('ae_rows_scored_total', 'Rows scored by this watch'),
      flagged: counter('ae_rows_flagged_total', 'Rows flagged by this watch'),
    };
    return this.metrics;
  }
}
