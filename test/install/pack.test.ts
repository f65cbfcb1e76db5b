// Installs ae the way users do — from a packed tarball, with npm 10, 11 and 12, globally and as
// a dependency — and checks each install ends in a working native backend with clean stdout.
// Slow (a few minutes, mostly npm): run by `npm run test:install` and CI, not by `npm test`.
// The npm cache and ae's libtensorflow cache are shared with the machine, so nothing large is
// downloaded; the blocked-scripts case gets a fresh ae cache (libtensorflow linked in), so it
// really provisions on first use.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { cacheRoot } from '../../src/native/cache.js';
import { npmChildEnv } from '../../src/native/npm.js';
import { tempDir } from '../helpers/files.js';

const root = process.cwd();
const baseEnv = { ...npmChildEnv(process.env), NO_COLOR: '1' } as Record<string, string>;

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? root,
    encoding: 'utf8',
    env: { ...baseEnv, ...opts.env },
    timeout: 10 * 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: ReturnType<typeof sh>, what: string) {
  assert.equal(r.code, 0, `${what} failed:\n${r.stderr.slice(-2000)}`);
  return r;
}

/** npm as the machine has it, or a given major through npx. */
function npm(major: number | null, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  return major === null ? sh('npm', args, opts) : sh('npx', ['-y', `npm@${major}`, ...args], opts);
}

const work = tempDir();
let tarball = '';
let model = '';
let series = '';

before(() => {
  const packed = ok(npm(null, ['pack', '--json', '--pack-destination', work]), 'npm pack');
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = path.join(work, info!.filename);
  const files = info!.files.map((f) => f.path);
  assert.ok(files.includes('dist/cli/main.js'), 'the package ships built JavaScript');
  assert.ok(files.includes('LICENSE'));
  assert.ok(files.includes('schema/onnx.proto'), "ae export reads ONNX's schema from the package");
  assert.ok(!files.some((f) => f.endsWith('.map')), 'no source maps without their sources');
  const manifest = ok(sh('tar', ['-xzOf', tarball, 'package/package.json']), 'read the packed package.json');
  const scripts = (JSON.parse(manifest.stdout) as { scripts: Record<string, string> }).scripts;
  for (const s of ['preinstall', 'install', 'postinstall', 'prepare'])
    assert.equal(scripts[s], undefined, `the packed package has no ${s} script`);
  assert.ok(!fs.existsSync(path.join(root, 'package.json.packing')), 'postpack put package.json back');
  series = path.join(work, 'series.csv');
  ok(
    sh(process.execPath, [
      'bin/ae.js',
      'generate',
      'sines',
      '--noisy',
      '300',
      '--low-noise',
      '10',
      '--cosines',
      '10',
      '--out',
      series,
    ]),
    'generate',
  );
  model = path.join(work, 'model');
  ok(sh(process.execPath, ['bin/ae.js', 'train', series, '--epochs', '2', '--out', model, '--quiet']), 'train');
});

/** What every install must do: native `info --json` (JSON only on stdout) and an NDJSON scan. */
function checkInstalled(bin: string, env: Record<string, string> = {}) {
  const info = ok(sh(bin, ['info', '--json'], { env, cwd: work }), 'ae info');
  assert.equal(JSON.parse(info.stdout).backend, 'tensorflow');
  const scan = ok(sh(bin, ['scan', series, '--model', model, '--ndjson', '--quiet'], { env, cwd: work }), 'ae scan');
  const records = scan.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(records.length, 320);
  assert.ok(records.every((r) => typeof r.score === 'number'));
  const onnx = path.join(work, `m-${path.basename(path.dirname(path.dirname(bin)))}.onnx`);
  ok(sh(bin, ['export', model, '--onnx', onnx, '--force'], { env, cwd: work }), 'ae export');
  assert.ok(fs.statSync(onnx).size > 1000);
  return info;
}

