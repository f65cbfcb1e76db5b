// Chooses and loads TensorFlow. The native backend (tfjs-node → libtensorflow) is the default
// and is never swapped behind the user's back: the others must be asked for. `wasm` (XNNPACK,
// SIMD) scores small dense models as fast as native in a third of the memory, since loading
// libtensorflow alone costs ~375 MB resident; `cpu` (pure JS) is ~16× slower and needs nothing.
// Loading is lazy so commands that need no TensorFlow (help, generate) start fast.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { RuntimeError } from '../errors.js';

import type { BackendName } from './backend-settings.js';

export { BACKENDS, type BackendName } from './backend-settings.js';

export interface BackendInfo {
  /** Backend tfjs reports: 'tensorflow' (native), 'wasm' (WebAssembly) or 'cpu' (pure JS). */
  backend: BackendName;
  tfjsVersion: string;
  /** libtensorflow's own version (native only). */
  tensorflowVersion: string | null;
  /** Where libtensorflow came from, as recorded by scripts/provision-tf.mjs. */
  libtensorflow: { source: string; path?: string } | null;
  /** wasm only: whether the SIMD build runs (without it, scoring is several times slower). */
  wasmSimd?: boolean;
}

const require = createRequire(import.meta.url);
let loaded: BackendInfo | null = null;

export const PROVISION_HINT =
  "run 'npm run provision' in the ae folder (or set AE_LIBTENSORFLOW to a libtensorflow folder " +
  'and run it); or pass --backend wasm (needs no libtensorflow: scans as fast, trains slower) ' +
  'or --backend cpu (pure JS, slow)';

/** Loads the requested backend once per process; asking for a different one later is an error. */
export async function loadBackend(name: BackendName = 'tensorflow'): Promise<BackendInfo> {
  if (loaded) {
    if (loaded.backend !== name) {
      throw new RuntimeError(`backend ${loaded.backend} is already loaded; cannot switch to ${name}`);
    }
    return loaded;
  }
  if (name === 'tensorflow') {
    let binding: { TF_Version?: string } | undefined;
    try {
      await import('@tensorflow/tfjs-node');
      await tf.setBackend('tensorflow');
      binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
    } catch (err) {
      throw new RuntimeError(`TensorFlow's native backend is not available (${firstLine(err)})`, PROVISION_HINT);
    }
    loaded = {
      backend: 'tensorflow',
      tfjsVersion: tf.version.tfjs,
      tensorflowVersion: binding?.TF_Version ?? null,
      libtensorflow: readProvenance(),
    };
  } else if (name === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      tf.enableProdMode(); // as for cpu below: no tfjs banner on stderr
      if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly module did not initialise');
    } catch (err) {
      throw new RuntimeError(`the wasm backend is not available (${firstLine(err)})`);
    }
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    loaded = { backend: 'wasm', tfjsVersion: tf.version.tfjs, tensorflowVersion: null, libtensorflow: null, wasmSimd: simd };
  } else {
    // The pure-JS backend greets Node users with a banner recommending tfjs-node; ae says
    // itself that --backend cpu is slow, so production mode keeps stderr to ae's own lines.
    tf.enableProdMode();
    await tf.setBackend('cpu');
    loaded = { backend: 'cpu', tfjsVersion: tf.version.tfjs, tensorflowVersion: null, libtensorflow: null };
  }
  return loaded;
}

/** The provisioning record written next to tfjs-node's libtensorflow, if any. */
export function readProvenance(): BackendInfo['libtensorflow'] {
  try {
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
    const file = path.join(dir, 'deps', 'ae-provenance.json');
    if (!existsSync(file)) return null;
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { source: string; path?: string };
    return { source: rec.source, ...(rec.path ? { path: rec.path } : {}) };
  } catch {
    return null;
  }
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}
