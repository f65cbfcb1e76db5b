import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isAbandoned, withLock } from '../../src/native/lock.js';
import { tempDir } from '../helpers/files.js';

test('a second holder waits until the first releases the lock', async () => {
  const lock = path.join(tempDir(), 'x.lock');
  const order: string[] = [];
  let waited = false;
  const first = withLock(lock, async () => {
    order.push('first in');
    await new Promise((r) => setTimeout(r, 150));
    order.push('first out');
  });
  await new Promise((r) => setTimeout(r, 20));
  const second = withLock(lock, async () => order.push('second in'), { pollMs: 10, onWait: () => (waited = true) });
  await Promise.all([first, second]);
  assert.deepEqual(order, ['first in', 'first out', 'second in']);
  assert.ok(waited, 'the waiter was told');
  assert.equal(fs.existsSync(lock), false, 'released');
});

test('the lock is released when the work throws', async () => {
  const lock = path.join(tempDir(), 'x.lock');
  await assert.rejects(
    withLock(lock, async () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal(fs.existsSync(lock), false);
});

test('a lock left by a dead process is taken over', async () => {
  const lock = path.join(tempDir(), 'x.lock');
  const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  fs.mkdirSync(lock);
  fs.writeFileSync(
    path.join(lock, 'owner.json'),
    JSON.stringify({ pid: Number(dead.stdout), host: os.hostname(), since: Date.now() }),
  );
  let ran = false;
  await withLock(lock, async () => (ran = true), { timeoutMs: 2000, pollMs: 10 });
  assert.ok(ran);
});

test('a live holder is not abandoned; an old one is', () => {
  const me = { pid: process.pid, host: os.hostname(), since: Date.now() };
  assert.equal(isAbandoned(me, 60_000), false);
  assert.equal(isAbandoned({ ...me, since: Date.now() - 120_000 }, 60_000), true);
  assert.equal(isAbandoned({ ...me, host: 'another-host' }, 60_000), false, 'another host: cannot tell, wait');
});

test('waiting on a live holder times out with a message naming it', async () => {
  const lock = path.join(tempDir(), 'x.lock');
  fs.mkdirSync(lock);
  fs.writeFileSync(
    path.join(lock, 'owner.json'),
    JSON.stringify({ pid: process.pid, host: os.hostname(), since: Date.now() }),
  );
  await assert.rejects(
    withLock(lock, async () => 1, { timeoutMs: 50, pollMs: 10 }),
    new RegExp(`pid ${process.pid}`),
  );
});
