// Which rows training holds out for validation. No TensorFlow here (the CLI lists the choices).
import { createRng, deriveSeed, permutation } from '../data/rng.js';

export const VALIDATION_ROWS = ['random', 'last'] as const;
export type ValidationRows = (typeof VALIDATION_ROWS)[number];

/** The training and validation rows (copies), chosen as `how` says. */
export function splitValidation(
  values: Float32Array,
  width: number,
  valRows: number,
  how: ValidationRows,
  seed: number,
): { train: Float32Array; val: Float32Array } {
  const rows = values.length / width;
  const trainRows = rows - valRows;
  if (how === 'last') {
    return { train: values.subarray(0, trainRows * width), val: values.subarray(trainRows * width) };
  }
  const held = new Uint8Array(rows);
  const perm = permutation(rows, createRng(deriveSeed(seed, 'validation')));
  for (let i = 0; i < valRows; i++) held[perm[i]!] = 1;
  const train = new Float32Array(trainRows * width);
  const val = new Float32Array(valRows * width);
  let t = 0;
  let v = 0;
  for (let r = 0; r < rows; r++) {
    const row = values.subarray(r * width, (r + 1) * width);
    if (held[r]) val.set(row, v++ * width);
    else train.set(row, t++ * width);
  }
  return { train, val };
}

/** The same choice as splitValidation, made over samples named by number (views: their starts). */
export function splitStarts(
  starts: Int32Array,
  valRows: number,
  how: ValidationRows,
  seed: number,
): { train: Int32Array; val: Int32Array } {
  const rows = starts.length;
  const trainRows = rows - valRows;
  if (how === 'last') return { train: starts.subarray(0, trainRows), val: starts.subarray(trainRows) };
  const held = new Uint8Array(rows);
  const perm = permutation(rows, createRng(deriveSeed(seed, 'validation')));
  for (let i = 0; i < valRows; i++) held[perm[i]!] = 1;
  const train = new Int32Array(trainRows);
  const val = new Int32Array(valRows);
  let t = 0;
  let v = 0;
  for (let r = 0; r < rows; r++) {
    if (held[r]) val[v++] = starts[r]!;
    else train[t++] = starts[r]!;
  }
  return { train, val };
}
