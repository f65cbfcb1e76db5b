// Chooses and loads TensorFlow. The native backend (tfjs-node → libtensorflow) is the default
// and is never swapped behind the user's back: the others must be asked for. `wasm` (XNNPACK,
// SIMD) scores small dense models as fast as native in a third of the memory, since loading
// libtensorflow alone costs ~375 MB resident; `cpu` (pure JS) is ~16× slower and needs nothing.
// Loading is lazy so commands that need no TensorFlow (help, generate) start fast.
import * as tf from '@tensorflow/tfjs';
import { RuntimeError } from '../errors.js';
import { libtensorflowOf, type Env } from '../native/cache.js';
import { applyTensorflowDefaults, requireTfjsNode } from '../native/load.js';
import { findProvisioned } from '../native/provision.js';

import { recordLoadedBackend, tensorflowEnv, type BackendName } from './backend-settings.js';

export { BACKENDS, type BackendName } from './backend-settings.js';

export interface BackendInfo {
  /** Backend tfjs reports: 'tensorflow' (native), 'wasm' (WebAssembly) or 'cpu' (pure JS). */
  backend: BackendName;
  tfjsVersion: string;
  /** libtensorflow's own version (native only). */
  tensorflowVersion: string | null;
  /** Where libtensorflow came from, as recorded when it was provisioned. */
  libtensorflow: { source: string; path?: string } | null;
  /** native only: the provisioned tfjs-node folder in ae's cache. */
  nativeDir?: string;
  /** wasm only: whether the SIMD build runs (without it, scoring is several times slower). */
  wasmSimd?: boolean;
}

let loaded: BackendInfo | null = null;

export const PROVISION_HINT =
  "run 'ae setup' (set AE_LIBTENSORFLOW to use your own libtensorflow); or pass --backend wasm " +
  '(needs no libtensorflow: scans as fast, trains slower) or --backend cpu (pure JS, slow)';

/**
 * Loads the requested backend once per process; asking for a different one later is an error.
 * The native backend must have been provisioned (`ae setup`, or `provisionNative`); `env`
 * locates ae's cache (AE_CACHE_DIR, XDG_CACHE_HOME), default ~/.cache/ae.
 */
export async function loadBackend(
  name: BackendName = 'tensorflow',
  env: Env = {},
  /** `tensorflowLogs`: let libtensorflow print its start-up lines (the CLI's --verbose). */
  options: { tensorflowLogs?: boolean } = {},
): Promise<BackendInfo> {
  if (loaded) {
    if (loaded.backend !== name) {
      throw new RuntimeError(`backend ${loaded.backend} is already loaded; cannot switch to ${name}`);
    }
    return loaded;
  }
  if (name === 'tensorflow') {
    // A library user may have loaded a tfjs-node of their own (the optional peer dependency).
    const preloaded = tf.findBackendFactory('tensorflow') !== null;
    const native = preloaded ? null : findProvisioned(env, tf.version.tfjs);
    if (!preloaded && !native) throw new RuntimeError("TensorFlow's native backend is not set up", PROVISION_HINT);
    let binding: { TF_Version?: string } | undefined;
    try {
      if (native) {
        applyTensorflowDefaults(tensorflowEnv('score', options.tensorflowLogs === true));
        requireTfjsNode(native.tfjsNode);
      }
      await tf.setBackend('tensorflow');
      binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
    } catch (err) {
      throw new RuntimeError(`TensorFlow's native backend is not available (${firstLine(err)})`, PROVISION_HINT);
    }
    loaded = {
      backend: 'tensorflow',
      tfjsVersion: tf.version.tfjs,
      tensorflowVersion: binding?.TF_Version ?? null,
      libtensorflow: native ? libtensorflowOf(native.record) : { source: 'tfjs-node loaded by the caller' },
      ...(native ? { nativeDir: native.tfjsNode } : {}),
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
    loaded = {
      backend: 'wasm',
      tfjsVersion: tf.version.tfjs,
      tensorflowVersion: null,
      libtensorflow: null,
      wasmSimd: simd,
    };
  } else {
    // The pure-JS backend greets Node users with a banner recommending tfjs-node; ae says
    // itself that --backend cpu is slow, so production mode keeps stderr to ae's own lines.
    tf.enableProdMode();
    await tf.setBackend('cpu');
    loaded = { backend: 'cpu', tfjsVersion: tf.version.tfjs, tensorflowVersion: null, libtensorflow: null };
  }
  recordLoadedBackend(name);
  return loaded;
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}
