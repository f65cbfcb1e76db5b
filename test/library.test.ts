// The package entry point: what README's library example uses is exported and works.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import * as ae from '../src/index.js';

test('the README library example runs (small data)', async () => {
  await ae.loadBackend('tensorflow');
  const data = ae.generateSines({ normal: 300, lowNoise: 10, cosines: 10, seed: 1 });
  const fit = await ae.fitAutoencoder(data.values, 100, {
    architecture: {
      layers: ae.mirrorLayers(100, [50, 25]),
      activation: 'relu',
      outputActivation: 'sigmoid',
      loss: 'meanSquaredError',
    },
    scaler: 'standard',
    epochs: 5,
    batchSize: 32,
    validationSplit: 0.25,
    learningRate: 0.001,
    seed: 1,
  });
  const t = ae.thresholdsFromRule(ae.describeScores(fit.trainScores), { kind: 'sigma', k: 4, tail: 'both' });
  const tails = Array.from(ae.scoreRaw(fit.model, fit.scaler, data.values, 100), (s) => ae.classify(s, t));
  const cosines = data.kinds.flatMap((k, i) => (k === 'cosine' ? [i] : []));
  assert.ok(
    cosines.every((i) => tails[i] === 'high'),
    'every cosine is flagged high',
  );
  fit.model.dispose();
});

test('the README library example for a saved bundle: load, score a file, apply its stored thresholds', async () => {
  const { tempDir, writeTemp } = await import('./helpers/files.js');
  const { runAe } = await import('./helpers/io.js');
  const dir = tempDir();
  const data = ae.generateSines({ normal: 300, lowNoise: 10, cosines: 10, seed: 2 });
  const rows: string[] = [];
  for (let r = 0; r < 320; r++)
    rows.push(Array.from(data.values.subarray(r * 100, (r + 1) * 100), (v) => v.toFixed(5)).join(','));
  const file = writeTemp(dir, 'new.csv', rows.join('\n') + '\n');
  const trained = await runAe(['train', file, '--out', `${dir}/model`, '--epochs', '5', '--quiet']);
  assert.equal(trained.code, 0, trained.stderr);

  // As in README, "Using ae as a library":
  await ae.loadBackend('tensorflow', process.env);
  const bundle = await ae.loadBundle(`${dir}/model`);
  const samples = await ae.readSamples(await ae.openSource(file), ae.sampleSpecFor(bundle.meta));
  const scores = ae.scoreRaw(bundle.model, bundle.meta.preprocessing.scaler, samples.values, samples.width);
  const flagged = Array.from(scores, (s) => ae.classify(s, bundle.meta.thresholds));

  const cli = await runAe(['scan', file, '--model', `${dir}/model`, '--ndjson']);
  const expected = cli.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(flagged.length, expected.length);
  flagged.forEach((tail, i) => assert.equal(tail ?? false, expected[i].flagged ? expected[i].tail : false));
  bundle.model.dispose();
});

test("loadBackend('tensorflow') starts as quietly as the CLI; tensorflowLogs shows TensorFlow's lines", () => {
  const script = (logs: boolean) => `
    const ae = await import('./dist/index.js');
    await ae.loadBackend('tensorflow', process.env, { tensorflowLogs: ${logs} });
    const tf = await import('@tensorflow/tfjs');
    tf.tensor([1, 2]).square().dataSync();
    console.log('ok');`;
  const env = { ...process.env };
  delete env.TF_CPP_MIN_LOG_LEVEL; // the test runner sets it; a library user has nothing set
  for (const logs of [false, true]) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(logs)], { encoding: 'utf8', env });
    assert.equal(r.stdout.trim(), 'ok', r.stderr);
    if (logs) assert.match(r.stderr, /cpu_feature_guard|absl/, 'the start-up lines, when asked for');
    else assert.equal(r.stderr, '', 'nothing on stderr');
  }
});

test("detector.score takes labels as PyOD's y (0/1 per sample), a Map, or Labels; scores as the CLI rounds them", async () => {
  await ae.loadBackend('tensorflow');
  const data = ae.generateSines({ normal: 200, lowNoise: 0, cosines: 10, seed: 2 });
  const detector = await ae.Detector.fit(data.values, { width: 100, epochs: 3, seed: 1 });
  const y = data.kinds.map((k) => (k === 'cosine' ? 1 : 0));
  const byArray = await detector.score(data.values, { labels: y });
  const byMap = await detector.score(data.values, { labels: new Map(y.map((v, i) => [i, v])) });
  assert.equal(byArray.metrics?.positives, 10);
  assert.deepEqual(byMap.metrics, byArray.metrics);
  await assert.rejects(detector.score(data.values, { labels: y.map((v) => v * 2) }), /labels.*0 or 1/);
  // Six significant digits, as NDJSON prints them: no float32 tail.
  assert.ok(Array.from(byArray.scores).every((s) => Number(s.toPrecision(6)) === s));
  detector.dispose();
});
