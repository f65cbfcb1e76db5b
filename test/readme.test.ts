// The README's walk-through runs as written: every ```sh block, in order, in one fresh folder —
// `ae` on PATH (the clone's bin/ae.js, as an installed command would be) and `node bin/ae.js`
// working as in a clone — so the text cannot drift from what ae does. Skipped, each with its
// reason: installs and the test commands themselves (.ci/run and `npm run test:install` run
// them), a block that installs from pip's index, and a template with placeholders. One change is made: `tail -f` follows a file forever,
// so it reads the file once (`tail -n +1`, still streamed through the pipe).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from './helpers/files.js';

const root = process.cwd();
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```sh\n([^]*?)```/g)].map((m) => m[1]!);

const SKIPS: [RegExp, string][] = [
  [/^\s*npm /m, 'installs and test runs: .ci/run and npm run test:install run them'],
  [/pip install/, "pip's index (the network) and minutes: statsmodels for the El Niño data"],
  [/\bFILE\b/, 'a template: FILE and P stand for a NAB file and its probationary length (npm run bench:nab runs it)'],
];

const dir = tempDir();
const bin = path.join(dir, 'bin');
fs.mkdirSync(bin);
fs.symlinkSync(path.join(root, 'bin', 'ae.js'), path.join(bin, 'ae.js'));
fs.writeFileSync(
  path.join(bin, 'ae'),
  `#!/bin/sh\nexec "${process.execPath}" "${path.join(root, 'bin', 'ae.js')}" "$@"\n`,
);
fs.chmodSync(path.join(bin, 'ae'), 0o755);

test('the README has its walk-through blocks', () => {
  assert.ok(blocks.length >= 6, `${blocks.length} sh blocks`);
});

blocks.forEach((block, i) => {
  const first = block
    .trim()
    .split('\n')[0]!
    .replace(/\s+#.*$/, '');
  const skip = SKIPS.find(([re]) => re.test(block))?.[1];
  test(`README block ${i + 1}: ${first}`, { skip: skip ?? false, timeout: 10 * 60_000 }, () => {
    const script = block.replace(/\btail -n \+1 -f\b/g, 'tail -n +1').replace(/\btail -f\b/g, 'tail -n +1');
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' },
      timeout: 10 * 60_000,
    });
    assert.equal(r.status, 0, `block ${i + 1} failed:\n${script}\n--- stderr:\n${r.stderr.slice(-3000)}`);
    assert.doesNotMatch(r.stderr, /ae: error/);
  });
});
