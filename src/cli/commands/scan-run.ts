// The work behind `ae scan`: the flags as one plan, handed to the core once (scan/plan.ts);
// what comes back is written out — NDJSON as records arrive, then the JSON document or the
// summary on stderr, and the run folder with --out.
import type { Readable } from 'node:stream';
import { heapKeeper } from '../heap.js';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { AnomaliesFoundError, InterruptedError, UsageError } from '../../errors.js';
import { StagedDir, assertRunFolderWritable } from '../../io/atomic.js';
import type { ScanEnv, ScanOutcome, ScanPlan } from '../../scan/plan.js';
import type { WatchState } from '../../scan/watch-run.js';
import type { RecordSink, ScanResult } from '../../scan/scan-result.js';
import type { ScanRules } from '../../scan/rules.js';
import { flagFor } from '../exit.js';
import type { Context } from '../context.js';
import type { ScanFlags } from './scan-options.js';
import { ndjsonSink, printScan, writeScanFiles, scanSummary } from './scan-output.js';
import { finishRunFolder } from './run-record.js';
import { detectorOptions, sampleSpec, thresholdSettings } from './option-groups.js';
import { cliNotes, training, withInterrupt } from './fitting.js';
import { DEFAULTS, TRAIN_SETTING_NAMES } from '../../scan/settings.js';
import type { BackendName } from '../../model/backend-settings.js';

export async function runScan(
  ctx: Context,
  file: string,
  flags: ScanFlags,
  given: (option: string) => boolean = () => false,
): Promise<void> {
  const plan = scanPlan(file, flags, given);
  const json = flags.json === true;
  const ndjson = flags.ndjson === true;
  await runPlan(ctx, plan, {
    ...flags,
    ...(ndjson ? { onRecords: ndjsonSink(ctx) } : {}),
    print: (result) => printScan(ctx, result, { json, ndjson }),
  });
}

/** How a plan's result is written out: the flags `scan` and `watch` share. */
export interface PlanOutput {
  out?: string;
  force?: boolean;
  labels?: string;
  failOnAnomaly?: boolean;
  /** Receives the records as they are made (NDJSON, incident events). */
  onRecords?: RecordSink;
  /** Says what was found, once the run folder is written. */
  print: (result: ScanResult) => void;
  /** Runs the plan (default: the core's runScanPlan); a watch's also gives the state to save. */
  runner?: (plan: ScanPlan, env: ScanEnv) => Promise<RunOutcome & { groups?: { dir: string; outcome: RunOutcome }[] }>;
  /** The command's flags that shorten a fit, for the early estimate (default: scan's). */
  shorterFit?: string[];
  /** The input read as '-' (default: stdin), and what ends it on Ctrl-C. */
  stdin?: Readable;
  onStop?: () => void;
}

type RunOutcome = ScanOutcome & { state?: WatchState };

/** A folder being written: a staged run folder, or a group's folder inside one. */
type RunDir = Pick<StagedDir, 'path' | 'file'>;

function runDir(dir: string): RunDir {
  return { path: dir, file: (name) => path.join(dir, name) };
}

/** A run's files: the model (a fitted one, or a watch's to go on from), its state, the scan's. */
async function writeRun(ctx: Context, dir: RunDir, outcome: RunOutcome): Promise<void> {
  const { result, detector, fit } = outcome;
  if (fit) {
    await detector.saveInto(dir.path);
    const { writeLossCurve } = await import('./fitting.js');
    await writeLossCurve(dir.path, detector.fitted!.training);
  } else if (outcome.state) await detector.saveInto(dir.path); // a watch goes on from here
  if (outcome.state) {
    const { WATCH_STATE_FILE } = await import('../../scan/watch-run.js');
    await fsp.writeFile(dir.file(WATCH_STATE_FILE), JSON.stringify(outcome.state) + '\n');
  }
  await writeScanFiles(dir, result);
  await finishRunFolder(ctx, dir, 'scan', scanSummary(result));
}

