// The samples a model was fitted on, judged as a scan of them would judge them (`ae train
// data.csv`, and `ae scan data.csv` without a model): the same records, counts, intervals and
// metrics. Samples the network trained on are judged by their training scores; with a part held
// out, or a record per row, every sample is scored by the detector as a model scan scores it.
import type { Labels } from '../data/labels.js';
import type { FilledCells } from '../data/filled.js';
import { viewBatches } from '../data/window-view.js';
import { applyScaler } from '../data/scalers.js';
import { centringOfBundle, reconstructWithLevels } from '../model/level.js';
import { explainRows, positionNamer } from '../model/explain.js';
import { ScanCollector } from './collector.js';
import type { CollectOptions, ScanResult } from './scan-result.js';
import type { FileFit } from './fit-file.js';
import { collectRules, type ScanRules } from './rules.js';
import type { RelearnOption } from './relearn.js';

export interface TrainingScanOptions extends CollectOptions {
  file: string;
  explain?: number;
  labels?: { labels: Labels; file: string };
  /** The model's description in the result (where it was saved, how it trained). */
  model: Record<string, unknown>;
  rules?: ScanRules;
  /** Called after each batch is judged (the CLI collects garbage there: heap.ts). */
  afterBatch?: () => void;
  /** Cells the fit filled in (filled.ts): blamed values among them are marked. */
  filled?: FilledCells;
  /** Learning after probation (relearn.ts). */
  relearn?: RelearnOption;
}

/**
 * The file's samples judged as a scan judges them: the ones trained on by the trained network
 * itself (their training scores); with a part held out or a record per row, all of them by the
 * detector as a model scan scores them.
 */
export async function scoreTraining(fit: FileFit, opts: TrainingScanOptions): Promise<ScanResult> {
  const { detector, samples: s } = fit;
  const facts = detector.fitted!;
  const collector = new ScanCollector({
    ...opts,
    ...collectRules(opts.rules ?? {}, detector.meta),
    ...(opts.filled ? { filled: opts.filled } : {}),
    ...(fit.learnedLines !== undefined ? { learnedLines: fit.learnedLines } : {}),
  });
  if (!fit.trainedOnAll || opts.rules?.perRow) {
    await detector.scoreBatches(
      eachThen(viewBatches(s), opts.afterBatch),
      collector,
      { name: opts.file, size: null },
      {
        ...(opts.explain ? { explain: opts.explain } : {}),
        keepRaw: opts.plot === true,
        ...(opts.relearn ? { relearn: opts.relearn } : {}),
        // The file fitted on, scored again: a learned window is not its own nearest neighbour.
        ...(s.view ? { selfStarts: s.view.starts } : {}),
      },
    );
    collector.begin(detector.thresholds, { ...opts.model, backend: detector.meta.backend });
    collector.finishSamples(opts.file, s);
    if (opts.labels) collector.evaluate(opts.labels.labels, opts.labels.file);
    return collector.result();
  }
  collector.begin(detector.thresholds, opts.model);
  const k = opts.explain;
  const { reconstruct } = await import('../model/score.js');
  const scaler = detector.meta.preprocessing.scaler;
  const namer = positionNamer(detector.meta.input, () => s.columns);
  // Through the bundle's centring, as every scorer reconstructs (model/level.ts).
  const plainRecon = (x: Float32Array) => reconstruct(facts.model, x, s.width);
  const centring = centringOfBundle(detector.meta.input);
  const recon = centring ? reconstructWithLevels(plainRecon, centring, s.width) : plainRecon;
  let from = 0;
  for (const b of viewBatches(s)) {
    const scaled = k ? applyScaler(scaler, b.values.slice(0, b.count * b.width)) : null;
    const why = scaled
      ? (rows: number[]) => explainRows(recon, scaler, scaled, s.width, rows, k!, namer, detector.meta)
      : undefined;
    await collector.add(b, facts.trainScores.subarray(from, from + b.count), why);
    opts.afterBatch?.();
    from += b.count;
  }
  collector.finishSamples(opts.file, s);
  if (opts.labels) collector.evaluate(opts.labels.labels, opts.labels.file);
  return collector.result();
}

/** The batches, with `after` called once each has been consumed. */
function* eachThen<T>(items: Iterable<T>, after?: () => void): Generator<T> {
  for (const item of items) {
    yield item;
    after?.();
  }
}
