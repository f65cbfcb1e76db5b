// The work behind `ae scan`: the flags as one plan, handed to the core once (scan/plan.ts);
// what comes back is written out — NDJSON as records arrive, then the JSON document or the
// summary on stderr, and the run folder with --out.
import { AnomaliesFoundError, InterruptedError, UsageError } from '../../errors.js';
import { StagedDir, assertRunFolderWritable } from '../../io/atomic.js';
import type { ScanPlan } from '../../scan/plan.js';
import { flagFor } from '../exit.js';
import type { Context } from '../context.js';
import type { ScanFlags } from './scan-options.js';
import { ndjsonSink, printScan, writeScanFiles, scanSummary } from './scan-output.js';
import { finishRunFolder } from './run-record.js';
import { detectorOptions, sampleSpec, thresholdSettings } from './option-groups.js';
import { cliNotes, training, withInterrupt } from './fitting.js';
import { DEFAULTS } from '../../scan/settings.js';
import type { BackendName } from '../../model/backend-settings.js';

export async function runScan(
  ctx: Context,
  file: string,
  flags: ScanFlags,
  given: (option: string) => boolean = () => false,
): Promise<void> {
  const plan = scanPlan(file, flags, given);
  const { checkPlan, runScanPlan } = await import('../../scan/plan.js');
  checkPlan(plan); // usage errors now, not after training
  const inputs = [file, flags.model, flags.labels].filter((f): f is string => f !== undefined && f !== '-');
  if (flags.out) await assertRunFolderWritable(flags.out, flags.force === true, inputs);
  const env = {
    stdin: ctx.io.stdin,
    notes: cliNotes(ctx),
    ...(flags.ndjson ? { onRecords: ndjsonSink(ctx) } : {}),
    backend: { chosen: ctx.chosenBackend(), load: (name: BackendName) => ctx.backend('score', name) },
  };
  const fitting = plan.fit ? training(ctx, plan.fit.epochs ?? DEFAULTS.epochs) : null;
  const outcome = fitting
    ? await withInterrupt(ctx, (stopped) =>
        runScanPlan(
          { ...plan, fit: { ...plan.fit, shouldStop: stopped, onEpoch: fitting.onEpoch } },
          { ...env, fitHooks: fitting.hooks },
        ),
      ).finally(() => fitting.stop())
    : await runScanPlan(plan, env);
  let staged: StagedDir | null = null;
  const { result, detector, fit } = outcome;
  try {
    if (flags.out) {
      staged = await StagedDir.create(flags.out, flags.force === true, inputs);
      if (fit) {
        await detector.saveInto(staged.path);
        const { writeLossCurve } = await import('./fitting.js');
        await writeLossCurve(staged.path, detector.fitted!.training);
      }
      await writeScanFiles(staged, result);
      await finishRunFolder(ctx, staged, 'scan', scanSummary(result));
      await staged.commit();
    }
  } catch (err) {
    if (staged) throw await staged.abandon(err);
    throw err;
  } finally {
    detector.dispose();
  }
  printScan(ctx, result, { json: flags.json === true, ndjson: flags.ndjson === true });
  if (fit?.detector.fitted?.training.interrupted) {
    throw new InterruptedError(
      `interrupted: scores are from the model as of the last completed epoch${flags.out ? `; saved ${flags.out} (marked interrupted)` : ''}`,
    );
  }
  if (flags.failOnAnomaly && result.counts.flagged > 0) throw new AnomaliesFoundError(result.counts.flagged);
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
    keep: {
      scores: flags.out !== undefined || flags.labels !== undefined,
      flagged: flags.json === true || flags.out !== undefined,
      plot: flags.out !== undefined,
    },
  };
}

/** Options that only shape training do nothing with a trained bundle: say so instead of ignoring them. */
const TRAINING_ONLY = [
  'layers',
  'epochs',
  'batchSize',
  'validationSplit',
  'validation',
  'learningRate',
  'seed',
  'scale',
  'outputActivation',
  'score',
  'earlyStopping',
];

function refuseTrainingOptions(given: (option: string) => boolean): void {
  const used = TRAINING_ONLY.find(given);
  if (used) throw new UsageError(`${flagFor(used)} has no effect with --model (the bundle is already trained)`);
}