/** Runs a plan as a command does: interrupts, the run folder, the output, the exit. */
export async function runPlan(ctx: Context, plan: ScanPlan, output: PlanOutput): Promise<ScanResult> {
  const file = plan.file;
  const { checkPlan, runScanPlan } = await import('../../scan/plan.js');
  const run: NonNullable<PlanOutput['runner']> = output.runner ?? runScanPlan;
  checkPlan(plan); // usage errors now, not after training
  const inputs = [file, plan.model, output.labels].filter((f): f is string => f !== undefined && f !== '-');
  if (output.out) await assertRunFolderWritable(output.out, output.force === true, inputs);
  // A live stream (stdin) ends on Ctrl-C or SIGTERM as at its end: every row that arrived is
  // scored and written, then ae exits 130. A second signal aborts at once.
  // A watch learns from a stream's first rows, then goes on live: Ctrl-C ends either part.
  // A file scored with a model stops as well: what was read is scored and written.
  const live =
    (file === '-' && (plan.model || output.runner)) || (file !== '-' && plan.model) ? new AbortController() : null;
  const offLive = live
    ? ctx.io.onInterrupt(() => {
        if (live.signal.aborted) ctx.io.abort(130);
        live.abort();
        output.onStop?.();
      })
    : null;
  const env = {
    stdin: output.stdin ?? ctx.io.stdin,
    ...(live ? { signal: live.signal } : {}),
    notes: cliNotes(ctx),
    ...(output.onRecords ? { onRecords: output.onRecords } : {}),
    backend: { chosen: ctx.chosenBackend(), load: (name: BackendName) => ctx.backend('score', name) },
  };
  const fitting = plan.fit ? training(ctx, plan.fit.epochs ?? DEFAULTS.epochs, output.shorterFit) : null;
  const fitted = (stopped: () => boolean) =>
    run(
      {
        ...plan,
        fit: { ...plan.fit, shouldStop: stopped, onEpoch: fitting!.onEpoch, onEstimate: fitting!.onEstimate },
      },
      {
        ...env,
        fitHooks: fitting!.hooks,
        afterBatch: heapKeeper(),
      },
    );
  const outcome = await (
    fitting && !live ? withInterrupt(ctx, fitted) : fitting ? fitted(() => live!.signal.aborted) : run(plan, env)
  ).finally(() => {
    fitting?.stop();
    offLive?.();
    // Ended by a signal: the pipe may still be open, and would keep the process alive.
    if (live?.signal.aborted) ctx.io.stdin.destroy();
  });
  let staged: StagedDir | null = null;
  const { result, detector, fit } = outcome;
  const groups = outcome.groups ?? [];
  try {
    if (output.out) {
      staged = await StagedDir.create(output.out, output.force === true, inputs);
      if (groups.length) {
        // A folder per group, each a run folder of its own (a watch goes on from it with --model).
        for (const g of groups) {
          const sub = runDir(path.join(staged.path, g.dir));
          await fsp.mkdir(sub.path);
          await writeRun(ctx, sub, g.outcome);
        }
        await finishRunFolder(ctx, staged, 'scan', scanSummary(result), { report: false });
      } else await writeRun(ctx, staged, outcome);
      await staged.commit();
    }
  } catch (err) {
    if (staged) throw await staged.abandon(err);
    throw err;
  } finally {
    detector.dispose();
    for (const g of groups) if (g.outcome.detector !== detector) g.outcome.detector.dispose();
  }
  output.print(result);
  if (fit?.detector.fitted?.training.interrupted) {
    throw new InterruptedError(
      `training after its last completed epoch; the scores are that model's${output.out ? `, saved in ${output.out} (marked interrupted)` : ''}`,
    );
  }
  if (live?.signal.aborted) {
    const records = result.counts.scored + (result.counts.unscored ?? 0);
    throw new InterruptedError(
      file === '-'
        ? `reading; every row that arrived was scored (${records} records)`
        : `reading ${file}; the rows read before were scored (${records} records)`,
    );
  }
  if (output.failOnAnomaly && result.counts.flagged > 0) throw new AnomaliesFoundError(result.counts.flagged);
  return result;
}

/** The parsed flags as the core's plan (usage errors here, before any work). */
function scanPlan(file: string, flags: ScanFlags, given: (option: string) => boolean): ScanPlan {
  if (flags.model) refuseTrainingOptions(given);
  return {
    file,
    read: sampleSpec(flags),
    thresholds: thresholdSettings(flags),
    ...(flags.model ? { model: flags.model } : { fit: detectorOptions(flags) }),
    ...(flags.out ? { saveTo: flags.out } : {}),
    ...(flags.explain ? { explain: flags.explain } : {}),
    ...(flags.labels ? { labels: flags.labels } : {}),
    rules: scanRules(flags),
    ...(flags.trainFirst !== undefined ? { trainFirst: trainFirst(flags.trainFirst) } : {}),
    keep: {
      scores: flags.out !== undefined || flags.labels !== undefined,
      flagged: flags.json === true || flags.out !== undefined,
      plot: flags.out !== undefined,
    },
  };
}

function scanRules(flags: ScanFlags): ScanRules {
  const rules: ScanRules = {};
  if (flags.perRow) {
    if (!flags.window && !flags.model)
      throw new UsageError('--per-row goes with windows (--column and --window, or a window model)');
    rules.perRow = true;
  }
  if (flags.likelihood !== undefined) rules.likelihood = flags.likelihood;
  if (flags.likelihoodWindow !== undefined) rules.likelihoodWindow = flags.likelihoodWindow;
  if (flags.likelihoodClip !== undefined) rules.likelihoodClip = flags.likelihoodClip;
  if (flags.likelihoodAdopt !== undefined) rules.likelihoodAdopt = flags.likelihoodAdopt;
  if (flags.gap !== undefined) rules.gap = flags.gap;
  if (flags.cooldown !== undefined) rules.cooldown = flags.cooldown;
  if (flags.hold !== undefined) rules.hold = flags.hold;
  if (flags.rangeMargin !== undefined) rules.rangeMargin = flags.rangeMargin;
  return rules;
}

/** `--train-first 750` or `--train-first 15%`. */
function trainFirst(text: string): NonNullable<ScanPlan['trainFirst']> {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m)
    throw new UsageError(`--train-first takes a row count or a percentage (750, 15%), not ${JSON.stringify(text)}`);
  return m[2] ? { percent: Number(m[1]) } : { rows: Number(m[1]) };
}

/** Options that only shape training do nothing with a trained bundle: say so instead of ignoring them. */
function refuseTrainingOptions(given: (option: string) => boolean): void {
  const used = TRAIN_SETTING_NAMES.find(given);
  if (used) throw new UsageError(`${flagFor(used)} has no effect with --model (the bundle is already trained)`);
}
