// The dense stack in plain JavaScript: no TensorFlow, nothing to load. Scoring a small file
// this way is done before tfjs could even be imported (~0.6 s); see docs/decisions.md #35 for
// when ae scores here and when it loads the wasm backend instead.
import { isAbsolute, isRelative, type ScoreKind } from './architecture.js';
import type { DenseWeights } from './bundle-files.js';
import type { Activation } from './dense.js';
import { metricErrors, relativeScores, type RelativeScale } from './relative-score.js';

export interface PlainLayer {
  inputs: number;
  outputs: number;
  /** The kernel transposed to [out, in], so each output is a dot product over contiguous memory. */
  kernelT: Float32Array;
  bias: Float32Array;
  activation: Activation;
}

export interface PlainStack {
  layers: PlainLayer[];
  width: number;
  /** Multiply-adds per sample, for estimating what scoring costs. */
  macsPerSample: number;
}

export function plainStack(weights: DenseWeights[], activations: Activation[]): PlainStack {
  const layers = weights.map((w, l) => {
    const [inputs, outputs] = w.kernelShape as [number, number];
    const kernelT = new Float32Array(inputs * outputs);
    for (let k = 0; k < inputs; k++)
      for (let j = 0; j < outputs; j++) kernelT[j * inputs + k] = w.kernel[k * outputs + j]!;
    return { inputs, outputs, kernelT, bias: w.bias, activation: activations[l]! };
  });
  const macsPerSample = layers.reduce((n, l) => n + l.inputs * l.outputs, 0);
  return { layers, width: layers[0]?.inputs ?? 0, macsPerSample };
}

/** The reconstruction of `rows` row-major samples. */
export function plainReconstruct(stack: PlainStack, x: Float32Array, rows: number): Float32Array {
  let h = x;
  for (const layer of stack.layers) {
    const y = new Float32Array(rows * layer.outputs);
    denseLayer(layer, h, rows, y);
    h = y;
  }
  return h;
}

/**
 * One error per sample: mean of (x − x̂)² (mse) or |x − x̂| (mae), or a relative score from
 * `relative` (relative-score.ts), as scoreRows computes it.
 */
export function plainScores(
  stack: PlainStack,
  x: Float32Array,
  kind: ScoreKind = 'mse',
  relative?: RelativeScale,
): Float32Array {
  const width = stack.width;
  const rows = x.length / width;
  const out = new Float32Array(rows);
  const chunk = 1024; // keeps the layer outputs in cache
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    const xs = x.subarray(start * width, (start + n) * width);
    const recon = plainReconstruct(stack, xs, n);
    if (isRelative(kind)) {
      const errors = metricErrors(xs, recon, width, relative!.metrics, isAbsolute(kind));
      out.set(relativeScores(errors, relative!), start);
      continue;
    }
    for (let r = 0; r < n; r++) {
      let sum = 0;
      const o = r * width;
      if (isAbsolute(kind)) for (let j = 0; j < width; j++) sum += Math.abs(xs[o + j]! - recon[o + j]!);
      else
        for (let j = 0; j < width; j++) {
          const d = xs[o + j]! - recon[o + j]!;
          sum += d * d;
        }
      out[start + r] = sum / width;
    }
  }
  return out;
}

/**
 * y = act(x · W + b). Four samples at a time share each loaded weight (measured: 2.5× a plain
 * triple loop in V8, which does not vectorise); sums are in float64, as JS numbers are. The
 * activation runs as its own pass over the output: a per-element branch on its name cost ~40 %.
 */
function denseLayer(layer: PlainLayer, x: Float32Array, rows: number, y: Float32Array): void {
  const { inputs: n, outputs: m, kernelT: w, bias } = layer;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = r * n;
    const x1 = x0 + n;
    const x2 = x1 + n;
    const x3 = x2 + n;
    const y0 = r * m;
    for (let j = 0; j < m; j++) {
      const wo = j * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < n; k++) {
        const wk = w[wo + k]!;
        s0 += x[x0 + k]! * wk;
        s1 += x[x1 + k]! * wk;
        s2 += x[x2 + k]! * wk;
        s3 += x[x3 + k]! * wk;
      }
      const b = bias[j]!;
      y[y0 + j] = s0 + b;
      y[y0 + m + j] = s1 + b;
      y[y0 + 2 * m + j] = s2 + b;
      y[y0 + 3 * m + j] = s3 + b;
    }
  }
  for (; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      let s = bias[j]!;
      for (let k = 0; k < n; k++) s += x[r * n + k]! * w[j * n + k]!;
      y[r * m + j] = s;
    }
  }
  activate(y.subarray(0, rows * m), layer.activation);
}

function activate(z: Float32Array, a: Activation): void {
  if (a === 'relu') {
    for (let i = 0; i < z.length; i++) if (z[i]! < 0) z[i] = 0;
  } else if (a === 'sigmoid') {
    for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]!));
  }
}
