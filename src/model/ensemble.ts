// An ensemble of N autoencoders stored as ONE dense stack, so everything that reads a bundle
// (the plain scorer, tfjs, ONNX export, --explain) works on it unchanged. Members trained apart
// (each from its own seed, on the same scaled data) are laid side by side:
//   first layer   [in, N·h]    the members' kernels next to each other (each sees the input)
//   hidden layers [N·a, N·b]   block-diagonal: member k's units only feed member k's
//   output layer  [N·a, out]   the members' kernels stacked, divided by N; the bias averaged
// so the output's pre-activation is the mean of the members' — with a linear output, the
// stack reconstructs the average of the members' reconstructions (decisions #51). Pure
// arithmetic on arrays: no TensorFlow.
import type { DenseWeights } from './bundle-files.js';
import { deriveSeed } from '../data/rng.js';

/** The stored stack's widths for N members of `member` widths: hidden layers N times wider. */
export function ensembleLayers(member: number[], n: number): number[] {
  return member.map((w, i) => (i === 0 || i === member.length - 1 ? w : w * n));
}

/** Member k's seed: member 0 keeps the run's seed (an ensemble of 1 is the single model). */
export function memberSeed(seed: number, k: number): number {
  return k === 0 ? seed : deriveSeed(seed, `member${k}`) % 2147483647;
}

/** The members' layers (same widths each) as one stack's layers, as the header says. */
export function combineMembers(members: DenseWeights[][]): DenseWeights[] {
  const n = members.length;
  const first = members[0]!;
  if (n === 1) return first;
  const last = first.length - 1;
  return first.map((_, l) => {
    const [a, b] = first[l]!.kernelShape as [number, number];
    const rowsOf = l === 0 ? a : n * a; // the input is shared; hidden units are not
    const colsOf = l === last ? b : n * b; // the output is averaged; hidden units are not
    const kernel = new Float32Array(rowsOf * colsOf);
    const bias = new Float32Array(colsOf);
    members.forEach((m, k) => {
      const w = m[l]!;
      const rowAt = l === 0 ? 0 : k * a;
      const colAt = l === last ? 0 : k * b;
      const scale = l === last ? 1 / n : 1;
      for (let i = 0; i < a; i++)
        for (let j = 0; j < b; j++) kernel[(rowAt + i) * colsOf + colAt + j]! += w.kernel[i * b + j]! * scale;
      for (let j = 0; j < b; j++) bias[colAt + j]! += w.bias[j]! * scale;
    });
    return { kernelShape: [rowsOf, colsOf], kernel, bias };
  });
}
