// A scan as one typed plan, run in one call: what `ae scan` hands the core after parsing its
// flags. With a model, the file is streamed through the saved detector; without one, a detector
// is fitted on the file itself (all rows taken as normal, as the seed does) and scores the
// samples it was trained on. Either way the result is what the scan found; writing it out
// (NDJSON as records come, JSON, a run folder) is the caller's.
import type { Readable } from 'node:stream';
import { readLabels } from '../data/labels.js';
import type { SampleSpec } from '../data/samples.js';
import type { RecordSink, ScanResult } from './scan-result.js';
import { Detector, modelShape, type DetectorOptions } from './detector.js';
import type { FileFit, TrainingPart } from './fit-file.js';
import { checkRules, type ScanRules } from './rules.js';
import { InvalidSettingError } from '../errors.js';
import { trainingSummary, trainingWarnings } from './training-summary.js';
import { flaggedShareWarnings } from './flag-share.js';
import { timeMessages } from './time-order.js';
import { FilledCells } from '../data/filled.js';
import type { FitHooks } from './fit-detector.js';
import type { Notes } from './notes.js';
import { scan } from './scan-file.js';
import { Relearner, type RelearnOption } from './relearn.js';
import { scoreNotes, scoreWarnings } from './score-warnings.js';
import type { BackendChoice } from './scorer-choice.js';
import { thresholdRequestOf, type ThresholdSettings } from './settings.js';

export interface ScanPlan {
  /** A CSV path, or '-' for `stdin`. */
  file: string;
  read: SampleSpec;
  thresholds: ThresholdSettings;
  /** A bundle folder to score with; without one, `fit` says how to fit on the file. */
  model?: string;
  fit?: DetectorOptions;
  /** Where the fitted model will be saved (recorded in the result), if anywhere. */
  saveTo?: string;
  explain?: number;
  /** A label file (0/1 lines, or CSV index,label / index,kind). */
  labels?: string;
  keep: { scores: boolean; flagged: boolean; plot: boolean };
  /** A record per row, the likelihood rule, incidents. */
  rules?: ScanRules;
  /** Without a model: fit on the first N data lines (or P percent), then score every line. */
  trainFirst?: TrainingPart['trainFirst'];
  /**
   * Refit every `every` samples after the rows learned from (default: as many), on those and the
   * windows judged normal since (relearn.ts). Only a fit on the first rows (trainFirst) relearns.
   */
  relearn?: { every?: number };
  /** With a model: how a series it has no model for learns (a grouped watch's new group). */
  learnPlan?: ScanPlan;
}

export interface ScanEnv {
  stdin?: Readable;
  onRecords?: RecordSink;
  notes?: Notes;
  /** Scoring's backend (a model scan). */
  backend?: BackendChoice;
  /** Training's backend and start (a scan that fits). */
  fitHooks?: FitHooks;
  /** Ends a live input as its end would (Ctrl-C, SIGTERM): what arrived is scored. */
  signal?: AbortSignal;
  /** Called after each batch a fitted file's samples are judged in (the CLI collects garbage). */
  afterBatch?: () => void;
  /** Runs a live watch's learning (several series' watches take turns: one fit at a time). */
  learnGate?: <T>(learn: () => Promise<T>) => Promise<T>;
}

export interface ScanOutcome {
  result: ScanResult;
  detector: Detector;
  /** Set when the detector was fitted on the file. */
  fit: FileFit | null;
  /** Learning after probation: where it stands (its state goes on with a watch's). */
  relearner?: Relearner;
}

/** Checks the plan's settings before any work (reading, training). */
export function checkPlan(plan: ScanPlan): void {
  // With a model, --tail alone re-applies the bundle's rule (checked once it is loaded).
  const tailAlone = plan.model !== undefined && plan.thresholds.tail !== undefined;
  if (!tailAlone) thresholdRequestOf(plan.thresholds);
  checkRules(plan.rules ?? {});
  if (plan.trainFirst && plan.model) throw new InvalidSettingError('trainFirst', 'fits a model: it cannot go with one');
  const every = plan.relearn?.every;
  if (every !== undefined && !(Number.isInteger(every) && every >= 1))
    throw new InvalidSettingError('relearn', `refits every N samples, N a whole number ≥ 1, not ${every}`);
  const first = plan.trainFirst;
  if (first && 'percent' in first && !(first.percent > 0 && first.percent < 100))
    throw new InvalidSettingError('trainFirst', `must be a percentage in (0, 100), not ${first.percent}%`);
  if (first && 'rows' in first && !(Number.isInteger(first.rows) && first.rows >= 2))
    throw new InvalidSettingError('trainFirst', `must be at least 2 rows, not ${first.rows}`);
  if (first && 'duration' in first && !(first.duration > 0))
    throw new InvalidSettingError('trainFirst', `must be a span of time above 0, not ${first.duration} ms`);
}

