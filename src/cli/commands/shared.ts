// Options and steps shared by `train` and `scan`: reading samples, model shape, training flags,
// thresholds, and the Ctrl-C handling around training.
import { Option, type Command } from '@commander-js/extra-typings';
import { UsageError } from '../../errors.js';
import type { SampleSpec } from '../../data/samples.js';
import type { ScoreDistribution } from '../../detect/stats.js';
import { thresholdsFromRule, type Tail, type ThresholdRule, type Thresholds } from '../../detect/thresholds.js';
import type { Context } from '../context.js';
import { layerList, num, oneOf } from '../options.js';

export function addSampleOptions<C extends Command<any, any, any>>(cmd: C) {
  return cmd
    .option('--columns <list>', 'columns to use: 1-based numbers, header names or ranges, e.g. 2-101 (default: all numeric)')
    .option('--column <name|n>', 'long format: the one column holding a series (with --window)')
    .option('--window <w>', 'long format: window length', num({ int: true, min: 2 }))
    .option('--stride <s>', 'long format: step between windows (default: window length)', num({ int: true, min: 1 }))
    .option('--header', 'the first row is a header (default: detected)')
    .option('--no-header', 'the first row is data')
    .option('--skip-invalid', 'skip rows with missing or non-numeric values (counted and reported)');
}

export function addTrainingOptions<C extends Command<any, any, any>>(cmd: C, defaults: { epochs: number }) {
  return cmd
    .option('--layers <list>', 'encoder widths, decoder mirrors them (default: L/2,L/4)', layerList)
    .option('--epochs <n>', 'training epochs', num({ int: true, min: 1 }), defaults.epochs)
    .option('--batch-size <n>', 'rows per step', num({ int: true, min: 1 }), 32)
    .option('--validation-split <f>', 'share of rows held out (the last ones)', num({ min: 0, max: 0.9 }), 0.25)
    .option('--learning-rate <lr>', 'Adam learning rate', num({ above: 0 }), 0.001)
    .option('--seed <n>', 'random seed (same seed → same scores)', num({ int: true, min: 0 }), 0);
}

export function addThresholdOptions<C extends Command<any, any, any>>(cmd: C) {
  return cmd
    .option('--threshold <x>', 'flag scores ≥ x (tail "high")', num())
    .option('--below <y>', 'flag scores ≤ y (tail "low")', num())
    .option('--contamination <f>', 'expected share of anomalies, in (0, 0.5]', num({ above: 0, max: 0.5 }))
    .option('--percentile <p>', 'threshold at this percentile of training scores, in (0, 100)', num({ above: 0, below: 100 }))
    .option('--sigma <k>', 'median ± k·σ of training scores (σ from MAD)', num({ above: 0 }))
    .addOption(new Option('--tail <tail>', 'which tail the automatic rules flag').argParser(oneOf<Tail>('high', 'low', 'both')));
}

/** The training flags every training command shares (addTrainingOptions). */
export interface TrainingFlags {
  layers?: number[];
  epochs: number;
  batchSize: number;
  validationSplit: number;
  learningRate: number;
  seed: number;
}

export interface SampleFlags {
  columns?: string;
  column?: string;
  window?: number;
  stride?: number;
  header?: boolean;
  skipInvalid?: boolean;
}

export function sampleSpec(o: SampleFlags): SampleSpec {
  if ((o.window === undefined) !== (o.column === undefined)) {
    throw new UsageError('--column and --window go together (long format)');
  }
  if (o.window !== undefined && o.columns) throw new UsageError('--columns is for wide format; use --column with --window');
  if (o.stride !== undefined && o.window === undefined) throw new UsageError('--stride needs --window');
  return {
    header: o.header === undefined ? 'auto' : o.header,
    columns: o.columns,
    skipInvalid: o.skipInvalid === true,
    window: o.window !== undefined ? { column: o.column!, size: o.window, stride: o.stride ?? o.window } : undefined,
  };
}

export interface ThresholdFlags {
  threshold?: number;
  below?: number;
  contamination?: number;
  percentile?: number;
  sigma?: number;
  tail?: Tail;
}

/** The rule used when the user gives none at training time: the 99th percentile, tail high. */
export const DEFAULT_RULE: ThresholdRule = { kind: 'percentile', p: 99, tail: 'high' };

/**
 * Thresholds from the flags — an automatic rule over `dist`, explicit `--threshold`/`--below`
 * on top — or, with no threshold flag at all, `stored` (a bundle's) or the default rule.
 */
export function resolveThresholds(o: ThresholdFlags, dist: ScoreDistribution, stored?: Thresholds): Thresholds {
  const rule = thresholdRule(o);
  if (o.threshold === undefined && o.below === undefined && !rule) return stored ?? thresholdsFromRule(dist, DEFAULT_RULE);
  const t: Thresholds = rule ? thresholdsFromRule(dist, rule) : {};
  if (o.threshold !== undefined) t.high = { value: o.threshold, rule: 'explicit' };
  if (o.below !== undefined) t.low = { value: o.below, rule: 'explicit' };
  return t;
}

/** The automatic rule asked for, if any (at most one). */
export function thresholdRule(o: ThresholdFlags): ThresholdRule | null {
  const given = (['contamination', 'percentile', 'sigma'] as const).filter((k) => o[k] !== undefined);
  if (given.length > 1) throw new UsageError(`choose one of --contamination, --percentile, --sigma (got ${given.map((g) => '--' + g).join(', ')})`);
  if (o.tail && given.length === 0) throw new UsageError('--tail goes with --contamination, --percentile or --sigma');
  const tail = o.tail ?? 'high';
  if (o.contamination !== undefined) return { kind: 'contamination', fraction: o.contamination, tail };
  if (o.percentile !== undefined) return { kind: 'percentile', p: o.percentile, tail };
  if (o.sigma !== undefined) return { kind: 'sigma', k: o.sigma, tail };
  return null;
}

/** Runs `work` with Ctrl-C turned into a "stop after this epoch" request. */
export async function withInterrupt<T>(ctx: Context, work: (stopped: () => boolean) => Promise<T>): Promise<T> {
  let stop = false;
  const off = ctx.io.onInterrupt(() => {
    if (stop) process.exit(130); // a second Ctrl-C aborts at once
    stop = true;
    ctx.log.warn('interrupted: stopping after the current epoch (Ctrl-C again to abort)');
  });
  try {
    return await work(() => stop);
  } finally {
    off();
  }
}
