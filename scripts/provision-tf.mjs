#!/usr/bin/env node
// Provisions TensorFlow's native library for @tensorflow/tfjs-node and builds its addon.
//
// tfjs-node's own install script downloads libtensorflow from Google storage; that fails on
// offline machines and, since 2026, for many users elsewhere. package.json denies that script
// (allowScripts) and runs this one instead. Routes, first success wins:
//   1. the addon already loads                      → nothing to do
//   2. AE_LIBTENSORFLOW=<folder or .tar.gz>         → use the user's libtensorflow
//   3. a libtensorflow cached by an earlier install → reuse it (no download)
//   4. tfjs-node's official download                → as upstream intends
//   5. the tensorflow-cpu wheel through pip         → extract the libraries and headers
// Routes 2, 3 and 5 build the addon from source with node-gyp. The install never fails
// because of this script: if every route fails it prints one warning saying what to do.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonCacheDir, buildAddon, findAddon } from './provision/addon.mjs';
import { extractWheel, installIntoDeps, resolveLayout, unpackTarball } from './provision/libtf.mjs';
import { cacheRoot, lastLine, linkTree, log, run, writeJsonAtomic } from './provision/util.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const TF_WHEEL_VERSION = process.env.AE_TENSORFLOW_VERSION || '2.21.0';
const libCache = path.join(cacheRoot(), 'libtensorflow');

function tfjsNodeDir() {
  try {
    return path.dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return null;
  }
}

/** Loads tfjs-node in a child process (a failed dlopen must not take this script down). */
async function addonStatus() {
  const code =
    "const tf=require('@tensorflow/tfjs-node');" +
    "console.log(JSON.stringify({backend:tf.getBackend(),tf:tf.backend().binding.TF_Version}))";
  const res = await run(process.execPath, ['-e', code], {
    cwd: root,
    env: { TF_CPP_MIN_LOG_LEVEL: '3' },
    timeoutMs: 120_000,
  });
  const line = res.out.split('\n').find((l) => l.startsWith('{"backend"'));
  if (res.code === 0 && line) return JSON.parse(line);
  return { error: lastLine(res.out) };
}

async function useLayout(tfjsDir, layout, provenance) {
  installIntoDeps(layout, path.join(tfjsDir, 'deps'));
  // Only inside our own cache: a folder the user pointed to is theirs, not ours to write into.
  const cacheDir = provenance.path?.startsWith(libCache) ? addonCacheDir(tfjsDir, provenance.path) : null;
  const cached = cacheDir ? findAddon(cacheDir) : null;
  if (cached) {
    const dest = path.join(tfjsDir, cached);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(cacheDir, cached), dest);
    log(`reusing the addon built earlier (${path.relative(libCache, path.join(cacheDir, cached))})`);
    try {
      return await verify(tfjsDir, { ...provenance, addon: 'cached' });
    } catch (err) {
      log(`cached addon does not load (${err.message}); rebuilding`);
      fs.rmSync(dest, { force: true });
    }
  }
  await buildAddon(tfjsDir);
  const ok = await verify(tfjsDir, { ...provenance, addon: 'built' });
  const built = findAddon(tfjsDir);
  if (cacheDir && built) {
    const dest = path.join(cacheDir, built);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(tfjsDir, built), `${dest}.tmp-${process.pid}`);
    fs.renameSync(`${dest}.tmp-${process.pid}`, dest);
  }
  return ok;
}

async function verify(tfjsDir, provenance) {
  const status = await addonStatus();
  if (status.error) throw new Error(`addon does not load: ${status.error}`);
  writeJsonAtomic(path.join(tfjsDir, 'deps', 'ae-provenance.json'), {
    ...provenance,
    tensorflowVersion: status.tf,
    provisionedAt: new Date().toISOString(),
  });
  log(`native backend ready: TensorFlow ${status.tf} (${provenance.source})`);
  return true;
}

/** Route 2: the user's own libtensorflow, a folder or a tarball. */
async function fromUser(tfjsDir, given) {
  let dir = path.resolve(given);
  if (!fs.existsSync(dir)) throw new Error(`AE_LIBTENSORFLOW=${given} does not exist`);
  if (fs.statSync(dir).isFile()) {
    const dest = path.join(libCache, `user-${path.basename(dir).replace(/\.(tar\.gz|tgz)$/, '')}`);
    if (!resolveLayout(dest)) await unpackTarball(dir, dest);
    dir = dest;
  }
  const layout = resolveLayout(dir);
  if (!layout) throw new Error(`${given} has no lib/libtensorflow*.so and include/tensorflow/c/c_api.h`);
  return useLayout(tfjsDir, layout, { source: 'AE_LIBTENSORFLOW', path: dir });
}

