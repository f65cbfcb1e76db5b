// ae as a library, in plain JavaScript (ESM): fit a detector on rows held in memory, save it,
// load it back and score. Run: node fit-save-load.mjs [model-dir]  (prints JSON on stdout)
import { Detector, generateSines } from 'ae-anomaly';

const dir = process.argv[2] ?? 'runs/library';
// The seed's data: 10,200 rows of 100 values — noisy sines, 100 cosines ×3, 100 low-noise sines.
const data = generateSines({ seed: 1 });

const detector = await Detector.fit(data.values, { width: 100, epochs: 5, seed: 1 });
await detector.save(dir, { force: true }); // the bundle folder `ae train` writes
detector.dispose();

const loaded = await Detector.load(dir); // needs no TensorFlow: scores in plain JavaScript
const { scores, tails, counts, thresholds } = await loaded.score(data.values);
const flagged = tails.flatMap((t, i) => (t ? [i] : []));
process.stderr.write(`flagged ${counts.flagged} of ${counts.scored} (score ≥ ${thresholds.high?.value})\n`);
console.log(JSON.stringify({ counts, flagged, scores: Array.from(scores) }));
loaded.dispose();