describe('installed from the packed tarball', () => {
  for (const major of [null, 10]) {
    test(`npm ${major ?? 'of this machine'} install -g`, () => {
      const prefix = path.join(work, `global-${major ?? 'machine'}`);
      ok(npm(major, ['install', '-g', '--prefix', prefix, tarball]), 'install -g');
      checkInstalled(path.join(prefix, 'bin', 'ae'));
    });
  }

  test('npm 12 install -g (dependency scripts blocked), provisioned on first use', () => {
    const prefix = path.join(work, 'global-12');
    ok(npm(12, ['install', '-g', '--prefix', prefix, tarball]), 'install -g');
    // A fresh ae cache, so the first command really sets up tfjs-node; libtensorflow itself (and
    // the addon built for it) is linked from the machine's cache instead of downloaded again.
    const cache = path.join(work, 'cache-12');
    fs.mkdirSync(cache);
    fs.symlinkSync(path.join(cacheRoot(process.env), 'libtensorflow'), path.join(cache, 'libtensorflow'));
    const info = checkInstalled(path.join(prefix, 'bin', 'ae'), { AE_CACHE_DIR: cache });
    assert.match(info.stderr, /setting up TensorFlow's native backend/);
    assert.ok(fs.existsSync(path.join(cache, 'native')), 'tfjs-node provisioned into the given cache');
    const again = ok(sh(path.join(prefix, 'bin', 'ae'), ['setup'], { env: { AE_CACHE_DIR: cache } }), 'ae setup');
    assert.match(again.stderr, /already set up/);
  });

  test('npm install as a dependency of another project, run through npx', () => {
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    ok(npm(null, ['install', tarball], { cwd: project }), 'install');
    checkInstalled(path.join(project, 'node_modules', '.bin', 'ae'));
    const viaNpx = ok(sh('npx', ['ae', 'info', '--json'], { cwd: project }), 'npx ae');
    assert.equal(JSON.parse(viaNpx.stdout).backend, 'tensorflow');
  });
});

test('npm install -g . from a fresh clone, with no npm ci before it', () => {
  const clone = path.join(work, 'clone');
  ok(sh('git', ['clone', '-q', root, clone]), 'git clone');
  const prefix = path.join(work, 'global-clone');
  const r = ok(npm(null, ['install', '-g', '--prefix', prefix, '.'], { cwd: clone }), 'install -g .');
  assert.doesNotMatch(r.stderr, /Cannot find module|MODULE_NOT_FOUND/);
  checkInstalled(path.join(prefix, 'bin', 'ae'));
});

describe('as a library, installed from the packed tarball into an empty project', () => {
  const project = path.join(work, 'library');
  const examples = path.join(root, 'examples', 'library');

  before(() => {
    fs.mkdirSync(project);
    const pkg = { name: 'library-user', version: '1.0.0', private: true, type: 'module' };
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify(pkg));
    // typescript and Node's types, as a TypeScript user has them (the versions ae builds with).
    const dev = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies;
    const typed = [`typescript@${dev.typescript}`, `@types/node@${dev['@types/node']}`];
    ok(npm(null, ['install', tarball, ...typed], { cwd: project }), 'install');
    for (const f of fs.readdirSync(examples)) fs.copyFileSync(path.join(examples, f), path.join(project, f));
  });

  test('the plain-JavaScript example fits, saves, loads and scores as `ae scan --model` does', () => {
    const model = path.join(project, 'model');
    const run = ok(sh(process.execPath, ['fit-save-load.mjs', model], { cwd: project }), 'fit-save-load.mjs');
    const lib = JSON.parse(run.stdout) as { counts: { scored: number }; scores: number[] };
    assert.equal(lib.counts.scored, 10_200);
    const csv = path.join(project, 'series.csv');
    const ae = path.join(project, 'node_modules', '.bin', 'ae');
    ok(sh(ae, ['generate', 'sines', '--seed', '1', '--out', csv], { cwd: project }), 'ae generate');
    const cli = ok(sh(ae, ['scan', csv, '--model', model, '--ndjson', '--quiet'], { cwd: project }), 'ae scan');
    const records = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { score: number });
    assert.equal(records.length, lib.scores.length);
    // The CSV holds the values as text (float32 differences, 1e-5); both round scores to 6
    // significant digits (decisions #48), which a difference at the edge moves by one unit.
    records.forEach((r, i) => {
      const want = lib.scores[i]!;
      assert.ok(Math.abs(r.score - want) <= 1.5e-5 * Math.abs(want), `row ${i}: ${r.score} vs ${want}`);
    });
  });

  test('the TypeScript example type-checks against the shipped declarations, and runs', () => {
    const tsconfig = (skipLibCheck: boolean) => ({
      compilerOptions: {
        module: 'nodenext',
        target: 'es2022',
        strict: true,
        skipLibCheck,
        outDir: 'out',
        types: ['node'],
      },
      files: ['windows.ts'],
    });
    const tsc = path.join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    // As TypeScript users compile (skipLibCheck, tsc's own recommendation): no error at all.
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig(true)));
    ok(sh(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: project }), 'tsc --noEmit');
    ok(sh(process.execPath, [tsc, '-p', project], { cwd: project }), 'tsc');
    // Every declaration file checked too: ae's own are clean; tfjs's ship errors of their own
    // under strict settings (Long, PyJsonValue), and under TypeScript 7 @webgpu/types clashes
    // with lib.dom: not ours to fix. Ours: the example's and ae-anomaly's declarations.
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig(false)));
    const strict = sh(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: project });
    const errors = strict.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    const ours = errors.filter((l) => !l.startsWith('node_modules/') || l.startsWith('node_modules/ae-anomaly/'));
    assert.deepEqual(ours, [], "errors in ae-anomaly's declarations or the example");
    const csv = path.join(project, 'series-long.csv');
    const values = Array.from({ length: 1000 }, (_, i) =>
      (Math.sin(i / 10) + (i >= 700 && i < 705 ? 8 : 0)).toFixed(4),
    );
    fs.writeFileSync(csv, 'value\n' + values.join('\n') + '\n');
    const run = ok(sh(process.execPath, ['out/windows.js', csv], { cwd: project }), 'windows.js');
    assert.match(
      run.stdout,
      /rows (19|20)\d\d–\d+: \d+ window\(s\), high/,
      'an interval around the spike at rows 2000–2011',
    );
    assert.match(run.stdout, /series-long\.csv: 191 windows, [1-9]\d* flagged/);
  });
});
