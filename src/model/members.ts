// Autoencoders trained apart on parts of each sample, stored as ONE dense stack so everything
// that reads a bundle (the plain scorer, tfjs, ONNX export, --explain) works on it unchanged:
// every layer's kernel is block-diagonal, member k's units connected only to member k's — its
// part of the input in, its part of the output out. The stack's reconstruction is the members'
// side by side, and its MSE the mean over all parts (data/window-lengths.ts). Pure arithmetic.
import type { DenseWeights } from './bundle-files.js';
import { defaultEncoder, mirrorLayers } from './architecture.js';
import { deriveSeed } from '../data/rng.js';

/** A member's widths: its part's L/2, L/4 default (capped as defaultEncoder caps), mirrored. */
export function memberLayers(part: number): number[] {
  return mirrorLayers(part, defaultEncoder(part));
}

/** The stack's widths: the members' (same depth each) added layer by layer. */
export function stackedLayers(members: number[][]): number[] {
  const depth = members[0]!.length;
  if (members.some((m) => m.length !== depth)) throw new RangeError('members must have the same number of layers');
  return members[0]!.map((_, l) => members.reduce((n, m) => n + m[l]!, 0));
}

/** Member k's seed: member 0 keeps the run's seed. */
export function memberSeed(seed: number, k: number): number {
  return k === 0 ? seed : deriveSeed(seed, `member${k}`) % 2147483647;
}

/** The members' layers as one block-diagonal stack's layers. */
export function stackMembers(members: DenseWeights[][]): DenseWeights[] {
  if (members.length === 1) return members[0]!;
  return members[0]!.map((_, l) => {
    const shapes = members.map((m) => m[l]!.kernelShape as [number, number]);
    const rows = shapes.reduce((n, s) => n + s[0], 0);
    const cols = shapes.reduce((n, s) => n + s[1], 0);
    const kernel = new Float32Array(rows * cols);
    const bias = new Float32Array(cols);
    let rowAt = 0;
    let colAt = 0;
    members.forEach((m, k) => {
      const [a, b] = shapes[k]!;
      const w = m[l]!;
      for (let i = 0; i < a; i++) kernel.set(w.kernel.subarray(i * b, (i + 1) * b), (rowAt + i) * cols + colAt);
      bias.set(w.bias, colAt);
      rowAt += a;
      colAt += b;
    });
    return { kernelShape: [rows, cols], kernel, bias };
  });
}
