// Loading the provisioned tfjs-node so that it registers its 'tensorflow' backend with ae's
// own copy of tfjs. tfjs-node's install in the cache has its own @tensorflow/tfjs; loaded as
// is, the process would hold two copies of tfjs (~0.25 s more start-up, hundreds of "kernel
// already registered" warnings on stderr). Node's documented require.cache lets ae map the
// cache copy's entry points to the modules it already loaded, so one copy serves both.
import { createRequire } from 'node:module';
import path from 'node:path';

const aeRequire = createRequire(import.meta.url);

/** The tfjs packages tfjs-node requires at load (its kernels use both). */
const SHARED = ['@tensorflow/tfjs', '@tensorflow/tfjs-core'] as const;

/**
 * Environment defaults libtensorflow reads once, at load (values already set win): the CLI sets
 * its own first; a library caller gets the same quiet start (no C++ start-up lines on stderr).
 */
export function applyTensorflowDefaults(defaults: Record<string, string>): void {
  // The one core line that writes the process environment: libtensorflow reads these with
  // getenv() when it loads into the process, so there is no argument to hand them through.
  // eslint-disable-next-line no-restricted-properties
  for (const [k, v] of Object.entries(defaults)) process.env[k] ??= v;
}

export function requireTfjsNode(tfjsNodeDir: string): unknown {
  const theirs = createRequire(path.join(tfjsNodeDir, 'package.json'));
  const tfjsMain = aeRequire.resolve('@tensorflow/tfjs');
  // tfjs-core is tfjs's dependency, not ae's: resolve it from where tfjs is (pnpm does not hoist).
  const mine = {
    '@tensorflow/tfjs': tfjsMain,
    '@tensorflow/tfjs-core': createRequire(tfjsMain).resolve('@tensorflow/tfjs-core'),
  };
  for (const id of SHARED) {
    const own = mine[id];
    aeRequire(own);
    const other = theirs.resolve(id);
    if (other !== own) aeRequire.cache[other] = aeRequire.cache[own];
  }
  return theirs(tfjsNodeDir);
}
