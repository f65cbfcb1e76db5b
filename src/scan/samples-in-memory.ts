// Values a library caller hands over, as the batches a scan scores: rows of a matrix
// (number[][] or a row-major Float32Array with its width), or one long series cut into windows.
import { emptyBatch, type Batch } from '../data/batch.js';
import { InvalidSettingError } from '../errors.js';

export type Values = Float32Array | ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** Rows of a matrix: `width` values each (taken from the rows when they are arrays). */
export function rowsOf(values: Values, width?: number): { values: Float32Array; width: number } {
  const first = (values as ArrayLike<unknown>)[0];
  if (first !== undefined && typeof first === 'object') {
    const rows = values as ArrayLike<ArrayLike<number>>;
    const w = rows[0]!.length;
    const out = new Float32Array(rows.length * w);
    for (let r = 0; r < rows.length; r++) {
      if (rows[r]!.length !== w)
        throw new InvalidSettingError('values', `row ${r} has ${rows[r]!.length} values; row 0 has ${w}`);
      out.set(Array.from(rows[r]!), r * w);
    }
    return { values: out, width: w };
  }
  if (!width) throw new InvalidSettingError('width', 'is needed for a flat array of rows (or pass number[][])');
  const flat = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  if (flat.length % width !== 0)
    throw new InvalidSettingError('width', `${width} does not divide the ${flat.length} values`);
  return { values: flat, width };
}

/** Windows k·stride … k·stride + size − 1 of one series, as a batch (windows of data lines). */
export function windowsOf(series: ArrayLike<number>, size: number, stride: number): Batch {
  const n = series.length < size ? 0 : Math.floor((series.length - size) / stride) + 1;
  const b = emptyBatch(n, size, { windows: true });
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < size; j++) b.values[k * size + j] = series[k * stride + j]!;
    b.index[k] = k;
    b.start![k] = k * stride;
    b.end![k] = k * stride + size;
  }
  b.count = n;
  return b;
}

/** Rows as one batch, indexed 0 … n − 1. */
export function rowBatch(values: Float32Array, width: number): Batch {
  const count = values.length / width;
  const index = new Int32Array(count);
  for (let i = 0; i < count; i++) index[i] = i;
  return { values, width, count, index };
}
