// What every command gets: the Io, the global flags, a logger and lazy TensorFlow loading.
import type { BackendInfo, BackendName } from '../model/backend.js';
import { BACKENDS, tensorflowEnv, type Workload } from '../model/backend-settings.js';
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
   * Loads TensorFlow. libtensorflow reads its thread, oneDNN and log settings from the
   * environment when it initialises, so they are set here, just before the first load, for the
   * work the command is about to do (see tensorflowEnv). The user's own values win.
   */
  async backend(workload: Workload = 'score'): Promise<BackendInfo> {
    const name = this.backendName();
    for (const [k, v] of Object.entries(tensorflowEnv(workload, this.opts.verbose === true))) process.env[k] ??= v;
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
