// A bundle as one ONNX graph, for scoring anywhere onnxruntime runs (Python, the JVM, C#,
// browsers, Spark through SynapseML, Ray): raw input columns in, `score` (per row, the bundle's
// score: MSE, MAE or relative) and `reconstruction` (in the input's units) out, the scaler inside the graph, and
// what ae knows about the model (columns, window, thresholds) in metadata_props. Written with
// protobufjs against ONNX's own schema (schema/onnx.proto), read from the bundle's files
// without TensorFlow.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { Activation } from '../model/dense.js';
import { isAbsolute, isRelative, layerActivations } from '../model/architecture.js';
import { readBundleFiles, weightsByLayer, type BundleFiles } from '../model/bundle-files.js';
import type { RelativeScale } from '../model/relative-score.js';
import { centringOfBundle, type Centring } from '../model/level.js';
import { AE_VERSION } from '../version.js';

/** Opset 17 (ReduceMean still takes `axes` as an attribute) and IR 8: loaded by onnxruntime ≥ 1.13. */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
/** Version of the metadata ae writes (metadata_props "ae.format" = "ae-onnx"). */
export const ONNX_METADATA_VERSION = 1;

const FLOAT = 1; // TensorProto.DataType.FLOAT
const INT64 = 7; // TensorProto.DataType.INT64
const ATTR_INT = 2; // AttributeProto.AttributeType.INT
const ATTR_INTS = 7; // AttributeProto.AttributeType.INTS

let schema: protobuf.Root | null = null;
function modelProto(): protobuf.Type {
  schema ??= protobuf.loadSync(fileURLToPath(new URL('../../schema/onnx.proto', import.meta.url)));
  return schema.lookupType('onnx.ModelProto');
}

export interface OnnxExport {
  bytes: Uint8Array;
  width: number;
  layers: number[];
  metadata: Record<string, string>;
  /** What the graph does not do that ae does (a bundle's train discord). */
  warnings: string[];
}

export async function exportOnnx(bundleDir: string): Promise<OnnxExport> {
  const files = await readBundleFiles(bundleDir);
  const metadata = metadataOf(files);
  const model = buildModel(files, metadata);
  const Model = modelProto();
  const problem = Model.verify(model);
  if (problem) throw new Error(`internal: ONNX model does not match the schema: ${problem}`);
  const bytes = Model.encode(Model.fromObject(model)).finish();
  const warnings = files.meta.discord
    ? [
        `the graph's score is the autoencoder's alone: the bundle's train discord (a nearest-neighbour search over ${files.meta.discord.windows} learned windows) cannot be exported, and its thresholds are of ae's fused score (metadata ae.discord)`,
      ]
    : [];
  return { bytes, width: files.meta.input.width, layers: files.meta.architecture.layers, metadata, warnings };
}

function buildModel(files: BundleFiles, metadata: Record<string, string>) {
  const { meta } = files;
  const width = meta.input.width;
  const { offset, scale, clip } = meta.preprocessing.scaler;
  const g = new GraphBuilder();
  g.initializer('offset', [width], offset);
  g.initializer('scale', [width], scale);
  g.node('Sub', ['input', 'offset'], 'centred');
  g.node('Div', ['centred', 'scale'], clip ? 'unclipped' : 'scaled');
  if (clip) {
    // Scaler.clip: per column, so Min and Max with broadcast bounds (Clip takes scalars only).
    g.initializer('clip_high', [width], clip);
    g.initializer(
      'clip_low',
      [width],
      clip.map((c) => -c),
    );
    g.node('Min', ['unclipped', 'clip_high'], 'capped');
    g.node('Max', ['capped', 'clip_low'], 'scaled');
  }
  const netInput = centreParts(g, width, centringOfBundle(meta.input));
  let h = netInput;
  const params = weightsByLayer(files);
  const activations = layerActivations(meta.architecture);
  params.forEach((p, i) => {
    g.initializer(`W${i + 1}`, p.kernelShape, p.kernel);
    g.initializer(`b${i + 1}`, [p.bias.length], p.bias);
    g.node('MatMul', [h, `W${i + 1}`], `m${i + 1}`);
    g.node('Add', [`m${i + 1}`, `b${i + 1}`], `z${i + 1}`);
    h = activate(g, `z${i + 1}`, activations[i]!, `a${i + 1}`);
  });
  // The score, as ae computes it: the row's mean squared (or absolute) error in scaled units.
  g.node('Sub', [h, netInput], 'error');
  if (isAbsolute(meta.score)) g.node('Abs', ['error'], 'elementwise');
  else g.node('Mul', ['error', 'error'], 'elementwise');
  if (isRelative(meta.score)) relativeScore(g, width, meta.relative!, isAbsolute(meta.score));
  else g.node('ReduceMean', ['elementwise'], 'score', meanOver(1));
  // A centred part's reconstruction has its level added back (model/level.ts): h + (x − c).
  if (netInput !== 'scaled') {
    g.node('Sub', ['scaled', netInput], 'levels');
    g.node('Add', [h, 'levels'], 'leveled');
    h = 'leveled';
  }
  g.node('Mul', [h, 'scale'], 'unscaled');
  g.node('Add', ['unscaled', 'offset'], 'reconstruction');
  return {
    irVersion: ONNX_IR_VERSION,
    producerName: 'ae',
    producerVersion: AE_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'ae_autoencoder',
      node: g.nodes,
      initializer: g.initializers,
      input: [tensorInfo('input', [{ dimParam: 'N' }, { dimValue: width }])],
      output: [
        tensorInfo('score', [{ dimParam: 'N' }]),
        tensorInfo('reconstruction', [{ dimParam: 'N' }, { dimValue: width }]),
      ],
    },
  };
}

