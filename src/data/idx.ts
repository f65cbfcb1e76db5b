// The IDX format of the original MNIST files: a big-endian magic (0, 0, type, dims), one
// uint32 per dimension, then the data. Plain or gzip-compressed (detected by content).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { describeFsError } from '../io/fs-errors.js';
import { PIXELS, type DigitImages } from './mnist.js';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

export function parseIdx(buf: Uint8Array, file: string): IdxArray {
  const fail = (msg: string) => new InputError(msg, { file });
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch {
      throw fail('is a damaged gzip file');
    }
  }
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw fail('is not an IDX file (bad magic number)');
  if (buf[2] !== UBYTE)
    throw fail(`holds IDX type 0x${buf[2]!.toString(16)}; only unsigned bytes (0x08) are supported`);
  const nd = buf[3]!;
  if (nd < 1 || buf.length < 4 + 4 * nd) throw fail('is truncated (incomplete header)');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const offset = 4 + 4 * nd;
  if (buf.length - offset < size)
    throw fail(`is truncated: header says ${size} bytes of data, file has ${buf.length - offset}`);
  if (buf.length - offset > size) throw fail(`has ${buf.length - offset - size} unexpected bytes after the data`);
  return { dims, data: buf.subarray(offset, offset + size) };
}

async function readIdxFile(dir: string, stem: string): Promise<IdxArray> {
  // Both spellings circulate: train-images-idx3-ubyte and train-images.idx3-ubyte.
  const names = [stem, stem.replace(/-(idx\d)/, '.$1')].flatMap((n) => [n, `${n}.gz`]);
  for (const name of names) {
    const file = path.join(dir, name);
    let buf: Buffer;
    try {
      buf = await fsp.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new InputError(describeFsError(err), { file });
    }
    return parseIdx(buf, file);
  }
  const stat = await fsp.stat(dir).catch(() => null);
  if (!stat) throw new InputError('does not exist', { file: dir });
  if (!stat.isDirectory()) throw new InputError('is a file, not a folder of IDX files', { file: dir });
  throw new InputError(`no ${stem} (or .gz) in this folder`, { file: dir });
}

async function readSplit(dir: string, prefix: 'train' | 't10k'): Promise<DigitImages> {
  const images = await readIdxFile(dir, `${prefix}-images-idx3-ubyte`);
  const labels = await readIdxFile(dir, `${prefix}-labels-idx1-ubyte`);
  const imgFile = path.join(dir, `${prefix}-images-idx3-ubyte`);
  if (images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new InputError(`images are ${images.dims.join('×')}, expected N×28×28`, { file: imgFile });
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new InputError(`has ${labels.dims[0]} labels for ${images.dims[0]} images`, {
      file: path.join(dir, `${prefix}-labels-idx1-ubyte`),
    });
  }
  const count = images.dims[0]!;
  const values = new Float32Array(count * PIXELS);
  for (let i = 0; i < values.length; i++) values[i] = images.data[i]! / 255;
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0)
    throw new InputError(`label ${labels.data[bad]} at item ${bad} is not a digit`, {
      file: path.join(dir, `${prefix}-labels-idx1-ubyte`),
    });
  return { values, labels: Uint8Array.from(labels.data), count };
}

/** The standard four MNIST files: 60,000 training and 10,000 test images. */
export async function loadIdxMnist(dir: string): Promise<{ train: DigitImages; test: DigitImages }> {
  return { train: await readSplit(dir, 'train'), test: await readSplit(dir, 't10k') };
}
