// Training on the native backend through one TensorFlow session: the step graph
// (train-graph.ts) is loaded once, then every step is a single session call with no inputs —
// the data, the permutation and the parameters stay inside libtensorflow between calls.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed, permutation } from '../../data/rng.js';
import type { TrainOptions, TrainResult } from '../train-types.js';
import { denseStack } from '../dense.js';
import { splitValidation } from '../validation.js';
import { buildTrainGraph } from './train-graph.js';

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

export async function trainInGraph(
  backend: NodeBackend,
  model: tf.LayersModel,
  values: Float32Array,
  width: number,
  opts: TrainOptions,
): Promise<TrainResult> {
  const rows = values.length / width;
  const valRows = Math.floor(rows * opts.validationSplit);
  const trainRows = rows - valRows;
  if (trainRows < 1) throw new Error('no rows left to train on');
  const stack = denseStack(model);
  if (!stack) throw new Error('ae trains stacks of dense layers with relu, sigmoid or linear activations');
  const layers = [width, ...stack.weights.map((w) => w.shape[1])];
  const session = new Session(
    backend,
    buildTrainGraph({
      layers,
      activations: stack.activations,
      loss: opts.loss,
      trainRows,
      valRows,
      batchSize: opts.batchSize,
      learningRate: opts.learningRate,
    }),
  );
  const split = splitValidation(values, width, valRows, opts.validation ?? 'last', opts.seed);
  const result: TrainResult = { epochs: 0, seconds: 0, secondsPerEpoch: 0, loss: [], valLoss: [], interrupted: false };
  const started = performance.now();
  let best: { loss: number; epoch: number; weights: tf.Tensor[] } | null = null;
  let waited = 0;
  try {
    const feeds: Record<string, tf.Tensor> = { init_x: tf.tensor2d(split.train, [trainRows, width]) };
    if (valRows > 0) feeds.init_x_val = tf.tensor2d(split.val, [valRows, width]);
    stack.weights.forEach((w, i) => Object.assign(feeds, { [`init_w_${i}`]: w, [`init_b_${i}`]: stack.biases[i]! }));
    tf.dispose(session.run(['init'], feeds));
    tf.dispose([feeds.init_x!, feeds.init_x_val].filter((t) => t !== undefined));
    const steps = Math.ceil(trainRows / opts.batchSize);
    const rand = createRng(deriveSeed(opts.seed, 'shuffle'));
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      if (opts.shouldStop?.()) {
        result.interrupted = true;
        break;
      }
      const t0 = performance.now();
      const perm = tf.tensor1d(permutation(trainRows, rand), 'int32');
      tf.dispose(session.run(['epoch_begin'], { epoch_perm: perm }));
      perm.dispose();
      for (let s = 0; s < steps; s++) session.exec('step');
      const [stats] = session.run(['epoch_stats']);
      const [loss, valLoss] = Array.from(await stats!.data());
      stats!.dispose();
      result.loss.push(loss!);
      if (valRows > 0) result.valLoss.push(valLoss!);
      result.epochs = epoch;
      opts.onEpoch?.({
        epoch,
        epochs: opts.epochs,
        loss: loss!,
        valLoss: valRows > 0 ? valLoss! : null,
        seconds: (performance.now() - t0) / 1000,
      });
      await new Promise((r) => setImmediate(r)); // let signal handlers and stderr writes run
      if (opts.earlyStopping && valRows > 0) {
        if (!best || valLoss! < best.loss) {
          if (best) tf.dispose(best.weights);
          best = { loss: valLoss!, epoch, weights: readWeights(session, stack.weights.length) };
          waited = 0;
        } else if (++waited >= opts.earlyStopping) {
          result.stoppedEarly = true;
          break;
        }
      }
    }
    const weights = best ? best.weights : readWeights(session, stack.weights.length);
    model.setWeights(weights);
    tf.dispose(weights);
    if (best) result.bestEpoch = best.epoch;
  } finally {
    session.close();
  }
  result.seconds = (performance.now() - started) / 1000;
  result.secondsPerEpoch = result.epochs ? result.seconds / result.epochs : 0;
  if (opts.shouldStop?.()) result.interrupted = true;
  return result;
}

function readWeights(session: Session, layers: number): tf.Tensor[] {
  const names = Array.from({ length: layers }, (_, i) => [`w_${i}`, `b_${i}`]).flat();
  return session.run(names);
}
