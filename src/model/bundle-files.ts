// Reading a bundle's three files and checking that they agree, without TensorFlow: used to
// load a model (bundle.ts) and to export one (export/onnx.ts), which needs no backend.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ModelError } from '../errors.js';
import { BUNDLE_FORMAT_VERSION } from '../version.js';
import { isRelative } from './architecture.js';
import type { BundleMeta } from './bundle-meta.js';
import { discordByteLength, type DiscordMeta } from './discord.js';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

export interface BundleFiles {
  meta: BundleMeta;
  modelFile: string;
  modelTopology: object;
  /** In file order: weights.bin holds them back to back, float32. */
  weightSpecs: WeightSpec[];
  weights: Buffer;
  /** discord.bin, when the bundle has a train discord (meta.discord). */
  discord?: Buffer;
}

/** One dense layer's weights as stored: kernel [in, out] row-major, and bias [out]. */
export interface DenseWeights {
  kernelShape: number[];
  kernel: Float32Array;
  bias: Float32Array;
}

/** Writes a bundle's files into `dir`: model.json and weights.bin (tfjs layers format), ae.json. */
export async function writeBundleFiles(dir: string, files: BundleFiles): Promise<void> {
  const modelJson = {
    format: 'layers-model',
    // meta.tfjs is the tfjs that trained the model (the one that wrote this file at first).
    generatedBy: `TensorFlow.js tfjs-layers v${files.meta.tfjs}`,
    convertedBy: null,
    modelTopology: files.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: files.weightSpecs }],
  };
  await fsp.writeFile(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  await fsp.writeFile(path.join(dir, 'weights.bin'), files.weights);
  if (files.discord) await fsp.writeFile(path.join(dir, 'discord.bin'), files.discord);
  await fsp.writeFile(path.join(dir, 'ae.json'), JSON.stringify(files.meta, null, 2) + '\n');
}

export async function readBundleFiles(dir: string): Promise<BundleFiles> {
  const stat = await fsp.stat(dir).catch(() => null);
  if (!stat) throw new ModelError(`${dir} does not exist`, 'give the folder written by ae train --out');
  if (!stat.isDirectory())
    throw new ModelError(`${dir} is a file, not a model folder`, 'give the folder written by ae train --out');
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
  const r = meta.relative;
  if (
    isRelative(meta.score) &&
    !(r && r.metrics > 0 && r.baseline?.length === r.metrics && meta.input.width % r.metrics === 0)
  ) {
    throw new ModelError(`${metaFile} has score '${meta.score}' without a valid 'relative' (metrics, baseline)`);
  }
  const modelFile = path.join(dir, 'model.json');
  const mj = parseJson<{ modelTopology: object; weightsManifest: { weights: WeightSpec[] }[] }>(
    modelFile,
    await readText(modelFile),
  );
  const weightSpecs = mj.weightsManifest?.flatMap((g) => g.weights) ?? [];
  const weightsFile = path.join(dir, 'weights.bin');
  const weights = await fsp.readFile(weightsFile).catch(() => {
    throw new ModelError(`${weightsFile} is missing or unreadable`);
  });
  const expected = weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weights.byteLength !== expected) {
    throw new ModelError(`${weightsFile} has ${weights.byteLength} bytes; model.json describes ${expected}`);
  }
  const widths = meta.architecture?.layers ?? [];
  const kernels = weightSpecs.filter((s) => s.shape.length === 2).map((s) => s.shape);
  const agrees =
    kernels.length === widths.length - 1 && kernels.every((k, i) => k[0] === widths[i] && k[1] === widths[i + 1]);
  if (!agrees || meta.input.width !== widths[0]) {
    throw new ModelError(
      `${metaFile} describes layers ${widths.join('-')} but the weights are ${kernels.map((k) => k.join('x')).join(', ')}`,
    );
  }
  const discord = meta.discord ? await readDiscord(dir, metaFile, meta.discord) : undefined;
  return { meta, modelFile, modelTopology: mj.modelTopology, weightSpecs, weights, ...(discord ? { discord } : {}) };
}

/** discord.bin, checked against what ae.json says it holds. */
async function readDiscord(dir: string, metaFile: string, d: DiscordMeta): Promise<Buffer> {
  const valid =
    [d.length, d.metrics, d.windows, d.rows].every((n) => Number.isInteger(n) && n > 0) &&
    [d.score, d.distance].every((s) => Number.isFinite(s?.median) && Number.isFinite(s?.mad) && s.mad > 0);
  if (!valid)
    throw new ModelError(`${metaFile} has a 'discord' without valid length, metrics, windows, rows and spreads`);
  const file = path.join(dir, 'discord.bin');
  const bytes = await fsp.readFile(file).catch(() => {
    throw new ModelError(`${file} is missing or unreadable`);
  });
  if (bytes.byteLength !== discordByteLength(d))
    throw new ModelError(`${file} has ${bytes.byteLength} bytes; ae.json describes ${discordByteLength(d)}`);
  return bytes;
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

/** Kernels ([in, out], row-major as tfjs stores them) and biases, layer by layer. */
export function weightsByLayer(files: BundleFiles): DenseWeights[] {
  const floats = new Float32Array(files.weights.buffer, files.weights.byteOffset, files.weights.byteLength / 4);
  const layers: DenseWeights[] = [];
  let at = 0;
  let pending: { kernelShape: number[]; kernel: Float32Array } | null = null;
  for (const spec of files.weightSpecs) {
    if (spec.dtype !== 'float32')
      throw new ModelError(`${files.modelFile}: ${spec.name} is ${spec.dtype}, not float32`);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const data = floats.subarray(at, at + n);
    at += n;
    if (spec.shape.length === 2) pending = { kernelShape: spec.shape, kernel: data };
    else if (pending) {
      layers.push({ ...pending, bias: data });
      pending = null;
    }
  }
  if (pending || layers.length !== files.meta.architecture.layers.length - 1) {
    throw new ModelError(`${files.modelFile}: expected a kernel and a bias per dense layer`);
  }
  return layers;
}
