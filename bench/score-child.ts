// In-memory scoring throughput: rows/s of scoreRows on a 100-wide model.
import { generateSines } from '../src/data/generate.js';
import { buildAutoencoder, mirrorLayers } from '../src/model/autoencoder.js';
import { loadBackend } from '../src/model/backend.js';
import { scoreRows } from '../src/detect/score.js';

await loadBackend('tensorflow');
const g = generateSines({ normal: 100_000, lowNoise: 0, cosines: 0, seed: 2 });
const model = buildAutoencoder({ layers: mirrorLayers(100, [50, 25]), activation: 'relu', outputActivation: 'sigmoid', loss: 'meanSquaredError' }, 1);
scoreRows(model, g.values.subarray(0, 100 * 4096), 100); // warm-up
const t0 = performance.now();
const reps = 3;
for (let i = 0; i < reps; i++) scoreRows(model, g.values, 100);
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ rowsPerSecond: (reps * g.rows) / seconds }));
