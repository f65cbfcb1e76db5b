// The backends ae can run on and the TensorFlow settings it starts them with, in a module of
// its own so that the CLI can check a name without loading TensorFlow (backend.ts imports
// tfjs, which `ae --help` must not pay for).
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What the process will mostly do with TensorFlow: settings are read once, at load. */
export type Workload = 'train' | 'score';

/**
 * Environment defaults for libtensorflow, applied before it loads (a user's own values win).
 * Measured on 2 cores (bench/train-child.ts, bench/score-child.ts; medians of 3):
 * - oneDNN off: its kernels halve training speed for these small dense layers and cut scoring
 *   to a quarter, and it prints start-up notes.
 * - one intra-op thread when training: a batch-32 step is made of ops too small to split, and
 *   handing each to a thread pool costs more than it saves. With tfjs's tape (ae's first
 *   trainer) this was worth 0.38 vs 0.46 s/epoch (series) and 0.22 vs 0.29 (MNIST); with the
 *   hand-written gradient, which has half the ops, 0.16 vs 0.17 on MNIST and nothing on the
 *   series. Scoring batches of 4,096 rows do gain from the pool (640k vs 390k rows/s), so
 *   scoring keeps TensorFlow's default (one thread per core).
 */
export function tensorflowEnv(workload: Workload, verbose = false): Record<string, string> {
  return {
    TF_CPP_MIN_LOG_LEVEL: verbose ? '0' : '2',
    TF_ENABLE_ONEDNN_OPTS: '0',
    ...(workload === 'train' ? { TF_NUM_INTRAOP_THREADS: '1' } : {}),
  };
}
