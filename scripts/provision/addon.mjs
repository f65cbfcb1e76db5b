// Building tfjs-node's addon (node-pre-gyp → node-gyp) and caching the result, so a clean
// reinstall against a cached libtensorflow does not compile again.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { lastLine, log, run } from './util.mjs';

function nodeGypPath() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  const bundled = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm',
    'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  return fs.existsSync(bundled) ? bundled : undefined;
}

/** Builds tfjs_binding.node against whatever is in deps/ (node-pre-gyp → node-gyp). */
export async function buildAddon(tfjsDir) {
  const preGyp = createRequire(path.join(tfjsDir, 'package.json'))
    .resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp');
  const args = [preGyp, 'install', '--build-from-source'];
  // node-gyp needs Node's headers; npm passes its `nodedir` setting, a bare run must say it.
  const nodedir = process.env.npm_config_nodedir || path.join(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodedir}`);
  const gyp = nodeGypPath();
  log('building the tfjs-node addon from source (node-gyp, about 30 s)');
  const res = await run(process.execPath, args, {
    cwd: tfjsDir,
    env: gyp ? { npm_config_node_gyp: gyp } : {},
    timeoutMs: 15 * 60_000,
  });
  if (res.code !== 0) throw new Error(`addon build failed: ${lastLine(res.out)}`);
}

/**
 * The addon built against a cached libtensorflow is cached beside it, keyed by everything its
 * binary depends on, so a clean reinstall (npm ci) skips the ~25 s compile. Inside the key
 * folder it keeps node-pre-gyp's own sub-path (lib/napi-vN/), which is where tfjs-node loads it.
 */
export function addonCacheDir(tfjsDir, libDir) {
  const tfjsVersion = JSON.parse(fs.readFileSync(path.join(tfjsDir, 'package.json'), 'utf8')).version;
  const key = `tfjs-node-${tfjsVersion}-napi${process.versions.napi}-${process.platform}-${process.arch}`;
  return path.join(libDir, 'addons', key);
}

/** The built addon's path relative to tfjs-node's folder (lib/napi-vN/tfjs_binding.node). */
export function findAddon(root) {
  const lib = path.join(root, 'lib');
  const dir = fs.existsSync(lib) ? fs.readdirSync(lib).find((d) => fs.existsSync(path.join(lib, d, 'tfjs_binding.node'))) : undefined;
  return dir ? path.join('lib', dir, 'tfjs_binding.node') : null;
}
