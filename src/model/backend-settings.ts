// The backends ae can run on and the TensorFlow settings it starts them with, in a module of
// its own so that the CLI can check a name without loading TensorFlow (backend.ts imports
// tfjs, which `ae --help` must not pay for).
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What the process will mostly do with TensorFlow: settings are read once, at load. */
export type Workload = 'train' | 'score';

/**
 * Environment defaults for libtensorflow, applied before it loads (a user's own values win):
 * oneDNN off (slower for these small dense layers, and chatty at start-up); one intra-op
 * thread when training (a batch-32 step's ops are too small to hand to a thread pool), the
 * default pool when scoring (batches of 4,096 rows do gain from it). The measurements behind
 * each are in docs/decisions.md (#3, #16).
 */
export function tensorflowEnv(workload: Workload, verbose = false): Record<string, string> {
  return {
    TF_CPP_MIN_LOG_LEVEL: verbose ? '0' : '2',
    TF_ENABLE_ONEDNN_OPTS: '0',
    ...(workload === 'train' ? { TF_NUM_INTRAOP_THREADS: '1' } : {}),
  };
}

let current: BackendName | null = null;

/**
 * The backend this process has loaded, if any (tfjs holds one per process): a scan that follows
 * training in the same process scores on it instead of asking for another. Kept here, without
 * tfjs, so that asking costs nothing.
 */
export function loadedBackendName(): BackendName | null {
  return current;
}

/** Called by backend.ts once a backend has loaded. */
export function recordLoadedBackend(name: BackendName): void {
  current = name;
}
