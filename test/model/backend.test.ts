import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { loadBackend } from '../../src/model/backend.js';

// Not skippable on purpose: ae's promise is the native backend, so a missing addon must fail CI.
test('the native TensorFlow backend is active', async () => {
  const info = await loadBackend('tensorflow', process.env);
  assert.equal(info.backend, 'tensorflow');
  assert.equal(tf.getBackend(), 'tensorflow');
  assert.match(info.tensorflowVersion ?? '', /^2\.\d+/);
  const y = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync());
  assert.deepEqual(Array.from(y), [3, 3, 3, 3]);
});

test('asking for another backend after loading one is refused', async () => {
  await loadBackend('tensorflow', process.env);
  await assert.rejects(loadBackend('cpu'), /already loaded/);
});

test("the provisioned tfjs-node shares ae's tfjs: one tfjs-core in the process", async () => {
  const info = await loadBackend('tensorflow', process.env);
  assert.ok(info.nativeDir, "loaded from ae's cache");
  const cache = createRequire(import.meta.url).cache;
  const cores = new Set(
    Object.values(cache)
      .filter((m) => m && /tfjs-core[\\/]dist[\\/]tf-core\.node\.js$/.test(m.filename))
      .map((m) => m!.filename),
  );
  assert.equal(cores.size, 1, `tfjs-core loaded from ${[...cores].join(', ')}`);
});
