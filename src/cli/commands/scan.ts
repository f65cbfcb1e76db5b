// `ae scan <csv>`: score every row (or window) and flag both tails. With --model it streams
// (bounded memory, any file size); without one it fits on the file itself first, treating
// all rows as normal, as the seed write-up does.
import { Option, type Command } from '@commander-js/extra-typings';
import { AnomaliesFoundError, InputError, UsageError } from '../../errors.js';
import { openSource } from '../../data/input.js';
import { streamSamples } from '../../data/samples.js';
import { applyScaler, type ScalerKind } from '../../data/scalers.js';
import { scoreRows } from '../../detect/score.js';
import { classify, thresholdsFromRule, type Thresholds } from '../../detect/thresholds.js';
import type { OutputActivation } from '../../model/autoencoder.js';
import { StagedDir, assertWritable } from '../../io/atomic.js';
import type { Context } from '../context.js';
import { oneOf } from '../options.js';
import { fitCsv, trainingSummary } from './fit-csv.js';
import { ScanCollector } from './scan-output.js';
import { addSampleOptions, addThresholdOptions, addTrainingOptions, sampleSpec, thresholdRule, type SampleFlags, type ThresholdFlags } from './shared.js';
import type { CsvFitFlags } from './fit-csv.js';

interface ScanFlags extends SampleFlags, ThresholdFlags, CsvFitFlags {
  model?: string;
  json?: boolean;
  ndjson?: boolean;
  out?: string;
  force?: boolean;
  failOnAnomaly?: boolean;
}

const EXAMPLES = `
Examples:
  $ ae scan series.csv --threshold 10 --below 0.1 --json | jq '.counts'
  $ ae scan new.csv --model runs/series --ndjson | jq -c 'select(.flagged)'
  $ ae scan sensor.csv --column value --window 50 --stride 10 --sigma 4 --tail both
  $ zcat big.csv.gz | ae scan - --model runs/series --fail-on-anomaly --quiet`;

export function registerScan(program: Command<[], any, any>, ctx: Context): void {
  let cmd: Command<any, any, any> = program
    .command('scan')
    .description('score rows of a CSV and flag anomalies: too badly (high) or too well (low) reconstructed')
    .argument('<file>', "CSV file (.csv or .csv.gz), or '-' for stdin")
    .option('-m, --model <dir>', 'use a trained bundle (streams; memory does not grow with the file)')
    .option('--json', 'print one JSON document on stdout')
    .option('--ndjson', 'print one JSON line per scored row, as they are scored')
    .option('-o, --out <dir>', 'write scores.csv, flagged.json and plots (and the fitted bundle) here')
    .option('-f, --force', 'replace an existing --out folder')
    .option('--fail-on-anomaly', 'exit with code 3 when anything is flagged');
  cmd = addSampleOptions(cmd);
  cmd = addThresholdOptions(cmd);
  cmd = addTrainingOptions(cmd, { epochs: 100 })
    .addOption(new Option('--scale <kind>', 'preprocessing fitted on the data').argParser(oneOf<ScalerKind>('standard', 'minmax', 'none')).default('standard' as ScalerKind))
    .addOption(new Option('--output-activation <a>', 'sigmoid (seed; separates both tails) or linear').argParser(oneOf<OutputActivation>('sigmoid', 'linear')).default('sigmoid' as OutputActivation));
  cmd.addHelpText('after', EXAMPLES).action(async (...args: any[]) => {
    const [file, opts] = args as [string, unknown];
    const o = opts as unknown as ScanFlags;
    if (o.json && o.ndjson) throw new UsageError('choose one of --json and --ndjson');
    const spec = sampleSpec(o);
    const rule = thresholdRule(o);
    if (o.out) await assertWritable(o.out, o.force === true);
    const collector = new ScanCollector(ctx, { file, ndjson: o.ndjson === true, keepScores: o.out !== undefined });
    let staged: StagedDir | null = null;
    try {
      if (o.model) {
        const { loadBundle } = await import('../../model/bundle.js');
        const backend = await ctx.backend();
        const bundle = await loadBundle(o.model);
        const thresholds = resolveThresholds(o, rule, bundle.meta.thresholds, (r) => thresholdsFromRule(bundle.meta.scores, r));
        collector.begin(thresholds, { dir: o.model, backend: backend.backend, trained: false });
        const { reader, batches } = streamSamples(await openSource(file, ctx.io.stdin), modelSpec(spec, bundle.meta));
        for await (const b of batches) {
          if (b.width !== bundle.meta.input.width) {
            throw new InputError(`has ${b.width} columns per sample; the model expects ${bundle.meta.input.width}`, { file });
          }
          const scores = scoreRows(bundle.model, applyScaler(bundle.meta.preprocessing.scaler, b.values.slice(0, b.count * b.width)), b.width);
          await collector.add(b, scores);
        }
        collector.finishInput(reader);
        if (o.out) {
          staged = await StagedDir.create(o.out, o.force === true);
          await collector.writeFiles(staged);
        }
      } else {
        const fit = await fitCsv(ctx, file, spec, o, rule);
        const thresholds = resolveThresholds(o, rule, fit.meta.thresholds, (r) => thresholdsFromRule(fit.meta.scores, r));
        fit.meta.thresholds = thresholds;
        const backend = await ctx.backend();
        collector.begin(thresholds, { dir: o.out ?? null, backend: backend.backend, trained: true, training: trainingSummary(fit.training) });
        const s = fit.samples;
        await collector.add(s, fit.trainScores);
        collector.finishSamples(s);
        if (o.out) {
          const { saveBundle } = await import('../../model/bundle.js');
          staged = await StagedDir.create(o.out, o.force === true);
          await saveBundle(staged.path, fit.model, fit.meta);
          await collector.writeFiles(staged, s.values);
        }
      }
      if (staged) await staged.commit();
    } catch (err) {
      await staged?.discard();
      throw err;
    }
    collector.print(o.json === true);
    if (o.failOnAnomaly && collector.flaggedCount > 0) throw new AnomaliesFoundError(collector.flaggedCount);
  });
}

/** Explicit values win; then an automatic rule; then what the bundle was trained with. */
function resolveThresholds(o: ThresholdFlags, rule: ReturnType<typeof thresholdRule>, stored: Thresholds, fromRule: (r: NonNullable<typeof rule>) => Thresholds): Thresholds {
  if (o.threshold === undefined && o.below === undefined && !rule) return stored;
  const t: Thresholds = rule ? fromRule(rule) : {};
  if (o.threshold !== undefined) t.high = { value: o.threshold, rule: 'explicit' };
  if (o.below !== undefined) t.low = { value: o.below, rule: 'explicit' };
  return t;
}

/** A bundle fixes how its input is read (columns, windows) unless the user says otherwise. */
function modelSpec(spec: ReturnType<typeof sampleSpec>, meta: { input: { kind: string; window?: { column: string; size: number; stride: number }; columns?: { name: string; number: number }[]; header?: boolean } }) {
  if (spec.window || spec.columns) return spec;
  if (meta.input.kind === 'windows' && meta.input.window) return { ...spec, window: meta.input.window };
  return spec;
}
