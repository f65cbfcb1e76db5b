// The backends ae can run on, in a module of its own so that the CLI can check a name without
// loading TensorFlow (backend.ts imports tfjs, which `ae --help` must not pay for).
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
