// Option groups shared by `train` and `scan`, declared once. Each helper adds its options to a
// commander command and returns it with the options' types inferred (extra-typings), so the
// values an action receives are typed by what was declared. The converters below turn those
// values into the core's plain settings.
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import type { SampleSpec } from '../../data/samples.js';
import { SCALER_KINDS } from '../../data/scalers.js';
import { TAILS, type ThresholdRequest } from '../../detect/thresholds.js';
import { OUTPUT_ACTIVATIONS, SCORES } from '../../model/architecture.js';
import { CENTER_CHOICES } from '../../model/level.js';
import { VALIDATION_ROWS } from '../../model/validation.js';
import { ensembleChoice, layerList, num, windowList } from '../options.js';
import { windowSizeFields } from '../../data/window-lengths.js';
import {
  DEFAULTS,
  TRAIN_SETTING_NAMES,
  WINDOW_SCALINGS,
  thresholdRequestOf,
  type ThresholdSettings,
  type TrainSettings,
} from '../../scan/settings.js';

type AnyCommand<A extends unknown[], O extends OptionValues, G extends OptionValues> = Command<A, O, G>;

export function withSampleOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  cmd: AnyCommand<A, O, G>,
) {
  return cmd
    .optionsGroup('Reading the CSV:')
    .addOption(
      new Option(
        '--columns <list>',
        'columns to use: 1-based numbers, header names or ranges, e.g. 2-101 (default: all numeric but a time column); with --window, the metrics each window holds',
      ).conflicts('column'),
    )
    .option('--column <name|n>', 'long format: the column holding a series (with --window; same as --columns)')
    .option(
      '--window <w>',
      'long format: windows of w consecutive rows (of --columns, default all numeric; a model gives its own); several lengths, 64,32: one autoencoder each, scores averaged; auto: the period of the rows learned from and its half',
      windowList,
    )
    .option(
      '--stride <s>',
      'long format: rows between window starts (default: window length; a model gives its own)',
      num({ int: true, min: 1 }),
    )
    .option('--header', 'the first row is a header (default: detected)')
    .option('--no-header', 'the first row is data')
    .addOption(
      new Option(
        '--decimal <mark>',
        "decimal mark of the numbers: '.' or ',' (24,08; cells then split on ; or tab)",
      ).choices(['.', ','] as const),
    )
    .addOption(
      new Option(
        '--impute <how>',
        "fill missing cells (blank, NA, null, …) with each column's 'median' or 'mean', or a series' 'previous' value or a 'linear' one between its neighbours (stored in the bundle; off by default for rows, 'previous' for windows)",
      ).choices(['median', 'mean', 'previous', 'linear'] as const),
    )
    .addOption(
      new Option(
        '--encode <how>',
        "'onehot': text columns become one 0/1 column per category (rows; categories stored in the bundle; off by default: text columns are left out)",
      ).choices(['onehot'] as const),
    )
    .option(
      '--counter <list>',
      'read these columns as counters: their increase per row (found by name _total/_count/_sum or by resets otherwise)',
    )
    .option('--not-counter <list>', 'read these columns as they are, even if they look like counters')
    .option('--skip-invalid', 'skip rows with missing or non-numeric values (each reported, never dropped silently)')
    .option('--id <column>', 'carry this column (name or 1-based number) as text into every output: ids, timestamps');
}

export function withTrainingOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  cmd: AnyCommand<A, O, G>,
) {
  return cmd
    .optionsGroup('Training (ae train; ae scan without --model):')
    .option('--layers <list>', 'encoder widths, decoder mirrors them (default: L/2,L/4, at most 256,128)', layerList)
    .option('--epochs <n>', 'training epochs', num({ int: true, min: 1 }), DEFAULTS.epochs)
    .option('--batch-size <n>', 'rows per step', num({ int: true, min: 1 }), DEFAULTS.batchSize)
    .option(
      '--validation-split <f>',
      'share of rows held out for validation',
      num({ min: 0, max: 0.9 }),
      DEFAULTS.validationSplit,
    )
    .addOption(
      new Option(
        '--score <kind>',
        "per-sample score: 'mse' (mean squared error), 'mae' (mean absolute), 'relative' (each metric's squared error over its training error, combined) or 'relative-mae' (the same with absolute errors)",
      )
        .choices(SCORES)
        .default(DEFAULTS.score),
    )
    .addOption(
      new Option('--validation <rows>', "which rows: 'random' (seeded sample) or 'last' (as Keras)")
        .choices(VALIDATION_ROWS)
        .default(DEFAULTS.validation),
    )
    .option('--learning-rate <lr>', 'Adam learning rate', num({ above: 0 }), DEFAULTS.learningRate)
    .option(
      '--early-stopping <n>',
      'stop when validation loss has not improved for n epochs; keep the best epoch (default: off)',
      num({ int: true, min: 1 }),
    )
    .option(
      '--max-windows <n>',
      'train on n samples (windows, or rows) drawn at random (seeded) from all; all are scored (default: all)',
      num({ int: true, min: 2 }),
    )
    .option(
      '--max-steps <n>',
      'train for at most n batches in all: the epochs are cut to fit, at least one (default: no cap)',
      num({ int: true, min: 1 }),
    )
    .option(
      '--clip <k>',
      'when scoring, cut scaled values to ±k training sds: one glitch cannot hold a window up (default: no cut; ae watch 30)',
      num({ above: 0 }),
    )
    .option(
      '--input-noise <sd>',
      'train as a denoising autoencoder: each step adds Gaussian noise of sd (in scaled units: training sds) to its inputs, the targets stay clean (default: 0)',
      num({ min: 0 }),
    )
    .option(
      '--ensemble <n>',
      'windows: autoencoders per window length, each its own seed; a window scores the mean of their errors. auto: 3 when the samples learned from are few (one trains every epoch within --max-steps, else 4000 batches), else 1 (default: 1; ae watch auto)',
      ensembleChoice,
    )
    .option(
      '--discord',
      "windows: fuse a train discord into the score — each window's distance to its nearest learned window, shape against shape, beside the autoencoder's error (default: off; ae watch on)",
    )
    .option('--seed <n>', 'random seed (same seed → same scores)', num({ int: true, min: 0 }), DEFAULTS.seed);
}

