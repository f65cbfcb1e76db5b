// Building tfjs-node's addon (node-pre-gyp → node-gyp) and caching the result beside the
// libtensorflow it was built against, so a second provisioning does not compile again.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { failureLine, run } from './files.js';
import type { Env } from './cache.js';

/** node-gyp: the one npm was started with, else the one bundled with this Node's npm. */
function nodeGypPath(env: Env, execPath: string): string | undefined {
  if (env.npm_config_node_gyp) return env.npm_config_node_gyp;
  const bundled = path.join(
    path.dirname(execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
  return fs.existsSync(bundled) ? bundled : undefined;
}

/**
 * Node's headers for node-gyp: npm passes its `nodedir` setting to scripts; run by ae itself,
 * the headers installed beside this Node are used, or node-gyp would try to download them.
 */
export function nodeHeadersDir(env: Env, execPath: string): string | undefined {
  const dir = env.npm_config_nodedir || path.join(path.dirname(execPath), '..');
  return fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h')) ? dir : undefined;
}

/** Builds tfjs_binding.node against whatever is in deps/. */
export async function buildAddon(tfjsDir: string, env: Env): Promise<void> {
  const preGyp = createRequire(path.join(tfjsDir, 'package.json')).resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp');
  const args = [preGyp, 'install', '--build-from-source'];
  const nodedir = nodeHeadersDir(env, process.execPath);
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  const gyp = nodeGypPath(env, process.execPath);
  const res = await run(process.execPath, args, {
    cwd: tfjsDir,
    env: { ...env, ...(gyp ? { npm_config_node_gyp: gyp } : {}) },
    timeoutMs: 15 * 60_000,
  });
  if (res.code !== 0)
    throw new Error(`addon build failed: ${failureLine(res.out)} (needs python3, make and a C++ compiler)`);
}

/** Cache folder for addons built against the libtensorflow in `libDir`, keyed by what the binary depends on. */
export function addonCacheDir(
  libDir: string,
  tfjsNodeVersion: string,
  napi = process.versions.napi,
  platform = process.platform,
  arch = process.arch,
): string {
  return path.join(libDir, 'addons', `tfjs-node-${tfjsNodeVersion}-napi${napi}-${platform}-${arch}`);
}

/** The built addon's path relative to tfjs-node's folder (lib/napi-vN/tfjs_binding.node), if any. */
export function findAddon(root: string): string | null {
  const lib = path.join(root, 'lib');
  if (!fs.existsSync(lib)) return null;
  const dir = fs.readdirSync(lib).find((d) => fs.existsSync(path.join(lib, d, 'tfjs_binding.node')));
  return dir ? path.join('lib', dir, 'tfjs_binding.node') : null;
}

/** Copies a cached addon into tfjs-node's folder; false when there is none. */
export function restoreAddon(cacheDir: string, tfjsDir: string): boolean {
  const cached = findAddon(cacheDir);
  if (!cached) return false;
  const dest = path.join(tfjsDir, cached);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(path.join(cacheDir, cached), dest);
  return true;
}

/** Keeps a copy of a freshly built addon for the next provisioning (temp file + rename). */
export function storeAddon(tfjsDir: string, cacheDir: string): void {
  const built = findAddon(tfjsDir);
  if (!built) return;
  const dest = path.join(cacheDir, built);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(path.join(tfjsDir, built), `${dest}.tmp-${process.pid}`);
  fs.renameSync(`${dest}.tmp-${process.pid}`, dest);
}
