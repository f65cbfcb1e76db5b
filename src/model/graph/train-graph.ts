// The training step of a dense autoencoder as one TensorFlow graph, so that libtensorflow runs
// a whole step — forward, the hand-written gradient (as backprop.ts), Adam — in one call
// instead of ~60 eager kernel calls from JavaScript (see docs/decisions.md #37). State lives in
// the session's resource variables between calls: the parameters and Adam's moments, the data,
// the epoch's permutation and a batch counter. Entry points (fetch names):
//   init         feeds the initial weights, the series and the training samples' starts
//                (Placeholders init_*), zeroes the rest
//   epoch_begin  feeds the epoch's permutation (epoch_perm), resets the counter and loss sum
//   step         trains on the next batch of the permutation
//   epoch_stats  the epoch's mean training loss
//   val_loss     the loss of the samples starting at val_starts (fed a chunk at a time)
//   w_<i> / b_<i> the current kernels and biases
// The data is a series and where each sample starts in it (data/window-view.ts): a batch's
// windows are gathered from the series inside the step, so memory holds each value once.
import type { LossName } from '../architecture.js';
import type { Activation } from '../dense.js';
import { attr, GraphBuilder, type DType } from './builder.js';

export interface TrainGraphSpec {
  layers: number[];
  /** The series: rows × metrics. */
  seriesRows: number;
  metrics: number;
  /** The rows a sample reads, from its start ([0]: a sample is one row of the series). */
  rowOffsets: number[];
  /** Per sample column, x ← (x − offset) / scale as samples are read. */
  scaling?: { offset: number[]; scale: number[] };
  activations: Activation[];
  loss: LossName;
  trainRows: number;
  valRows: number;
  batchSize: number;
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Denoising: the sd of the Gaussian noise added to a step's inputs (targets clean); 0: none. */
  inputNoise?: number;
  /** The noise's seed (TensorFlow's op seed: nonzero, so that the draws repeat). */
  noiseSeed?: number;
  /** Each sample's per-metric mean over its rows taken out after scaling (model/level.ts). */
  centre?: boolean;
}

/** Keras's epsilon: BCE clips predictions to [ε, 1 − ε] (as backprop.ts). */
const BCE_EPSILON = 1e-7;

const F = { T: attr.type('float') };

class Net {
  readonly g = new GraphBuilder();
  private readonly inits: string[] = [];

  /** A resource variable, with an init_<name> Placeholder assigned to it by `init`. */
  variable(name: string, dtype: DType, dims: number[], init: 'feed' | 'zeros' = 'feed'): string {
    const g = this.g;
    const handle = g.node(
      'VarHandleOp',
      [],
      { dtype: attr.type(dtype), shape: attr.shape(dims), shared_name: attr.str(name), container: attr.str('') },
      `var_${name}`,
    );
    const value =
      init === 'feed'
        ? g.placeholder(`init_${name}`, dtype, dims)
        : g.node('Fill', [g.constant(dims, 'int32'), g.constant(0, dtype)], { T: attr.type(dtype) });
    this.inits.push(g.node('AssignVariableOp', [handle, value], { dtype: attr.type(dtype) }, `assign_${name}`));
    return handle;
  }

  read(handle: string, dtype: DType = 'float', control: string[] = []): string {
    return this.g.node('ReadVariableOp', [handle, ...control.map((c) => `^${c}`)], { dtype: attr.type(dtype) });
  }

  /** The `init` fetch: every variable assigned. */
  finishInit(): void {
    this.g.node('Identity', [this.g.constant(0), ...this.inits.map((i) => `^${i}`)], F, 'init');
  }

  op(op: string, inputs: string[], name?: string, extra: Record<string, ReturnType<typeof attr.type>> = {}): string {
    return this.g.node(op, inputs, { ...F, ...extra }, name);
  }
}

