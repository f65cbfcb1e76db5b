import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAe } from '../helpers/io.js';

test('--help prints usage and examples on stdout, exit 0', async () => {
  const r = await runAe(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: ae/);
  assert.match(r.stdout, /Examples:/);
  assert.equal(r.stderr, '');
});

test('every subcommand help shows examples', async () => {
  for (const cmd of ['info', 'setup', 'generate', 'train', 'scan']) {
    const r = await runAe([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, /Examples:/, cmd);
  }
});

test('unknown option and unknown command are usage errors (exit 2, hint on stderr)', async () => {
  for (const argv of [['--bogus'], ['frobnicate'], ['info', '--nope']]) {
    const r = await runAe(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /error: unknown/);
    assert.match(r.stderr, /--help/);
  }
});

test('a bad --backend value is a usage error', async () => {
  const r = await runAe(['--backend', 'gpu', 'info']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--backend must be/);
});

test('info --json reports the native backend and versions', async () => {
  const r = await runAe(['info', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const info = JSON.parse(r.stdout);
  assert.equal(info.version, 3);
  assert.equal(info.backend, 'tensorflow');
  assert.equal(info.tfjs, '4.22.0');
  assert.ok(info.cpus >= 1);
  assert.equal(info.loaded, false, 'from the setup record, without loading libtensorflow again');
  const checked = await runAe(['info', '--check', '--json']);
  assert.equal(checked.code, 0, checked.stderr);
  const loaded = JSON.parse(checked.stdout);
  assert.equal(loaded.loaded, true);
  assert.equal(loaded.tensorflow, info.tensorflow, 'the record names the TensorFlow that loads');
});

test('no escape codes on a non-TTY stderr, nor with NO_COLOR', async () => {
  for (const env of [{}, { NO_COLOR: '1', FORCE_COLOR: '1' }] as Record<string, string>[]) {
    const r = await runAe(['--bogus'], { env });
    assert.doesNotMatch(r.stderr, /\x1b\[/);
  }
  const forced = await runAe(['--bogus'], { env: { FORCE_COLOR: '1' } });
  assert.match(forced.stderr, /\x1b\[/, 'FORCE_COLOR turns colour on, so the check above can fail');
});

test('a core setting error is shown with the flag that sets it', async () => {
  const { exitCodeFor, flagFor } = await import('../../src/cli/exit.js');
  const { InvalidSettingError } = await import('../../src/errors.js');
  const { createLogger } = await import('../../src/cli/log.js');
  const { memoryIo } = await import('../helpers/io.js');
  assert.equal(flagFor('learningRate'), '--learning-rate');
  const { io, out } = memoryIo();
  const code = exitCodeFor(new InvalidSettingError('percentile', 'must be in (0, 100), not 100'), createLogger(io, {}));
  assert.equal(code, 2);
  assert.equal(out.stderr, 'ae: error: --percentile must be in (0, 100), not 100\n');
});

test("a subcommand's help lists the global options, the defaults, and scan's training options apart", async () => {
  const r = await runAe(['scan', '--help']);
  assert.equal(r.code, 0);
  for (const text of ['--quiet', '--verbose', '--backend <name>', 'Global Options:'])
    assert.ok(r.stdout.includes(text), `${text} in ae scan --help`);
  assert.match(r.stdout, /Training \(ae train; ae scan without --model\):\n\s+--layers/);
  assert.match(r.stdout, /--tail <tail>\s+which tail the automatic rules flag \(default: high\)/);
  assert.match(r.stdout, /ae train stores percentile 99/);
  assert.match(r.stdout, /--early-stopping <n>[^]*\(default: off\)/);
  const exp = await runAe(['export', '--help']);
  assert.match(exp.stdout, /MSE or MAE/);
});
