// A model bundle is a folder: model.json + weights.bin (tfjs layers format) and ae.json, the
// versioned description ae needs to use the model again (input, preprocessing, training-score
// distribution, thresholds). Loading checks every piece and names the file that is wrong.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../errors.js';
import type { Scaler } from '../data/scalers.js';
import type { ScoreDistribution } from '../detect/stats.js';
import type { Thresholds } from '../detect/thresholds.js';
import { AE_VERSION, BUNDLE_FORMAT_VERSION } from '../version.js';
import type { Architecture } from './autoencoder.js';
import type { BackendInfo } from './backend.js';
import type { Fitted, TrainingSettings } from './fit.js';

export interface BundleMeta {
  format: 'ae-bundle';
  version: number;
  ae: string;
  createdAt: string;
  backend: string;
  tfjs: string;
  tensorflow: string | null;
  input: {
    kind: 'image' | 'rows' | 'windows';
    width: number;
    imageShape?: [number, number];
    /** CSV columns used (1-based numbers and names), for rows. */
    columns?: { number: number; name: string }[];
    header?: boolean;
    window?: { column: string; size: number; stride: number };
  };
  architecture: Architecture;
  preprocessing: { scaler: Scaler };
  training: Record<string, unknown> & { seed: number; epochs: number; interrupted: boolean };
  scores: ScoreDistribution;
  thresholds: Thresholds;
}

export interface Bundle {
  model: tf.LayersModel;
  meta: BundleMeta;
}

/** Writes the bundle's three files into `dir` (a staged folder: see io/atomic.ts). */
export async function saveBundle(dir: string, model: tf.LayersModel, meta: BundleMeta): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weightData =
        a.weightData instanceof ArrayBuffer
          ? a.weightData
          : tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]);
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      };
      await fsp.writeFile(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      await fsp.writeFile(path.join(dir, 'weights.bin'), new Uint8Array(weightData));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  await fsp.writeFile(path.join(dir, 'ae.json'), JSON.stringify(meta, null, 2) + '\n');
}

async function readText(file: string): Promise<string> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch {
    throw new ModelError(`${file} is missing or unreadable`, 'is this a folder written by ae train?');
  }
}

function parseJson<T>(file: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ModelError(`${file} is not valid JSON (truncated or damaged?)`);
  }
}

export async function loadBundle(dir: string): Promise<Bundle> {
  const metaFile = path.join(dir, 'ae.json');
  const meta = parseJson<BundleMeta>(metaFile, await readText(metaFile));
  if (meta.format !== 'ae-bundle' || typeof meta.version !== 'number') {
    throw new ModelError(`${metaFile} is not an ae bundle description`);
  }
  if (meta.version > BUNDLE_FORMAT_VERSION) {
    throw new ModelError(
      `${metaFile} has bundle version ${meta.version}; this ae reads up to ${BUNDLE_FORMAT_VERSION}`,
      'upgrade ae',
    );
  }
  const modelFile = path.join(dir, 'model.json');
  const mj = parseJson<{ modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] }>(
    modelFile,
    await readText(modelFile),
  );
  const specs = mj.weightsManifest?.flatMap((g) => g.weights) ?? [];
  const weightsFile = path.join(dir, 'weights.bin');
  const weights = await fsp.readFile(weightsFile).catch(() => {
    throw new ModelError(`${weightsFile} is missing or unreadable`);
  });
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weights.byteLength !== expected) {
    throw new ModelError(`${weightsFile} has ${weights.byteLength} bytes; model.json describes ${expected}`);
  }
  const widths = meta.architecture?.layers ?? [];
  const kernels = specs.filter((s) => s.shape.length === 2).map((s) => s.shape);
  const agrees =
    kernels.length === widths.length - 1 && kernels.every((k, i) => k[0] === widths[i] && k[1] === widths[i + 1]);
  if (!agrees || meta.input.width !== widths[0]) {
    throw new ModelError(
      `${metaFile} describes layers ${widths.join('-')} but the weights are ${kernels.map((k) => k.join('x')).join(', ')}`,
    );
  }
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  try {
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: mj.modelTopology, weightSpecs: specs, weightData: buffer }),
    );
    return { model, meta };
  } catch (err) {
    throw new ModelError(`${modelFile} cannot be loaded: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The ae.json every training command writes; `extra` adds command-specific training facts. */
export function describeBundle(
  backend: Pick<BackendInfo, 'backend' | 'tfjsVersion' | 'tensorflowVersion'>,
  fitted: Fitted,
  p: {
    input: BundleMeta['input'];
    architecture: Architecture;
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
    version: BUNDLE_FORMAT_VERSION,
    ae: AE_VERSION,
    createdAt: new Date().toISOString(),
    backend: backend.backend,
    tfjs: backend.tfjsVersion,
    tensorflow: backend.tensorflowVersion,
    input: p.input,
    architecture: p.architecture,
    preprocessing: { scaler: fitted.scaler },
    training: {
      seed: p.settings.seed,
      epochs: t.epochs,
      epochsRequested: p.settings.epochs,
      batchSize: p.settings.batchSize,
      validationSplit: p.settings.validationSplit,
      validation: p.settings.validation ?? 'last',
      learningRate: p.settings.learningRate,
      ...p.extra,
      samples: p.samples,
      seconds: t.seconds,
      loss: t.loss,
      valLoss: t.valLoss,
      interrupted: t.interrupted,
    },
    scores: p.scores,
    thresholds: p.thresholds,
  };
}