/** Forward pass; returns every layer's output (index 0 is x). */
function forward(net: Net, x: string, w: string[], b: string[], acts: Activation[]): string[] {
  const outs = [x];
  for (let i = 0; i < w.length; i++) {
    const z = net.op('BiasAdd', [net.op('MatMul', [outs[i]!, w[i]!]), b[i]!]);
    const a = acts[i] === 'relu' ? net.op('Relu', [z]) : acts[i] === 'sigmoid' ? net.op('Sigmoid', [z]) : z;
    outs.push(a);
  }
  return outs;
}

function throughActivation(net: Net, da: string, a: string, act: Activation): string {
  if (act === 'relu') return net.op('ReluGrad', [da, a]);
  if (act === 'sigmoid') return net.op('SigmoidGrad', [a, da]);
  return da;
}

/** Mean loss over all elements, and dL/dz at the output layer (as backprop.ts). */
function lossAndOutputGradient(net: Net, spec: TrainGraphSpec, y: string, p: string): { loss: string; dz: string } {
  const count = net.g.node('Cast', [net.g.node('Size', [p], { T: F.T, out_type: attr.type('int32') })], {
    SrcT: attr.type('int32'),
    DstT: attr.type('float'),
  });
  const inv = net.op('Reciprocal', [count]);
  const axes = net.g.constant([0, 1], 'int32');
  const mean = (t: string) => net.g.node('Mean', [t, axes], { T: F.T, Tidx: attr.type('int32') });
  const act = spec.activations.at(-1)!;
  const diff = net.op('Sub', [p, y]);
  if (spec.loss === 'meanSquaredError') {
    const loss = mean(net.op('Square', [diff]));
    const dp = net.op('Mul', [diff, net.op('Mul', [inv, net.g.constant(2)])]);
    return { loss, dz: throughActivation(net, dp, p, act) };
  }
  const one = net.g.constant(1);
  const pc = net.op('ClipByValue', [p, net.g.constant(BCE_EPSILON), net.g.constant(1 - BCE_EPSILON)]);
  const ce = net.op('Add', [
    net.op('Mul', [y, net.op('Log', [pc])]),
    net.op('Mul', [net.op('Sub', [one, y]), net.op('Log', [net.op('Sub', [one, pc])])]),
  ]);
  const loss = net.op('Neg', [mean(ce)]);
  const inside = net.g.node('Cast', [net.op('Equal', [pc, p])], { SrcT: attr.type('bool'), DstT: F.T });
  if (act === 'sigmoid') return { loss, dz: net.op('Mul', [net.op('Mul', [diff, inside]), inv]) };
  const dp = net.op('RealDiv', [net.op('Sub', [pc, y]), net.op('Mul', [pc, net.op('Sub', [one, pc])])]);
  return { loss, dz: throughActivation(net, net.op('Mul', [net.op('Mul', [dp, inside]), inv]), p, act) };
}

