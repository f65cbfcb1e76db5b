// In-memory scoring throughput: rows/s of scoreRows on the series model (100 wide) and the
// MNIST one (784 wide), on the backend named in argv[2].
// 'js' is the plain forward pass `ae scan --model` uses for small inputs (no tfjs backend).
// Usage: tsx bench/score-child.ts <tensorflow|wasm|js>
import { generateSines } from '../src/data/generate.js';
import { buildAutoencoder, mirrorLayers } from '../src/model/autoencoder.js';
import { loadBackend, type BackendName } from '../src/model/backend.js';
import { plainScores, plainStack } from '../src/model/plain-forward.js';
import { scoreRows } from '../src/model/score.js';

const backend = process.argv[2] ?? 'tensorflow';
await loadBackend(backend === 'js' ? 'cpu' : (backend as BackendName), process.env);
const g = generateSines({ normal: 100_000, lowNoise: 0, cosines: 0, seed: 2 });

function rowsPerSecond(width: number, hidden: number[], values: Float32Array): number {
  const model = buildAutoencoder(
    { layers: mirrorLayers(width, hidden), activation: 'relu', outputActivation: 'sigmoid', loss: 'meanSquaredError' },
    1,
  );
  const weights = model.getWeights();
  const stack = plainStack(
    Array.from({ length: weights.length / 2 }, (_, l) => ({
      kernelShape: weights[2 * l]!.shape,
      kernel: weights[2 * l]!.dataSync() as Float32Array,
      bias: weights[2 * l + 1]!.dataSync() as Float32Array,
    })),
    [...hidden.map(() => 'relu' as const), ...hidden.slice(0, -1).map(() => 'relu' as const), 'sigmoid' as const],
  );
  const score = (v: Float32Array) => (backend === 'js' ? plainScores(stack, v) : scoreRows(model, v, width));
  score(values.subarray(0, width * 4096)); // warm-up
  const rows = values.length / width;
  const t0 = performance.now();
  const reps = backend === 'js' ? 1 : 3;
  for (let i = 0; i < reps; i++) score(values);
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  return (reps * rows) / seconds;
}

// MNIST-shaped rows: the series values reshaped, 12,755 rows of 784.
const mnistRows = Math.floor(g.values.length / 784);
console.log(
  JSON.stringify({
    rowsPerSecond: rowsPerSecond(100, [50, 25], g.values),
    mnistRowsPerSecond: rowsPerSecond(784, [300, 100], g.values.subarray(0, mnistRows * 784)),
  }),
);
