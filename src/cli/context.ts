// What every command gets: the Io, the global flags, a logger and lazy TensorFlow loading.
import type { BackendInfo, BackendName } from '../model/backend.js';
import { BACKENDS } from '../model/backend-names.js';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';
import { createLogger, type GlobalOptions, type Logger } from './log.js';

export interface Globals extends GlobalOptions {
  /** --backend, if given; else AE_BACKEND; else the native backend. */
  backend?: string;
}

export class Context {
  private cachedLogger?: Logger;

  constructor(
    readonly io: Io,
    private readonly globals: () => Globals,
  ) {}

  get opts(): Globals {
    return this.globals();
  }

  get log(): Logger {
    this.cachedLogger ??= createLogger(this.io, this.globals());
    return this.cachedLogger;
  }

  /**
   * Loads TensorFlow. TensorFlow reads its thread and log settings from the environment when
   * the native library initialises, so they are set here, just before the first load.
   */
  async backend(): Promise<BackendInfo> {
    const name = this.backendName();
    // Quiet TensorFlow's C++ start-up chatter unless the user asked for detail.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= this.opts.verbose ? '0' : '2';
    // oneDNN's kernels halve the speed of these small dense layers (measured: 1.3 vs 0.7 s per
    // epoch on the series model) and print start-up notes; a user's own setting wins.
    process.env.TF_ENABLE_ONEDNN_OPTS ??= '0';
    const { loadBackend } = await import('../model/backend.js');
    const info = await loadBackend(name);
    this.log.debug(`backend: ${info.backend} (tfjs ${info.tfjsVersion}, TensorFlow ${info.tensorflowVersion ?? '-'})`);
    if (info.wasmSimd === false) this.log.warn('ae: this Node has no WebAssembly SIMD; the wasm backend runs several times slower');
    return info;
  }

  /** --backend wins over AE_BACKEND (set once for a memory-tight deployment), then native. */
  backendName(): BackendName {
    const flag = this.opts.backend;
    const env = this.io.env.AE_BACKEND;
    const name = flag ?? (env || 'tensorflow');
    if (!(BACKENDS as readonly string[]).includes(name)) {
      const where = flag !== undefined ? '--backend' : 'AE_BACKEND';
      throw new UsageError(`${where} must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, not '${name}'`);
    }
    return name as BackendName;
  }
}
