// The work behind `ae watch`: the flags as a watch plan (scan/watch.ts), run as a scan plan
// is (scan-run.ts#runPlan); records become incident events as they stream, and the summary on
// stderr names each incident, its peak likelihood and the metrics it blames.
import type { RecordSink, ScanResult } from '../../scan/scan-result.js';
import { IncidentEvents, type IncidentEvent } from '../../scan/incident-events.js';
import type { ScanRecord } from '../../scan/records.js';
import { parseLearn, watchPlan } from '../../scan/watch.js';
import { UsageError } from '../../errors.js';
import { shownUrl } from '../../scan/prometheus-source.js';
import { AlertSink } from '../../scan/alert-sink.js';
import { ExecSink } from './exec-sink.js';
import { MetricsServer } from './metrics-server.js';
import type { Context } from '../context.js';
import { writeWithBackpressure } from '../io.js';
import { printJson } from '../output.js';
import { ndjsonSink, scanDocument } from './scan-output.js';
import { runPlan } from './scan-run.js';
import { counterChoice } from './option-groups.js';
import type { WatchFlags } from './watch-options.js';
import type { WatchState } from '../../scan/watch-run.js';
import { printWatch } from './watch-print.js';

/** Incidents the summary lists (all are counted). */
const LISTED = 20;

const PROMETHEUS_ONLY = ['query', 'step', 'from', 'until', 'bearerTokenFile', 'maxSeries'] as const;

