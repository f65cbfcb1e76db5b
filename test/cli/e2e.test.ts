// Runs the built CLI (bin/ae.js → dist/) as a user would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

export function ae(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, ['bin/ae.js', ...args], {
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('ae --version prints the package version', () => {
  const r = ae(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('ae --help does not load TensorFlow', () => {
  const code = `
    import { createRequire } from 'node:module';
    const { main } = await import('./dist/cli/main.js');
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '.', onInterrupt: () => () => {}, setEnvDefaults: () => {}, abort: () => { throw new Error('abort'); } };
    await main(['--help'], io);
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@tensorflow'));
    console.log(JSON.stringify(loaded.length));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '0');
});

test('ae info --json: native backend, clean stdout, quiet stderr', () => {
  const r = ae(['info', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).backend, 'tensorflow');
  assert.equal(r.stderr, '', 'TensorFlow start-up chatter must not reach stderr');
});

test('usage errors exit 2', () => {
  const r = ae(['info', '--json', 'extra', 'args']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
});

test('--backend cpu is used only when asked for, and recorded', () => {
  const r = ae(['--backend', 'cpu', 'info', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).backend, 'cpu');
  assert.equal(r.stderr, '', 'no tfjs banner');
});

test('a closed pipe ends ae quietly', () => {
  // bash, not sh: PIPESTATUS is ae's own exit status (dash has none, and `echo` would pass).
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" bin/ae.js generate sines --normal 5000 | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), '0', 'ae exits 0 when the reader goes away');
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
});
