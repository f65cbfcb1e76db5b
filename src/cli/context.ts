// What every command gets: the Io, the global flags, a logger and lazy TensorFlow loading.
import { createRequire } from 'node:module';
import type { BackendInfo, BackendName } from '../model/backend.js';
import type { Provisioned } from '../native/provision.js';
import { BACKENDS, tensorflowEnv, type Workload } from '../model/backend-settings.js';
import { RuntimeError, UsageError } from '../errors.js';

const PROVISION_FIX =
  'set AE_LIBTENSORFLOW to a libtensorflow folder or tarball and run `ae setup --force`; ' +
  'or use --backend wasm (no libtensorflow needed)';
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
    /** The command line after `ae`, as given (recorded in run folders). */
    readonly argv: readonly string[] = [],
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
  async backend(workload: Workload = 'score', name: BackendName = this.backendName()): Promise<BackendInfo> {
    this.io.setEnvDefaults(tensorflowEnv(workload, this.opts.verbose === true));
    if (name === 'tensorflow') await this.provision(false);
    const { loadBackend } = await import('../model/backend.js');
    const info = await loadBackend(name, this.io.env);
    this.log.debug(`backend: ${info.backend} (tfjs ${info.tfjsVersion}, TensorFlow ${info.tensorflowVersion ?? '-'})`);
    if (info.wasmSimd === false)
      this.log.warn('ae: this Node has no WebAssembly SIMD; the wasm backend runs several times slower');
    return info;
  }

  /**
   * Makes sure the native backend is provisioned; the first time, says so on stderr and shows
   * progress there (even with --quiet the announcement stays: a minute of silence looks hung).
   */
  async provision(force: boolean): Promise<Provisioned> {
    const { findProvisioned, provisionNative, ProvisionError } = await import('../native/provision.js');
    const tfjsVersion = installedTfjsVersion();
    const existing = findProvisioned(this.io.env, tfjsVersion);
    if (existing && !force) return existing;
    this.log.warn("setting up TensorFlow's native backend (once per user; about a minute the first time)");
    const started = Date.now();
    const log = (msg: string) =>
      this.log.info(this.log.chalk.dim(`ae: [${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`));
    try {
      return await provisionNative({ env: this.io.env, log, force, tfjsVersion });
    } catch (err) {
      const why =
        err instanceof ProvisionError ? err.failures.join('; ') : err instanceof Error ? err.message : String(err);
      throw new RuntimeError(`TensorFlow's native backend could not be set up: ${why}`, PROVISION_FIX);
    }
  }

  /** --backend wins over AE_BACKEND (set once for a memory-tight deployment), then native. */
  backendName(): BackendName {
    return this.chosenBackend() ?? 'tensorflow';
  }

  /** The backend the user asked for (--backend, else AE_BACKEND), or null when they did not. */
  chosenBackend(): BackendName | null {
    const flag = this.opts.backend;
    const env = this.io.env.AE_BACKEND;
    const name = flag ?? (env || null);
    if (name === null) return null;
    if (!(BACKENDS as readonly string[]).includes(name)) {
      const where = flag !== undefined ? '--backend' : 'AE_BACKEND';
      throw new UsageError(`${where} must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, not '${name}'`);
    }
    return name as BackendName;
  }
}

/** The version of ae's @tensorflow/tfjs, from its package.json: importing tfjs takes ~0.45 s. */
export function installedTfjsVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@tensorflow/tfjs/package.json') as { version: string }).version;
}