export function buildTrainGraph(spec: TrainGraphSpec): Uint8Array {
  const net = new Net();
  const g = net.g;
  const { layers, batchSize } = spec;
  const params: { handle: string; m: string; v: string; dims: number[] }[] = [];
  const w: string[] = [];
  const b: string[] = [];
  for (let i = 0; i + 1 < layers.length; i++) {
    for (const [kind, dims] of [
      ['w', [layers[i]!, layers[i + 1]!]],
      ['b', [layers[i + 1]!]],
    ] as const) {
      const handle = net.variable(`${kind}_${i}`, 'float', [...dims]);
      params.push({
        handle,
        m: net.variable(`m_${kind}_${i}`, 'float', [...dims], 'zeros'),
        v: net.variable(`v_${kind}_${i}`, 'float', [...dims], 'zeros'),
        dims: [...dims],
      });
      (kind === 'w' ? w : b).push(g.node('Identity', [net.read(handle)], F, `${kind}_${i}`));
    }
  }
  const series = net.variable('series', 'float', [spec.seriesRows, spec.metrics]);
  const starts = net.variable('starts', 'int32', [spec.trainRows]);
  const perm = net.variable('perm', 'int32', [spec.trainRows], 'zeros');
  const counter = net.variable('batch', 'int32', [], 'zeros');
  const lossSum = net.variable('loss_sum', 'float', [], 'zeros');
  const steps = net.variable('steps', 'float', [], 'zeros');
  net.finishInit();

  // epoch_begin: a new permutation, the counter and the loss sum back to 0.
  const permIn = g.placeholder('epoch_perm', 'int32', [spec.trainRows]);
  const resets = [
    g.node('AssignVariableOp', [perm, permIn], { dtype: attr.type('int32') }),
    g.node('AssignVariableOp', [counter, g.constant(0, 'int32')], { dtype: attr.type('int32') }),
    g.node('AssignVariableOp', [lossSum, g.constant(0)], { dtype: F.T }),
  ];
  g.node('Identity', [g.constant(0), ...resets.map((r) => `^${r}`)], F, 'epoch_begin');

  // step: rows perm[k·B … k·B + n) of the data, n = min(B, N − k·B).
  const I = { T: attr.type('int32') };
  const k = net.read(counter, 'int32');
  const start = g.node('Mul', [k, g.constant(batchSize, 'int32')], I);
  const n = g.node(
    'Minimum',
    [g.constant(batchSize, 'int32'), g.node('Sub', [g.constant(spec.trainRows, 'int32'), start], I)],
    I,
  );
  const idx = g.node(
    'Slice',
    [
      net.read(perm, 'int32'),
      g.node('Pack', [start], { ...I, N: attr.int(1), axis: attr.int(0) }),
      g.node('Pack', [n], { ...I, N: attr.int(1), axis: attr.int(0) }),
    ],
    { ...I, Index: attr.type('int32') },
  );
  const x = samplesAt(net, spec, series, gather(g, net.read(starts, 'int32'), idx, 'int32'));
  const outs = forward(net, withNoise(net, spec, x), w, b, spec.activations);
  const { loss, dz: dzOut } = lossAndOutputGradient(net, spec, x, outs.at(-1)!);
  const grads: string[] = new Array(params.length);
  let dz = dzOut;
  for (let i = w.length - 1; i >= 0; i--) {
    grads[2 * i] = net.op('MatMul', [outs[i]!, dz], undefined, {
      transpose_a: attr.bool(true),
      transpose_b: attr.bool(false),
    });
    grads[2 * i + 1] = g.node('Sum', [dz, g.constant([0], 'int32')], { T: F.T, Tidx: attr.type('int32') });
    if (i > 0) {
      const da = net.op('MatMul', [dz, w[i]!], undefined, {
        transpose_a: attr.bool(false),
        transpose_b: attr.bool(true),
      });
      dz = throughActivation(net, da, outs[i]!, spec.activations[i - 1]!);
    }
  }
  // Adam (Keras's formula, as ResourceApplyAdam computes it): β powers from the step count.
  const stepped = g.node('AssignAddVariableOp', [steps, g.constant(1)], { dtype: F.T });
  const t = net.read(steps, 'float', [stepped]);
  const [beta1, beta2, eps] = [spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-7];
  const b1p = net.op('Pow', [g.constant(beta1), t]);
  const b2p = net.op('Pow', [g.constant(beta2), t]);
  const [lr, c1, c2, ce] = [spec.learningRate, beta1, beta2, eps].map((v) => g.constant(v));
  const updates = params.map((p, j) =>
    g.node('ResourceApplyAdam', [p.handle, p.m, p.v, b1p, b2p, lr!, c1!, c2!, ce!, grads[j]!], {
      T: F.T,
      use_locking: attr.bool(false),
      use_nesterov: attr.bool(false),
    }),
  );
  const nf = g.node('Cast', [n], { SrcT: attr.type('int32'), DstT: F.T });
  const bookkeeping = [
    g.node('AssignAddVariableOp', [lossSum, net.op('Mul', [loss, nf])], { dtype: F.T }),
    g.node('AssignAddVariableOp', [counter, g.constant(1, 'int32'), `^${idx}`], { dtype: attr.type('int32') }),
  ];
  g.node('Identity', [loss, ...[...updates, ...bookkeeping].map((u) => `^${u}`)], F, 'step');

  // epoch_stats: the epoch's mean training loss; val_loss: a chunk's, with the weights now.
  net.op('RealDiv', [net.read(lossSum), g.constant(spec.trainRows)], 'epoch_stats');
  const v = samplesAt(net, spec, series, g.placeholder('val_starts', 'int32', [-1]));
  const valLoss = lossAndOutputGradient(net, spec, v, forward(net, v, w, b, spec.activations).at(-1)!).loss;
  g.node('Identity', [valLoss], F, 'val_loss');
  return g.savedModel();
}

