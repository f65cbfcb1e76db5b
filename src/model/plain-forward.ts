// The dense stack in plain JavaScript: no TensorFlow, nothing to load. Scoring a small file
// this way is done before tfjs could even be imported (~0.6 s); see docs/decisions.md #35 for
// when ae scores here and when it loads the wasm backend instead.
import type { ScoreKind } from './architecture.js';
import type { DenseWeights } from './bundle-files.js';
import type { Activation } from './dense.js';

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

/** One error per sample: mean of (x − x̂)² (mse) or |x − x̂| (mae), as scoreRows computes it. */
export function plainScores(stack: PlainStack, x: Float32Array, kind: ScoreKind = 'mse'): Float32Array {
  const width = stack.width;
  const rows = x.length / width;
  const out = new Float32Array(rows);
  const chunk = 1024; // keeps the layer outputs in cache
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    const xs = x.subarray(start * width, (start + n) * width);
    const recon = plainReconstruct(stack, xs, n);
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let j = 0; j < width; j++) {
        const d = xs[r * width + j]! - recon[r * width + j]!;
        sum += kind === 'mae' ? Math.abs(d) : d * d;
      }
      out[start + r] = sum / width;
    }
  }
  return out;
}

/**
 * y = act(x · W + b). Four samples at a time share each loaded weight (measured: 2.5× a plain
 * triple loop in V8, which does not vectorise); sums are in float64, as JS numbers are.
 */
function denseLayer(layer: PlainLayer, x: Float32Array, rows: number, y: Float32Array): void {
  const { inputs: n, outputs: m, kernelT: w, bias } = layer;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const x0 = r * n;
    const [x1, x2, x3] = [x0 + n, x0 + 2 * n, x0 + 3 * n];
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
      y[r * m + j] = activate(s0 + b, layer.activation);
      y[(r + 1) * m + j] = activate(s1 + b, layer.activation);
      y[(r + 2) * m + j] = activate(s2 + b, layer.activation);
      y[(r + 3) * m + j] = activate(s3 + b, layer.activation);
    }
  }
  for (; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      let s = bias[j]!;
      for (let k = 0; k < n; k++) s += x[r * n + k]! * w[j * n + k]!;
      y[r * m + j] = activate(s, layer.activation);
    }
  }
}

function activate(z: number, a: Activation): number {
  if (a === 'relu') return z > 0 ? z : 0;
  if (a === 'sigmoid') return 1 / (1 + Math.exp(-z));
  return z;
}
