// `ae watch --exec CMD`: every incident event reaches the command as the JSON line --incidents
// prints, in order; the command's output stays off stdout; a failing command is counted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';

const dir = tempDir();

test('--exec gets each incident event on stdin, as --incidents prints it', async () => {
  const csv = path.join(dir, 'm.csv');
  assert.equal((await runAe(['generate', 'metrics', '--days', '3', '--out', csv, '--quiet'])).code, 0);
  // One autoencoder per length: what is checked is the events' delivery, not the model (#81).
  const args = ['watch', csv, '--learn', '400', '--seed', '2', '--ensemble', '1'];
  const printed = await runAe([...args, '--incidents']);
  assert.equal(printed.code, 0, printed.stderr);
  assert.ok(printed.stdout.includes('"event":"end"'), 'the data has an incident that ends');
  const got = path.join(dir, 'events.ndjson');
  const run = await runAe([...args, '--ndjson', '--exec', `cat >> '${got}'; echo from-the-command`]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(fs.readFileSync(got, 'utf8'), printed.stdout);
  assert.doesNotMatch(run.stdout, /from-the-command/);
  assert.match(run.stderr, /from-the-command/);
  const events = printed.stdout.trim().split('\n').length;
  assert.match(run.stderr, new RegExp(`--exec ran ${events} time\\(s\\), 0 failed`));
  const failing = await runAe([...args, '--exec', 'exit 3']);
  assert.equal(failing.code, 0, 'the watch goes on');
  assert.match(failing.stderr, /--exec "exit 3": exited with 3/);
  assert.match(failing.stderr, new RegExp(`--exec ran ${events} time\\(s\\), ${events} failed`));
});
