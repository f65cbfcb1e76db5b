// Training on the native backend through one TensorFlow session: the step graph
// (train-graph.ts) is loaded once, then every step is a single session call with no inputs —
// the data, the permutation and the parameters stay inside libtensorflow between calls.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainOptions, TrainResult } from '../train-types.js';
import { prepareTraining, runEpochs } from '../epoch-loop.js';
import { buildTrainGraph } from './train-graph.js';
import { sampleRowOffsets } from '../../data/window-view.js';
import type { TrainingView } from '../training-view.js';

interface TensorMeta {
  id: number;
  shape: number[];
  dtype: string;
}

/** The parts of tfjs-node's backend used here (public methods of its NodeJSKernelBackend). */
interface NodeBackend {
  binding: {
    loadSavedModel(dir: string, tags: string): number;
    runSavedModel(session: number, inputIds: number[], inputNames: string, outputNames: string): TensorMeta[];
    deleteSavedModel(session: number): void;
    deleteTensor(id: number): void;
  };
  getInputTensorIds(tensors: tf.Tensor[]): number[];
  createOutputTensor(meta: TensorMeta): tf.Tensor;
}

/** tfjs-node's backend when it is the active one, else null (wasm, cpu: the eager trainer runs). */
export function nativeBackend(): NodeBackend | null {
  const b = tf.backend() as unknown as Partial<NodeBackend>;
  return tf.getBackend() === 'tensorflow' && b.binding?.runSavedModel ? (b as NodeBackend) : null;
}

class Session {
  private readonly id: number;

  constructor(
    private readonly backend: NodeBackend,
    savedModel: Uint8Array,
  ) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ae-graph-'));
    try {
      writeFileSync(path.join(dir, 'saved_model.pb'), savedModel);
      this.id = backend.binding.loadSavedModel(dir, 'serve');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Runs the graph for `outputs`, feeding `feeds` (Placeholder name → tensor). */
  run(outputs: string[], feeds: Record<string, tf.Tensor> = {}): tf.Tensor[] {
    const names = Object.keys(feeds);
    const ids = this.backend.getInputTensorIds(names.map((n) => feeds[n]!));
    const metas = this.backend.binding.runSavedModel(
      this.id,
      ids,
      names.map((n) => `${n}:0`).join(','),
      outputs.map((o) => `${o}:0`).join(','),
    );
    return metas.map((m) => this.backend.createOutputTensor(m));
  }

  /** Runs for the side effects; the fetched value is freed at once. */
  exec(output: string): void {
    for (const m of this.backend.binding.runSavedModel(this.id, [], '', `${output}:0`))
      this.backend.binding.deleteTensor(m.id);
  }

  close(): void {
    this.backend.binding.deleteSavedModel(this.id);
  }
}

/** Batches timed for the estimate of an epoch's time. */
const ESTIMATE_BATCHES = 300;

/** Validation samples per session call: the loss is taken a chunk at a time, in bounded memory. */
const VAL_CHUNK = 8192;

export async function trainInGraph(
  backend: NodeBackend,
  model: tf.LayersModel,
  view: TrainingView,
  width: number,
  opts: TrainOptions,
): Promise<TrainResult> {
  const data = prepareTraining(model, view, opts);
  const { stack, trainRows, valRows } = data;
  const session = new Session(
    backend,
    buildTrainGraph({
      seriesRows: view.series.length / view.metrics,
      metrics: view.metrics,
      rowOffsets: Array.from(sampleRowOffsets(view.sizes)),
      ...(view.scaling
        ? { scaling: { offset: Array.from(view.scaling.offset), scale: Array.from(view.scaling.scale) } }
        : {}),
      ...(view.centre ? { centre: wholeSampleCentred(view) } : {}),
      layers: [width, ...stack.weights.map((w) => w.shape[1])],
      activations: stack.activations,
      loss: opts.loss,
      trainRows,
      valRows,
      batchSize: opts.batchSize,
      learningRate: opts.learningRate,
      ...(opts.inputNoise ? { inputNoise: opts.inputNoise, noiseSeed: noiseSeed(opts.seed) } : {}),
    }),
  );
  const layers = stack.weights.length;
  try {
    const feeds: Record<string, tf.Tensor> = {
      init_series: tf.tensor2d(view.series, [view.series.length / view.metrics, view.metrics]),
      init_starts: tf.tensor1d(data.train, 'int32'),
    };
    stack.weights.forEach((w, i) => Object.assign(feeds, { [`init_w_${i}`]: w, [`init_b_${i}`]: stack.biases[i]! }));
    tf.dispose(session.run(['init'], feeds));
    tf.dispose([feeds.init_series!, feeds.init_starts!]);
    const steps = Math.ceil(trainRows / opts.batchSize);
    let estimated = !opts.onEstimate;
    const epoch = async (order: Int32Array): Promise<[number, number]> => {
      const perm = tf.tensor1d(order, 'int32');
      tf.dispose(session.run(['epoch_begin'], { epoch_perm: perm }));
      perm.dispose();
      const t0 = performance.now();
      for (let s = 0; s < steps; s++) {
        session.exec('step');
        if (!estimated && s + 1 === Math.min(steps, ESTIMATE_BATCHES)) {
          estimated = true;
          const batches = s + 1;
          const secondsPerEpoch = ((performance.now() - t0) / 1000 / batches) * steps;
          opts.onEstimate!({ secondsPerEpoch, epochs: opts.epochs, batches });
        }
      }
      const [stats] = session.run(['epoch_stats']);
      const [loss] = Array.from(await stats!.data());
      stats!.dispose();
      return [loss!, await validationLoss(session, data.val)];
    };
    // The model's weights are written once, at the end: the best epoch's (restore) or the last.
    let restored = false;
    const result = await runEpochs(opts, data, {
      epoch,
      snapshot: () => readWeights(session, layers),
      restore: (copy) => {
        model.setWeights(copy);
        restored = true;
      },
      drop: (copy) => tf.dispose(copy),
    });
    if (!restored) {
      const last = readWeights(session, layers);
      model.setWeights(last);
      tf.dispose(last);
    }
    return result;
  } finally {
    session.close();
  }
}

/** The mean loss over the validation samples, a chunk per call (NaN without any). */
async function validationLoss(session: Session, val: Int32Array): Promise<number> {
  if (val.length === 0) return NaN;
  let sum = 0;
  for (let from = 0; from < val.length; from += VAL_CHUNK) {
    const chunk = val.subarray(from, from + VAL_CHUNK);
    const at = tf.tensor1d(chunk, 'int32');
    const [loss] = session.run(['val_loss'], { val_starts: at });
    at.dispose();
    sum += (await loss!.data())[0]! * chunk.length;
    loss!.dispose();
  }
  return sum / val.length;
}

function readWeights(session: Session, layers: number): tf.Tensor[] {
  const names = Array.from({ length: layers }, (_, i) => [`w_${i}`, `b_${i}`]).flat();
  return session.run(names);
}

/** TensorFlow's op seed for the noise: the run's seed + 1, as 0 (with seed2 0) would draw anew each run. */
function noiseSeed(seed: number): number {
  return seed + 1;
}

/** The graph centres a sample as one window of rows × metrics: what a member's view asks for. */
function wholeSampleCentred(view: TrainingView): true {
  const parts = view.centre!.parts;
  if (view.sizes.length !== 1 || parts.length !== 1 || parts[0]!.offset !== 0 || parts[0]!.size !== view.sizes[0])
    throw new Error('internal: the graph trainer centres whole samples of one window only');
  return true;
}