const meanOver = (axis: number) => [
  { name: 'axes', type: ATTR_INTS, ints: [axis] },
  { name: 'keepdims', type: ATTR_INT, i: 0 },
];

/**
 * model/level.ts in the graph: each centred part of `scaled` less its per-metric mean over its
 * rows (Slice, Reshape, ReduceMean, Sub), the other parts as they are, joined again (Concat).
 * Returns the network's input: `scaled` itself when nothing is centred.
 */
function centreParts(g: GraphBuilder, width: number, centring: Centring | null): string {
  if (!centring) return 'scaled';
  const m = centring.metrics;
  const pieces: string[] = [];
  let at = 0;
  const slice = (from: number, to: number) => {
    const name = `piece_${from}`;
    g.initializer(`${name}_from`, [1], [from], INT64);
    g.initializer(`${name}_to`, [1], [to], INT64);
    g.initializer(`${name}_axis`, [1], [1], INT64);
    g.node('Slice', ['scaled', `${name}_from`, `${name}_to`, `${name}_axis`], name);
    return name;
  };
  for (const { offset, size } of centring.parts) {
    if (offset > at) pieces.push(slice(at, offset));
    const part = slice(offset, offset + size * m);
    g.initializer(`${part}_rows`, [3], [0, size, m], INT64); // 0: keep N
    g.initializer(`${part}_flat`, [2], [0, size * m], INT64);
    g.node('Reshape', [part, `${part}_rows`], `${part}_by_row`);
    g.node('ReduceMean', [`${part}_by_row`], `${part}_level`, [
      { name: 'axes', type: ATTR_INTS, ints: [1] },
      { name: 'keepdims', type: ATTR_INT, i: 1 },
    ]);
    g.node('Sub', [`${part}_by_row`, `${part}_level`], `${part}_shape`);
    g.node('Reshape', [`${part}_shape`, `${part}_flat`], `${part}_centred`);
    pieces.push(`${part}_centred`);
    at = offset + size * m;
  }
  if (at < width) pieces.push(slice(at, width));
  g.node('Concat', pieces, 'network_input', [{ name: 'axis', type: ATTR_INT, i: 1 }]);
  return 'network_input';
}

/**
 * model/relative-score.ts in the graph: per-metric MSE (or squared MAE) over its baseline, power
 * mean of order ½.
 */
function relativeScore(g: GraphBuilder, width: number, relative: RelativeScale, absolute: boolean): void {
  const m = relative.metrics;
  g.initializer('metric_shape', [3], [0, width / m, m], INT64); // 0: keep N
  g.initializer('metric_baseline', [m], relative.baseline);
  g.node('Reshape', ['elementwise', 'metric_shape'], 'by_metric');
  g.node('ReduceMean', ['by_metric'], absolute ? 'metric_mae' : 'metric_error', meanOver(1));
  if (absolute) g.node('Mul', ['metric_mae', 'metric_mae'], 'metric_error');
  g.node('Div', ['metric_error', 'metric_baseline'], 'metric_ratio');
  g.node('Sqrt', ['metric_ratio'], 'metric_term');
  g.node('ReduceMean', ['metric_term'], 'term_mean', meanOver(1));
  g.node('Mul', ['term_mean', 'term_mean'], 'score');
}

function activate(g: GraphBuilder, z: string, act: Activation, out: string): string {
  if (act === 'linear') return z;
  g.node(act === 'relu' ? 'Relu' : 'Sigmoid', [z], out);
  return out;
}

function metadataOf(files: BundleFiles): Record<string, string> {
  const { meta } = files;
  return {
    'ae.format': 'ae-onnx',
    'ae.format_version': String(ONNX_METADATA_VERSION),
    'ae.version': AE_VERSION,
    'ae.score': meta.score ?? 'mse',
    'ae.input': JSON.stringify({ kind: meta.input.kind, width: meta.input.width, header: meta.input.header ?? null }),
    'ae.columns': JSON.stringify(meta.input.columns?.map((c) => c.name) ?? []),
    'ae.column_numbers': JSON.stringify(meta.input.columns?.map((c) => c.number) ?? []),
    'ae.window': JSON.stringify(meta.input.window ?? null),
    'ae.thresholds': JSON.stringify(meta.thresholds),
    'ae.architecture': JSON.stringify(meta.architecture),
    // A nearest-neighbour search has no place in the graph: its score is the autoencoder's alone,
    // and the spreads say how ae fuses it with the distance (model/discord.ts).
    ...(meta.discord
      ? {
          'ae.discord': JSON.stringify({
            inGraph: false,
            length: meta.discord.length,
            metrics: meta.discord.metrics,
            score: meta.discord.score,
            distance: meta.discord.distance,
          }),
        }
      : {}),
  };
}

function tensorInfo(name: string, dim: ({ dimParam: string } | { dimValue: number })[]) {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

class GraphBuilder {
  readonly nodes: object[] = [];
  readonly initializers: object[] = [];

  node(opType: string, input: string[], output: string, attribute: object[] = []): void {
    this.nodes.push({ opType, input, output: [output], name: `${opType}_${this.nodes.length}`, attribute });
  }

  initializer(name: string, dims: number[], values: ArrayLike<number>, dataType = FLOAT): void {
    const data = dataType === INT64 ? BigInt64Array.from(Array.from(values, BigInt)) : Float32Array.from(values);
    this.initializers.push({ name, dims, dataType, rawData: new Uint8Array(data.buffer) });
  }
}