/** Route 3: anything an earlier install left complete in the cache (its source.json written last). */
async function fromCache(tfjsDir) {
  if (!fs.existsSync(libCache)) throw new Error('cache is empty');
  const entries = fs.readdirSync(libCache)
    .filter((d) => fs.existsSync(path.join(libCache, d, 'source.json')))
    .sort((a, b) => Number(b.includes(TF_WHEEL_VERSION)) - Number(a.includes(TF_WHEEL_VERSION)));
  for (const name of entries) {
    const dir = path.join(libCache, name);
    const layout = resolveLayout(dir);
    if (!layout) continue;
    const source = JSON.parse(fs.readFileSync(path.join(dir, 'source.json'), 'utf8'));
    log(`reusing cached libtensorflow in ${dir}`);
    return useLayout(tfjsDir, layout, { ...source, path: dir, cached: true });
  }
  throw new Error(`no complete libtensorflow in ${libCache}`);
}

/** Route 4: tfjs-node's own install script (download + prebuilt addon or build). */
async function fromOfficial(tfjsDir) {
  log('trying tfjs-node\'s official libtensorflow download');
  // Its script rewrites its own package.json and only restores it on success: restore it always.
  const pkgFile = path.join(tfjsDir, 'package.json');
  const pkg = fs.readFileSync(pkgFile);
  const bins = [path.join(tfjsDir, 'node_modules', '.bin'), path.join(root, 'node_modules', '.bin')];
  const res = await run(process.execPath, ['scripts/install.js', 'cpu', 'download'], {
    cwd: tfjsDir,
    env: { PATH: [...bins, process.env.PATH].join(path.delimiter) },
    timeoutMs: 10 * 60_000,
  });
  fs.writeFileSync(pkgFile, pkg);
  if (res.code !== 0) throw new Error(lastLine(res.out));
  await verify(tfjsDir, { source: 'official-download' });
  // Keep a copy so the next clean install needs no download.
  const dest = path.join(libCache, 'official-linux');
  linkTree(path.join(tfjsDir, 'deps'), dest);
  writeJsonAtomic(path.join(dest, 'source.json'), { source: 'official-download' });
  return true;
}

/** Route 5: the tensorflow-cpu wheel from pip's index, for any local Python version. */
async function fromPip(tfjsDir) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the wheel route supports linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const key = `tensorflow-cpu-${TF_WHEEL_VERSION}-linux-x86_64`;
  const dest = path.join(libCache, key);
  const download = path.join(libCache, `download-${process.pid}`);
  fs.mkdirSync(download, { recursive: true });
  try {
    let got = null;
    for (const py of ['3.11', '3.12', '3.10', '3.13']) {
      log(`pip download tensorflow-cpu==${TF_WHEEL_VERSION} (python ${py} wheel, about 270 MB)`);
      const res = await run('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:',
        '--platform', 'manylinux_2_27_x86_64', '--platform', 'manylinux2014_x86_64',
        '--python-version', py, '-d', download, `tensorflow-cpu==${TF_WHEEL_VERSION}`],
        { timeoutMs: 30 * 60_000 });
      got = fs.readdirSync(download).find((f) => f.endsWith('.whl'));
      if (got) break;
      log(`  not available: ${lastLine(res.out)}`);
    }
    if (!got) throw new Error(`pip could not download tensorflow-cpu==${TF_WHEEL_VERSION}`);
    await extractWheel(path.join(download, got), dest);
    writeJsonAtomic(path.join(dest, 'source.json'), { source: 'pip-wheel', wheel: got });
  } finally {
    fs.rmSync(download, { recursive: true, force: true });
  }
  return useLayout(tfjsDir, resolveLayout(dest), { source: 'pip-wheel', path: dest });
}

async function main() {
  if (process.env.AE_SKIP_PROVISION === '1') return log('AE_SKIP_PROVISION=1: not provisioning TensorFlow');
  const tfjsDir = tfjsNodeDir();
  if (!tfjsDir) return log('@tensorflow/tfjs-node is not installed; nothing to provision');

  const status = await addonStatus();
  if (!status.error) return log(`native backend already works: TensorFlow ${status.tf}`);

  const routes = [];
  if (process.env.AE_LIBTENSORFLOW) routes.push(['AE_LIBTENSORFLOW', () => fromUser(tfjsDir, process.env.AE_LIBTENSORFLOW)]);
  routes.push(['cache', () => fromCache(tfjsDir)]);
  if (process.env.AE_NO_OFFICIAL_DOWNLOAD !== '1') routes.push(['official download', () => fromOfficial(tfjsDir)]);
  routes.push(['pip wheel', () => fromPip(tfjsDir)]);

  const failures = [];
  for (const [name, attempt] of routes) {
    try {
      if (await attempt()) return;
    } catch (err) {
      failures.push(`${name}: ${err.message}`);
      log(`${name}: ${err.message}`);
    }
  }
  process.stderr.write(
    `\nae: WARNING: TensorFlow's native backend could not be provisioned. Tried:\n` +
      failures.map((f) => `  - ${f}\n`).join('') +
      `  Fix: set AE_LIBTENSORFLOW to a libtensorflow folder or tarball (or a pip-installed\n` +
      `  tensorflow package folder) and run \`npm run provision\`. Until then ae runs with --backend wasm (or cpu).\n\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`ae: WARNING: provisioning stopped unexpectedly: ${err.message}\n`);
});