/** x plus the spec's Gaussian noise, drawn anew at every step (a stateful op, seeded). */
function withNoise(net: Net, spec: TrainGraphSpec, x: string): string {
  if (!spec.inputNoise) return x;
  const g = net.g;
  const shape = g.node('Shape', [x], { T: F.T, out_type: attr.type('int32') });
  const z = g.node('RandomStandardNormal', [shape], {
    dtype: F.T,
    T: attr.type('int32'),
    seed: attr.int(spec.noiseSeed ?? 1),
    seed2: attr.int(7), // any fixed value: with `seed`, the draws repeat run after run
  });
  return net.op('Add', [x, net.op('Mul', [z, g.constant(spec.inputNoise)])]);
}

function gather(g: GraphBuilder, params: string, indices: string, dtype: DType = 'float'): string {
  return g.node('GatherV2', [params, indices, g.constant(0, 'int32')], {
    Tparams: attr.type(dtype),
    Tindices: attr.type('int32'),
    Taxis: attr.type('int32'),
  });
}

/** The samples starting at `at` (int32 [n]) as an [n, width] batch, scaled if the spec says so. */
function samplesAt(net: Net, spec: TrainGraphSpec, series: string, at: string): string {
  const g = net.g;
  const I = { T: attr.type('int32') };
  let x: string;
  if (spec.rowOffsets.length === 1 && spec.rowOffsets[0] === 0) {
    x = gather(g, net.read(series), at);
  } else {
    const column = g.node('ExpandDims', [at, g.constant(1, 'int32')], { ...I, Tdim: attr.type('int32') });
    const rows = g.node('Add', [column, g.constant(spec.rowOffsets, 'int32')], I);
    const width = spec.rowOffsets.length * spec.metrics;
    x = g.node('Reshape', [gather(g, net.read(series), rows), g.constant([-1, width], 'int32')], {
      ...F,
      Tshape: attr.type('int32'),
    });
  }
  if (spec.scaling)
    x = net.op('RealDiv', [net.op('Sub', [x, g.constant(spec.scaling.offset)]), g.constant(spec.scaling.scale)]);
  return spec.centre ? centred(net, x, spec.rowOffsets.length, spec.metrics) : x;
}

/** x ([n, rows·metrics], row-major) less each sample's per-metric mean over its rows. */
function centred(net: Net, x: string, rows: number, metrics: number): string {
  const g = net.g;
  const reshape = (t: string, dims: number[]) =>
    g.node('Reshape', [t, g.constant(dims, 'int32')], { ...F, Tshape: attr.type('int32') });
  const byRow = reshape(x, [-1, rows, metrics]);
  const mean = g.node('Mean', [byRow, g.constant([1], 'int32')], {
    ...F,
    Tidx: attr.type('int32'),
    keep_dims: attr.bool(true),
  });
  return reshape(net.op('Sub', [byRow, mean]), [-1, rows * metrics]);
}
