// Incidents as Alertmanager alerts (API v2, `POST /api/v2/alerts`): an incident's start posts a
// firing alert (alertname, the series' labels, annotations with the peak likelihood, the metrics
// to blame and a summary), re-posted while it lasts (Alertmanager resolves an alert it stops
// hearing about after its resolve_timeout), and its end posts it again with `endsAt`: resolved.
// A post that fails (server down, slow, 5xx) is retried with backoff, in order; the summary
// counts what was delivered and what was not (decisions #68).
import type { IncidentEvent } from './incident-events.js';

export interface AlertSinkOptions {
  url: string;
  alertname: string;
  /** The labels of an incident's series, by its group (a Prometheus series', or the --group-by column's). */
  labels: (group?: string) => Record<string, string>;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
  /** Told each failed attempt (the URL without credentials). */
  onRetry?: (message: string) => void;
}

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
}

export interface AlertCounts {
  /** Posts Alertmanager took (firing, re-sent and resolved). */
  delivered: number;
  /** Posts still not taken when the watch ended. */
  undelivered: number;
  /** Failed attempts (each retried). */
  retries: number;
}

const BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

export class AlertSink {
  /** Open alerts by group ('' without groups). */
  private readonly open = new Map<string, Alert>();
  private readonly queue: Alert[] = [];
  private sending: Promise<void> | null = null;
  private failures = 0;
  private closed = false;
  readonly counts: AlertCounts = { delivered: 0, undelivered: 0, retries: 0 };

  constructor(private readonly o: AlertSinkOptions) {}

  /** Posts what the events say: a start fires, an end resolves. */
  take(events: IncidentEvent[]): void {
    for (const e of events) {
      const key = e.group ?? '';
      const open = this.open.get(key);
      if (e.event === 'start') {
        const alert = this.alertOf(e);
        this.open.set(key, alert);
        this.queue.push({ ...alert });
      } else {
        // An end without its start here (a resumed watch's): the same labels resolve it.
        const alert = this.alertOf(e);
        this.queue.push({ ...alert, startsAt: open?.startsAt ?? alert.startsAt, endsAt: this.endOf(e) });
        this.open.delete(key);
      }
    }
    this.kick();
  }

  /** Re-posts the open alerts (call every minute or so while the watch runs). */
  resend(): void {
    if (this.queue.length) return; // what is queued is as fresh
    for (const alert of this.open.values()) this.queue.push({ ...alert });
    this.kick();
  }

  /** Waits for the queue to empty, at most `ms`; what is left is counted undelivered. */
  async close(ms = 10_000): Promise<AlertCounts> {
    const deadline = Date.now() + ms;
    while (this.queue.length && Date.now() < deadline) {
      this.kick();
      await Promise.race([this.sending, new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())))]);
    }
    this.closed = true;
    this.counts.undelivered = this.queue.length;
    return this.counts;
  }

  private kick(): void {
    if (this.sending || this.closed) return;
    this.sending = this.drain().finally(() => {
      this.sending = null;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length && !this.closed) {
      const ok = await this.post(this.queue[0]!);
      if (ok) {
        this.queue.shift();
        this.counts.delivered++;
        this.failures = 0;
      } else {
        this.counts.retries++;
        await new Promise((r) => setTimeout(r, BACKOFF_MS[Math.min(this.failures++, BACKOFF_MS.length - 1)]));
      }
    }
  }

  private async post(alert: Alert): Promise<boolean> {
    const url = this.o.url.replace(/\/$/, '') + '/api/v2/alerts';
    try {
      const res = await (this.o.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { ...this.o.headers, 'content-type': 'application/json' },
        body: JSON.stringify([alert]),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      if (res.ok) return true;
      this.o.onRetry?.(`Alertmanager answered HTTP ${res.status}: ${(await res.text()).slice(0, 120)}`);
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      this.o.onRetry?.(`Alertmanager unreachable (${cause}); retrying`);
    }
    return false;
  }

  private alertOf(e: IncidentEvent): Alert {
    const likelihood = e.peakLikelihood === null ? 'unknown' : String(e.peakLikelihood);
    const blame = e.blame.join(', ');
    const labels = this.o.labels(e.group);
    const where = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return {
      labels: { alertname: this.o.alertname, ...labels },
      annotations: {
        summary: `anomaly${where ? ` on ${where}` : ''} since ${e.startTime ?? e.startId ?? `row ${e.start}`}: peak likelihood ${likelihood}${blame ? `, blames ${blame}` : ''}${e.outOfRange ? ', beyond the range seen' : ''}`,
        peak_likelihood: likelihood,
        blame,
        flagged_rows: String(e.flagged),
      },
      startsAt: e.startTime ?? isoOrNow(e.startId, this.now()),
    };
  }

  private endOf(e: IncidentEvent): string {
    return e.endTime ?? isoOrNow(e.endId, this.now());
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }
}

/** A time id as ISO 8601 when it reads as a time, else now. */
function isoOrNow(id: string | undefined, now: number): string {
  const t = id === undefined ? NaN : Date.parse(id);
  return new Date(Number.isFinite(t) ? t : now).toISOString();
}
