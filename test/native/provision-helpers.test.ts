// The pure parts of provisioning: cache layout, route order, libtensorflow layouts, npm's env.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cacheRoot, nativeKey, nativePaths } from '../../src/native/cache.js';
import { installIntoDeps, resolveLayout } from '../../src/native/libtensorflow.js';
import { npmChildEnv, npmCommand } from '../../src/native/npm.js';
import { cachedLibraries, routesFor } from '../../src/native/routes.js';
import { addonCacheDir, findAddon } from '../../src/native/addon.js';
import { tempDir, writeTemp } from '../helpers/files.js';

test('cache root: AE_CACHE_DIR, then XDG_CACHE_HOME/ae, then ~/.cache/ae', () => {
  assert.equal(cacheRoot({ AE_CACHE_DIR: '/x/y', XDG_CACHE_HOME: '/z' }), '/x/y');
  assert.equal(cacheRoot({ XDG_CACHE_HOME: '/z' }), '/z/ae');
  assert.match(cacheRoot({}), /\.cache[\\/]ae$/);
});

test('native key and paths name the tfjs version and platform', () => {
  assert.equal(nativeKey('4.22.0', 'linux', 'x64'), 'tfjs-node-4.22.0-linux-x64');
  const p = nativePaths('/c', 'k');
  assert.equal(p.root, path.join('/c', 'native', 'k'));
  assert.equal(p.tfjsNode, path.join('/c', 'native', 'k', 'node_modules', '@tensorflow', 'tfjs-node'));
  assert.equal(p.ready, path.join('/c', 'native', 'k', 'ready.json'));
  assert.equal(
    addonCacheDir('/lib', '4.22.0', '9', 'linux', 'x64'),
    path.join('/lib', 'addons', 'tfjs-node-4.22.0-napi9-linux-x64'),
  );
});

test("routes: the user's libtensorflow first, then the cache, the official download, pip", () => {
  assert.deepEqual(
    routesFor({}).map((r) => r.name),
    ['cache', 'official download', 'pip wheel'],
  );
  assert.deepEqual(
    routesFor({ AE_LIBTENSORFLOW: '/x' }).map((r) => r.name),
    ['AE_LIBTENSORFLOW', 'cache', 'official download', 'pip wheel'],
  );
  assert.deepEqual(
    routesFor({ AE_NO_OFFICIAL_DOWNLOAD: '1' }).map((r) => r.name),
    ['cache', 'pip wheel'],
  );
});

test('cached libraries: only complete ones (source.json), the wanted version first', () => {
  const dir = tempDir();
  for (const name of ['a-2.19.0', 'tensorflow-cpu-2.21.0', 'half-made']) fs.mkdirSync(path.join(dir, name));
  writeTemp(dir, 'a-2.19.0/source.json', '{}');
  writeTemp(dir, 'tensorflow-cpu-2.21.0/source.json', '{}');
  assert.deepEqual(
    cachedLibraries(dir, '2.21.0').map((d) => path.basename(d)),
    ['tensorflow-cpu-2.21.0', 'a-2.19.0'],
  );
  assert.deepEqual(
    cachedLibraries(dir, '2.19.0').map((d) => path.basename(d)),
    ['a-2.19.0', 'tensorflow-cpu-2.21.0'],
  );
});

/** A fake libtensorflow in the wheel layout: lib/ with the real names, include/ with c_api.h. */
function fakeWheelLayout(dir: string) {
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'include', 'tensorflow', 'c'), { recursive: true });
  writeTemp(dir, 'lib/libtensorflow_cc.so.2', 'cc');
  writeTemp(dir, 'lib/libtensorflow_framework.so.2', 'fw');
  writeTemp(dir, 'include/tensorflow/c/c_api.h', '// api');
}

test('resolveLayout finds both layouts and refuses a folder without headers', () => {
  const dir = tempDir();
  fakeWheelLayout(path.join(dir, 'official'));
  assert.deepEqual(resolveLayout(path.join(dir, 'official')), {
    lib: path.join(dir, 'official', 'lib'),
    include: path.join(dir, 'official', 'include'),
  });
  // A pip-installed tensorflow package: libraries beside include/.
  const pip = path.join(dir, 'pip');
  fs.mkdirSync(path.join(pip, 'include', 'tensorflow', 'c'), { recursive: true });
  writeTemp(pip, 'libtensorflow_cc.so.2', 'cc');
  writeTemp(pip, 'include/tensorflow/c/c_api.h', '');
  assert.deepEqual(resolveLayout(pip), { lib: pip, include: path.join(pip, 'include') });
  fs.mkdirSync(path.join(dir, 'empty'));
  assert.equal(resolveLayout(path.join(dir, 'empty')), null);
});

test('installIntoDeps lays the libraries with the legacy names the addon links against', () => {
  const dir = tempDir();
  fakeWheelLayout(path.join(dir, 'tf'));
  const deps = path.join(dir, 'deps');
  installIntoDeps(resolveLayout(path.join(dir, 'tf'))!, deps);
  for (const name of [
    'libtensorflow.so',
    'libtensorflow.so.2',
    'libtensorflow.so.2.9.1',
    'libtensorflow_framework.so.2.9.1',
  ]) {
    assert.equal(fs.readlinkSync(path.join(deps, 'lib', name)).startsWith('libtensorflow'), true, name);
  }
  assert.equal(fs.readFileSync(path.join(deps, 'lib', 'libtensorflow.so'), 'utf8'), 'cc');
  assert.equal(fs.readFileSync(path.join(deps, 'include', 'tensorflow', 'c', 'c_api.h'), 'utf8'), '// api');
});

test("findAddon locates node-pre-gyp's lib/napi-vN/tfjs_binding.node", () => {
  const dir = tempDir();
  assert.equal(findAddon(dir), null);
  fs.mkdirSync(path.join(dir, 'lib', 'napi-v8'), { recursive: true });
  writeTemp(dir, 'lib/napi-v8/tfjs_binding.node', '');
  assert.equal(findAddon(dir), path.join('lib', 'napi-v8', 'tfjs_binding.node'));
});

test("npm child env drops npm's own state but keeps registry settings", () => {
  const env = npmChildEnv({
    PATH: '/bin',
    npm_config_global: 'true',
    npm_config_prefix: '/g',
    npm_command: 'exec',
    npm_config_registry: 'http://r',
    npm_config_cache: '/c',
    'npm_config_//r/:_authToken': 't',
  });
  assert.deepEqual(env, {
    PATH: '/bin',
    npm_config_registry: 'http://r',
    npm_config_cache: '/c',
    'npm_config_//r/:_authToken': 't',
  });
});

test('npm command: the npm that started ae when it is npm, else the bundled one', () => {
  const dir = tempDir();
  const cli = writeTemp(dir, 'npm-cli.js', '');
  assert.deepEqual(npmCommand({ npm_execpath: cli }, '/usr/bin/node'), ['/usr/bin/node', [cli]]);
  const [cmd, args] = npmCommand({ npm_execpath: '/x/pnpm.cjs' }, path.join(dir, 'nowhere', 'bin', 'node'));
  assert.deepEqual([cmd, args], ['npm', []]);
});
