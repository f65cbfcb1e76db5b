import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { OutputExistsError, RuntimeError } from '../../src/errors.js';
import { StagedDir, writeFileAtomic } from '../../src/io/atomic.js';
import { tempDir } from '../helpers/files.js';

const leftovers = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('.ae-tmp-'));

test('writeFileAtomic writes, refuses to replace without force, replaces with it, leaves no temp file', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'sub', 'out.txt');
  await writeFileAtomic(file, 'one');
  assert.equal(fs.readFileSync(file, 'utf8'), 'one');
  await assert.rejects(writeFileAtomic(file, 'two'), OutputExistsError);
  assert.equal(fs.readFileSync(file, 'utf8'), 'one');
  await writeFileAtomic(file, 'two', true);
  assert.equal(fs.readFileSync(file, 'utf8'), 'two');
  assert.deepEqual(leftovers(path.join(dir, 'sub')), []);
});

test('a write that fails is named in words and leaves nothing behind', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'afile'), 'x');
  await assert.rejects(writeFileAtomic(path.join(dir, 'afile', 'out.txt'), 'data'), (err: unknown) => {
    return err instanceof RuntimeError && /a parent path is a file/.test(err.message);
  });
  assert.deepEqual(leftovers(dir), []);
});

test('StagedDir: nothing at the target until commit; then all of it', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'run');
  const staged = await StagedDir.create(target, false);
  fs.writeFileSync(staged.file('a.json'), '{}');
  assert.equal(fs.existsSync(target), false);
  await staged.commit();
  assert.deepEqual(fs.readdirSync(target), ['a.json']);
  assert.deepEqual(leftovers(dir), []);
  await assert.rejects(StagedDir.create(target, false), OutputExistsError);
});

test('StagedDir: a failed commit puts the old folder back (rollback)', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'run');
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, 'precious.txt'), 'keep me');
  const staged = await StagedDir.create(target, true);
  fs.rmSync(staged.path, { recursive: true }); // the final rename will now fail
  await assert.rejects(staged.commit());
  assert.equal(fs.readFileSync(path.join(target, 'precious.txt'), 'utf8'), 'keep me');
  assert.deepEqual(leftovers(dir), []);
});

test('StagedDir: --force replaces the old folder whole; abandon removes the partial one', async () => {
  const dir = tempDir();
  const target = path.join(dir, 'run');
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, 'old.txt'), 'x');
  const staged = await StagedDir.create(target, true);
  fs.writeFileSync(staged.file('new.txt'), 'y');
  await staged.commit();
  assert.deepEqual(fs.readdirSync(target), ['new.txt']);
  const second = await StagedDir.create(path.join(dir, 'other'), false);
  const err = await second.abandon(new Error('boom'));
  assert.equal((err as Error).message, 'boom');
  assert.deepEqual(leftovers(dir), []);
});

test('temporary folders of dead ae processes are swept; a live one is kept', async () => {
  const dir = tempDir();
  const dead = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout);
  const stale = path.join(dir, `.ae-tmp-${dead}-abc-run`);
  const mine = path.join(dir, `.ae-tmp-${process.pid}-abc-run`);
  fs.mkdirSync(stale);
  fs.mkdirSync(mine);
  const staged = await StagedDir.create(path.join(dir, 'run'), false);
  assert.equal(fs.existsSync(stale), false, "the dead process's folder is gone");
  assert.equal(fs.existsSync(mine), true, "a live process's folder stays");
  await staged.discard();
});
