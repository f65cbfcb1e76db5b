// Fitting on a CSV file (`ae train data.csv`, and `ae scan data.csv` without a model, which
// fits on the file itself as the seed does), and scoring the training samples as a scan of
// them would: the same records, counts, intervals and metrics.
import { openSource } from '../data/input.js';
import type { Labels } from '../data/labels.js';
import { readSamples, type SampleSet, type SampleSpec } from '../data/samples.js';
import { applyScaler } from '../data/scalers.js';
import { InputError, UsageError } from '../errors.js';
import { columnNamer, explainRows } from '../model/explain.js';
import type { Readable } from 'node:stream';
import { ScanCollector, type CollectOptions, type ScanResult } from './collector.js';
import { Detector } from './detector.js';
import type { DetectorOptions } from './settings.js';
import { fitDetector, type FitHooks } from './fit-detector.js';
import { SILENT, type Notes } from './notes.js';

export interface FileFit {
  detector: Detector;
  samples: SampleSet;
}

/** Reads every sample of `file` and fits a detector on them (all taken as normal). */
export async function fitFile(
  file: string,
  spec: SampleSpec,
  options: DetectorOptions,
  hooks: FitHooks & { stdin?: Readable; notes?: Notes } = {},
): Promise<FileFit> {
  const notes = hooks.notes ?? SILENT;
  const samples = await readSamples(await openSource(file, hooks.stdin), spec);
  checkTrainable(file, spec, samples);
  if (samples.skippedColumns.length) {
    const names = samples.skippedColumns.map((c) => c.name).join(', ');
    notes.note(`skipping non-numeric column(s) ${names} (carry one into the outputs with --id)`);
  }
  const blank = samples.skipped.filter((k) => k.reason === 'blank line').length;
  if (samples.skipped.length > blank) notes.warn(`skipped ${samples.skipped.length - blank} invalid row(s)`);
  if (blank) notes.note(`${blank} blank line(s) (reported as skipped records)`);
  const input = spec.window
    ? { kind: 'windows' as const, width: samples.width, header: samples.header, window: spec.window }
    : { kind: 'rows' as const, width: samples.width, header: samples.header, columns: samples.columns };
  const detector = Detector.fromFit(await fitDetector(samples.values, samples.width, options, input, hooks));
  return { detector, samples };
}

/** Training needs at least two samples, and a one-column file is a series that wants windows. */
function checkTrainable(file: string, spec: SampleSpec, samples: SampleSet): void {
  if (spec.window && samples.count < 2) {
    const { size } = spec.window;
    throw new InputError(
      samples.count === 0
        ? `--window ${size} is longer than the series (${samples.rows} values)`
        : `only one window of ${size} fits in the series (${samples.rows} values); training needs at least two`,
      { file },
      'choose a smaller --window or --stride',
    );
  }
  if (!spec.window && samples.width === 1) {
    const column = samples.columns[0]?.name ?? '1';
    throw new UsageError(
      `${file} has one numeric column: a 1-1-1 network learns nothing`,
      `for one long series, cut it into windows: --column ${JSON.stringify(column)} --window 50`,
    );
  }
  if (samples.count < 2) throw new InputError(`only ${samples.count} sample(s); need at least 2 to train`, { file });
}

export interface TrainingScanOptions extends CollectOptions {
  file: string;
  explain?: number;
  labels?: { labels: Labels; file: string };
  /** The model's description in the result (where it was saved, how it trained). */
  model: Record<string, unknown>;
}

/** The training samples, scored by the trained network itself, judged as a scan judges them. */
export async function scoreTraining(fit: FileFit, opts: TrainingScanOptions): Promise<ScanResult> {
  const { detector, samples: s } = fit;
  const facts = detector.fitted!;
  const collector = new ScanCollector(opts);
  collector.begin(detector.thresholds, opts.model);
  let why: ((rows: number[]) => ReturnType<typeof explainRows>) | undefined;
  const k = opts.explain;
  if (k) {
    const { reconstruct } = await import('../model/score.js');
    const scaler = detector.meta.preprocessing.scaler;
    const scaled = applyScaler(scaler, s.values.slice());
    const namer = columnNamer(detector.meta.input);
    const recon = (x: Float32Array) => reconstruct(facts.model, x, s.width);
    why = (rows) => explainRows(recon, scaler, scaled, s.width, rows, k, namer);
  }
  await collector.add(s, facts.trainScores, why);
  collector.finishSamples(opts.file, s);
  if (opts.labels) collector.evaluate(opts.labels.labels, opts.labels.file);
  return collector.result();
}
