// A model bundle is a folder: model.json + weights.bin (tfjs layers format) and ae.json, the
// versioned description ae needs to use the model again (input, preprocessing, training-score
// distribution, thresholds). Loading checks every piece and names the file that is wrong.
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../errors.js';
import type { ScoreDistribution } from '../detect/stats.js';
import type { Thresholds } from '../detect/thresholds.js';
import { AE_VERSION } from '../version.js';
import type { ScoreKind } from './architecture.js';
import type { BackendInfo } from './backend.js';
import type { Fitted, TrainingSettings } from './fit.js';
import { readBundleFiles, writeBundleFiles, type BundleFiles } from './bundle-files.js';
import type { BundleMeta } from './bundle-meta.js';

export type { BundleMeta } from './bundle-meta.js';

export interface Bundle {
  model: tf.LayersModel;
  meta: BundleMeta;
}

/** Writes the bundle's three files into `dir` (a staged folder: see io/atomic.ts). */
export async function saveBundle(dir: string, model: tf.LayersModel, meta: BundleMeta): Promise<void> {
  await writeBundleFiles(dir, await bundleFilesOf(model, meta));
}

/** A model and its description as the files a bundle holds, in memory (no file is written). */
export async function bundleFilesOf(model: tf.LayersModel, meta: BundleMeta): Promise<BundleFiles> {
  let files: BundleFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weightData =
        a.weightData instanceof ArrayBuffer
          ? a.weightData
          : tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]);
      files = {
        meta,
        modelFile: 'model.json',
        modelTopology: a.modelTopology as object,
        weightSpecs: (a.weightSpecs ?? []) as BundleFiles['weightSpecs'],
        weights: Buffer.from(weightData),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files!;
}

export async function loadBundle(dir: string): Promise<Bundle> {
  const files = await readBundleFiles(dir);
  return { model: await modelFromFiles(files), meta: files.meta };
}

/** The tfjs model of a bundle already read (readBundleFiles). */
export async function modelFromFiles(files: BundleFiles): Promise<tf.LayersModel> {
  const { weights } = files;
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: files.modelTopology,
        weightSpecs: files.weightSpecs as tf.io.WeightsManifestEntry[],
        weightData: buffer,
      }),
    );
  } catch (err) {
    throw new ModelError(`${files.modelFile} cannot be loaded: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * The oldest version that describes the bundle, so older ae still reads what it would not
 * misread: 6 for an ensemble (older ae would centre only its first member of the longest
 * length), 5 for the `relative-mae` score (older ae would not know it), 4 for windows without
 * their level (older ae would feed the network levels it never saw), 3 for the `relative`
 * score (older ae would score MSE against thresholds in other units), 2 for counters (read as
 * levels), else 1.
 */
function bundleVersion(input: BundleMeta['input'], fitted: Fitted, score: ScoreKind | undefined): number {
  if ((input.window?.ensemble ?? 1) > 1) return 6;
  if (score === 'relative-mae') return 5;
  if (input.window?.center) return 4;
  if (fitted.relative) return 3;
  return input.columns?.some((c) => c.counter) ? 2 : 1;
}

/** The ae.json every training command writes; `extra` adds command-specific training facts. */
export function describeBundle(
  backend: Pick<BackendInfo, 'backend' | 'tfjsVersion' | 'tensorflowVersion'>,
  fitted: Fitted,
  p: {
    input: BundleMeta['input'];
    score?: ScoreKind;
    settings: TrainingSettings;
    samples: number;
    scores: ScoreDistribution;
    thresholds: Thresholds;
    extra?: Record<string, unknown>;
  },
): BundleMeta {
  const t = fitted.training;
  return {
    format: 'ae-bundle',
    version: bundleVersion(p.input, fitted, p.score),
    ae: AE_VERSION,
    createdAt: new Date().toISOString(),
    backend: backend.backend,
    tfjs: backend.tfjsVersion,
    tensorflow: backend.tensorflowVersion,
    input: p.input,
    architecture: fitted.architecture, // with members, the stack's, not the settings'
    score: p.score ?? 'mse',
    ...(fitted.relative ? { relative: fitted.relative } : {}),
    preprocessing: { scaler: fitted.scaler },
    training: {
      seed: p.settings.seed,
      epochs: t.epochs,
      epochsRequested: p.settings.epochs,
      batchSize: p.settings.batchSize,
      validationSplit: p.settings.validationSplit,
      validation: p.settings.validation ?? 'last',
      learningRate: p.settings.learningRate,
      ...(p.settings.inputNoise ? { inputNoise: p.settings.inputNoise } : {}),
      ...p.extra,
      samples: p.samples,
      seconds: t.seconds,
      loss: t.loss,
      valLoss: t.valLoss,
      interrupted: t.interrupted,
      ...(t.members ? { members: t.members } : {}),
      ...(p.settings.earlyStopping
        ? { earlyStopping: p.settings.earlyStopping, bestEpoch: t.bestEpoch, stoppedEarly: t.stoppedEarly === true }
        : {}),
    },
    scores: p.scores,
    thresholds: p.thresholds,
  };
}