/** The Prometheus input, when asked for; a file and --prometheus are one or the other. */
async function prometheusOf(ctx: Context, file: string | undefined, flags: WatchFlags, saved: WatchState | null) {
  if (flags.alertname !== undefined && !flags.alertmanager)
    throw new UsageError('--alertname goes with --alertmanager URL');
  if (!flags.prometheus) {
    const stray = PROMETHEUS_ONLY.find((k) => flags[k] !== undefined);
    if (stray) throw new UsageError(`--${kebab(stray)} goes with --prometheus URL`);
    if (file === undefined) throw new UsageError('ae watch needs a file, - for stdin, or --prometheus URL');
    return null;
  }
  if (file !== undefined) throw new UsageError(`--prometheus reads the metrics: it cannot go with a file (${file})`);
  if (flags.groupBy) throw new UsageError('--group-by is for files: a Prometheus watch follows one series');
  const { prometheusInput } = await import('./watch-prometheus.js');
  return prometheusInput(ctx, flags, saved);
}

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export async function runWatch(ctx: Context, file: string | undefined, flags: WatchFlags): Promise<void> {
  // A saved watch's state, read once: where a Prometheus watch goes on, and an incident left open.
  const saved =
    flags.model && !flags.groupBy ? await (await import('../../scan/watch-run.js')).readWatchState(flags.model) : null;
  const prometheus = await prometheusOf(ctx, file, flags, saved);
  // One series is watched as a stream is; several each as a group (their own learning rows).
  const single = prometheus && !prometheus.grouped ? prometheus.series[0]! : null;
  const learn = prometheus ? single?.learn : flags.learn !== undefined ? parseLearn(flags.learn) : undefined;
  const plan = watchPlan({
    file: prometheus ? '-' : file!,
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.relearn ? { relearn: true } : {}),
    ...(flags.columns !== undefined ? { columns: flags.columns } : {}),
    ...(flags.id !== undefined ? { id: flags.id } : {}),
    ...(learn ? { learn } : {}),
    ...(flags.window ? { window: flags.window } : {}),
    ...(flags.likelihood !== undefined ? { likelihood: flags.likelihood } : {}),
    ...(flags.likelihoodWindow !== undefined ? { likelihoodWindow: flags.likelihoodWindow } : {}),
    ...(flags.range === false ? { rangeMargin: null } : {}),
    ...(flags.gap !== undefined ? { gap: flags.gap } : {}),
    ...(flags.cooldown !== undefined ? { cooldown: flags.cooldown } : {}),
    ...(flags.adopt !== undefined ? { adopt: flags.adopt } : {}),
    ...(flags.hold === false ? { hold: null } : typeof flags.hold === 'number' ? { hold: flags.hold } : {}),
    ...(flags.explain !== undefined ? { explain: flags.explain } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
    ...(flags.score ? { score: flags.score } : {}),
    ...(flags.inputNoise !== undefined ? { inputNoise: flags.inputNoise } : {}),
    ...(flags.center !== undefined ? { center: flags.center } : {}),
    ...(flags.ensemble !== undefined ? { ensemble: flags.ensemble } : {}),
    ...(flags.discord === false ? { discord: false } : {}),
    ...(flags.clip === false ? { clip: null } : typeof flags.clip === 'number' ? { clip: flags.clip } : {}),
    ...(flags.skipInvalid ? { skipInvalid: true } : {}),
    ...(flags.impute ? { impute: flags.impute } : {}),
    ...counterChoice(flags),
    ...(flags.out ? { saveTo: flags.out } : {}),
    keep: {
      scores: flags.out !== undefined,
      flagged: flags.json === true || flags.out !== undefined,
      plot: flags.out !== undefined,
    },
  });
  const labelsOf = (group?: string): Record<string, string> =>
    prometheus ? prometheus.labelsOf(group) : group !== undefined ? { [flags.groupBy!]: group } : {};
  const events = new IncidentEvents();
  // Incidents a saved watch left open: their ends, when they come, resolve their alerts.
  const open = saved?.collector.incidents?.open;
  if (open) events.resume(open);
  for (const s of prometheus?.resumedOpen ?? []) events.resume(s);
  const alerts = flags.alertmanager
    ? new AlertSink({
        url: flags.alertmanager,
        alertname: flags.alertname ?? 'AnomalyIncident',
        labels: labelsOf,
        onRetry: (m) => ctx.log.warn(m),
      })
    : null;
  const exec = flags.exec ? new ExecSink(ctx, flags.exec) : null;
  const metrics = flags.listen ? await MetricsServer.start(flags.listen, (r) => labelsOf(r.group)) : null;
  // Alertmanager forgets a firing alert it stops hearing about (resolve_timeout, 5 min by default).
  const resend = alerts ? setInterval(() => alerts.resend(), RESEND_MS).unref() : null;
  const listed: IncidentEvent[] = [];
  const records = flags.ndjson ? ndjsonSink(ctx) : null;
  const sink: RecordSink = async (batch: ScanRecord[]) => {
    const made = events.take(batch);
    alerts?.take(made);
    exec?.take(made);
    metrics?.take(batch);
    for (const e of made) if (e.event === 'end' && listed.length < LISTED) listed.push(e);
    if (flags.incidents && made.length)
      await writeWithBackpressure(ctx.io.stdout, made.map((e) => JSON.stringify(e) + '\n').join(''));
    await records?.(batch);
  };
  const { runWatch: runWatchPlan } = await import('../../scan/watch-run.js');
  const { runLiveGroups } = await import('../../scan/watch-live-groups.js');
  const run = runPlan(ctx, plan, {
    ...flags,
    runner: prometheus?.grouped
      ? (p, env) => runLiveGroups(p, env, prometheus.series, prometheus.stop)
      : async (p, env) => {
          const outcome = await runWatchPlan(p, env, flags.groupBy);
          // A Prometheus watch's state names its series: a restart finds it again.
          if (single && 'state' in outcome) outcome.state.series = prometheus!.labelsOf();
          return outcome;
        },
    onRecords: sink,
    shorterFit: ['--epochs N'],
    ...(prometheus ? { stdin: single?.stream, onStop: prometheus.stop } : {}),
    print: (result: ScanResult) => {
      if (flags.json) printJson(ctx.io, scanDocument(result));
      printWatch(ctx.log, result, [...listed, ...events.ongoing].slice(0, LISTED));
    },
  });
  try {
    await run;
  } finally {
    if (resend) clearInterval(resend);
    if (exec) {
      const c = await exec.close();
      const line = `ae watch: --exec ran ${c.run} time(s), ${c.failed} failed`;
      if (c.failed) ctx.log.warn(line);
      else ctx.log.info(line);
    }
    await metrics?.close(); // after the commands, which may read it
    if (alerts) {
      const c = await alerts.close();
      const line = `ae watch: alerts to ${shownUrl(flags.alertmanager!)}: ${c.delivered} delivered, ${c.undelivered} undelivered (${c.retries} retries)`;
      if (c.undelivered) ctx.log.warn(line);
      else ctx.log.info(line);
    }
  }
}

const RESEND_MS = 60_000;