export function withThresholdOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  cmd: AnyCommand<A, O, G>,
) {
  return cmd
    .optionsGroup("Thresholds (default: the bundle's; ae train stores percentile 99, tail high):")
    .option('--threshold <x>', 'flag scores ≥ x (tail "high")', num())
    .option('--below <y>', 'flag scores ≤ y (tail "low")', num())
    .addOption(
      new Option('--contamination <f>', 'expected share of anomalies, in (0, 0.5]')
        .argParser(num({ above: 0, max: 0.5 }))
        .conflicts(['percentile', 'sigma']),
    )
    .addOption(
      new Option(
        '--percentile <p>',
        'threshold at this percentile of training scores, in (0, 100]; 100 = their maximum',
      )
        .argParser(num({ above: 0, max: 100 }))
        .conflicts('sigma'),
    )
    .option('--sigma <k>', 'median ± k·σ of training scores (σ from MAD)', num({ above: 0 }))
    .addOption(
      new Option(
        '--tail <tail>',
        "which tail the automatic rules flag (default: high); alone with --model, the bundle's rule on those tails",
      ).choices(TAILS),
    );
}

/** How a CSV model is built: shared by `train <csv>` and `scan` without --model. */
export function withCsvModelOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  cmd: AnyCommand<A, O, G>,
) {
  return cmd
    .addOption(
      new Option('--scale <kind>', 'CSV preprocessing fitted on the data')
        .choices(SCALER_KINDS)
        .default(DEFAULTS.scale),
    )
    .addOption(
      new Option('--window-scaling <how>', "windows: a scaler per 'position' and metric, or per 'metric'")
        .choices(WINDOW_SCALINGS)
        .default(DEFAULTS.windowScaling),
    )
    .addOption(
      new Option(
        '--center <which>',
        "windows the network reads without their level (each window's mean per column): 'longest', 'all' or 'none' (ae watch: longest)",
      )
        .choices(CENTER_CHOICES)
        .default(DEFAULTS.center),
    )
    .addOption(
      new Option('--output-activation <a>', 'sigmoid (seed; separates both tails) or linear')
        .choices(OUTPUT_ACTIVATIONS)
        .default(DEFAULTS.outputActivation),
    );
}

export interface SampleFlags {
  columns?: string;
  column?: string;
  window?: number[] | 'auto';
  stride?: number;
  header?: boolean;
  skipInvalid?: true;
  id?: string;
  decimal?: '.' | ',';
  impute?: 'median' | 'mean' | 'previous' | 'linear';
  encode?: 'onehot';
  counter?: string;
  notCounter?: string;
  /** A model to read with: it holds its own fill values (no default fill then). */
  model?: string;
}

/** `--counter a,b` / `--not-counter c` as the reader's choice. */
export function counterChoice(flags: { counter?: string; notCounter?: string }) {
  const list = (s?: string) =>
    s
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const force = list(flags.counter);
  const never = list(flags.notCounter);
  return force || never ? { counters: { ...(force ? { force } : {}), ...(never ? { never } : {}) } } : {};
}

export function sampleSpec(flags: SampleFlags): SampleSpec {
  const windowed = flags.window !== undefined || flags.stride !== undefined || flags.column !== undefined;
  // With --window, --columns names the metrics a window holds (several side by side).
  const column = flags.column ?? (windowed ? flags.columns : undefined);
  return {
    header: flags.header === undefined ? 'auto' : flags.header,
    ...(windowed ? {} : { columns: flags.columns }),
    skipInvalid: flags.skipInvalid === true,
    id: flags.id,
    ...(flags.decimal ? { decimal: flags.decimal } : {}),
    // A series' missing cells carry the last value by default (a note says how many); rows
    // have no order to carry along: their missing cells are refused unless --impute says how.
    ...(flags.impute ? { impute: flags.impute } : windowed && !flags.model ? { impute: 'previous' as const } : {}),
    ...(flags.encode ? { encode: flags.encode } : {}),
    ...counterChoice(flags),
    ...(windowed
      ? {
          window: {
            ...(column !== undefined ? { column } : {}),
            ...(flags.window !== undefined ? windowSizeFields(flags.window) : {}),
            ...(flags.stride !== undefined ? { stride: flags.stride } : {}),
          },
        }
      : {}),
  };
}

export interface ThresholdFlags {
  threshold?: number;
  below?: number;
  contamination?: number;
  percentile?: number;
  sigma?: number;
  tail?: (typeof TAILS)[number];
}

/** The threshold flags as the core's settings. */
export function thresholdSettings(flags: ThresholdFlags): ThresholdSettings {
  const { threshold, below, contamination, percentile, sigma, tail } = flags;
  return Object.fromEntries(
    Object.entries({ threshold, below, contamination, percentile, sigma, tail }).filter(([, v]) => v !== undefined),
  );
}

/** The flags as the core's request (commander has already refused two rules at once). */
export function thresholdRequest(flags: ThresholdFlags): ThresholdRequest {
  return thresholdRequestOf(thresholdSettings(flags));
}

/** The training flags as the detector's settings (their defaults are settings.ts' DEFAULTS). */
export function detectorOptions(flags: TrainSettings): TrainSettings {
  return Object.fromEntries(TRAIN_SETTING_NAMES.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]]));
}