export async function runScanPlan(plan: ScanPlan, env: ScanEnv = {}): Promise<ScanOutcome> {
  return warnAbout(await runChecked(plan, env), env);
}

/** Says what looks wrong about a result (flag-share.ts): on the notes, and in its warnings. */
export function warnAbout(outcome: ScanOutcome, env: ScanEnv): ScanOutcome {
  const { result, detector } = outcome;
  const training = detector.fitted?.training;
  const warnings = flaggedShareWarnings(
    result.counts,
    result.likelihoodThreshold,
    result.thresholds,
    training !== undefined && trainingWarnings(training).length > 0,
    result.blamedFirst,
  );
  const time = timeMessages(result.time);
  for (const n of time.notes) env.notes?.note(n);
  warnings.push(...time.warnings);
  for (const w of warnings) env.notes?.warn(w);
  result.warnings.push(...warnings);
  return outcome;
}

async function runChecked(plan: ScanPlan, env: ScanEnv): Promise<ScanOutcome> {
  checkPlan(plan);
  const labels = plan.labels ? { labels: await readLabels(plan.labels), file: plan.labels } : undefined; // before any work
  const common = {
    ...(plan.explain ? { explain: plan.explain } : {}),
    ...(labels ? { labels } : {}),
    ...(env.onRecords ? { onRecords: env.onRecords } : {}),
  };
  if (plan.model) {
    const detector = (await Detector.load(plan.model)).withThresholds(plan.thresholds);
    if (Object.keys(plan.thresholds).length) {
      // Thresholds drawn anew from the bundle's training scores: judged as at training.
      for (const w of scoreWarnings(detector)) env.notes?.warn(w);
      for (const n of scoreNotes(detector)) env.notes?.note(n);
    }
    const result = await scan(plan.file, detector, {
      ...common,
      read: plan.read,
      keepScores: plan.keep.scores,
      keepFlagged: plan.keep.flagged,
      plot: plan.keep.plot,
      ...(env.stdin ? { stdin: env.stdin } : {}),
      ...(env.backend ? { backend: env.backend } : {}),
      ...(env.notes ? { notes: env.notes } : {}),
      ...(plan.rules ? { rules: plan.rules } : {}),
      ...(env.signal ? { signal: env.signal } : {}),
    });
    return { result, detector, fit: null };
  }
  // Loaded on use: fitting imports TensorFlow, which a model scan never needs.
  const { fitFile } = await import('./fit-file.js');
  const { scoreTraining } = await import('./score-training.js');
  // Explained: the cells the fit fills in are marked, so a blamed one says so (filled.ts).
  const filled = plan.explain ? new FilledCells() : undefined;
  const fitOptions: DetectorOptions = {
    ...plan.fit,
    ...plan.thresholds,
    ...(plan.rules?.likelihood !== undefined ? { likelihood: plan.rules.likelihood } : {}),
  };
  const fit = await fitFile(
    plan.file,
    filled ? { ...plan.read, filled } : plan.read,
    fitOptions,
    {
      ...env.fitHooks,
      ...(env.stdin ? { stdin: env.stdin } : {}),
      ...(env.notes ? { notes: env.notes } : {}),
    },
    { ...(plan.trainFirst ? { trainFirst: plan.trainFirst } : {}), perRow: plan.rules?.perRow === true },
  );
  const relearner =
    plan.relearn && fit.learnedLines !== undefined
      ? Relearner.start(fit.detector.meta.input, fitOptions, fit.learnedLines, plan.relearn.every)
      : undefined;
  const result = await scoreTraining(fit, {
    ...common,
    ...(relearner ? { relearn: relearnOption(relearner, env) } : {}),
    ...(filled ? { filled } : {}),
    ...(env.afterBatch ? { afterBatch: env.afterBatch } : {}),
    file: plan.file,
    keepScores: plan.keep.scores,
    keepFlagged: plan.keep.flagged,
    plot: plan.keep.plot,
    ...(plan.rules ? { rules: plan.rules } : {}),
    model: {
      dir: plan.saveTo ?? null,
      backend: fit.detector.meta.backend,
      trained: true,
      ...modelShape(fit.detector.meta),
      training: trainingSummary(fit.detector.fitted!.training),
    },
  });
  if (relearner) result.model.relearn = relearner.summary();
  return { result, detector: fit.detector, fit, ...(relearner ? { relearner } : {}) };
}

/** What scoring needs to refit: the backend training loaded, and no second progress display. */
export function relearnOption(relearner: Relearner, env: ScanEnv): RelearnOption {
  const load = env.fitHooks?.loadBackend;
  return { relearner, ...(load ? { hooks: { loadBackend: load } } : {}) };
}
