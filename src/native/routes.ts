// The routes to a libtensorflow, in the order setup tries them; the first that yields a
// loading addon wins. Each lays libtensorflow into tfjs-node's deps/ and readies the addon.
import fs from 'node:fs';
import path from 'node:path';
import { addonCacheDir, buildAddon, restoreAddon, storeAddon } from './addon.js';
import type { Env } from './cache.js';
import { failureLine, linkTree, readJson, run, writeJsonAtomic } from './files.js';
import { extractWheel, installIntoDeps, resolveLayout, unpackTarball, type Layout } from './libtensorflow.js';

export interface RouteContext {
  env: Env;
  log: (msg: string) => void;
  /** tfjs-node's package folder being provisioned. */
  tfjsDir: string;
  tfjsNodeVersion: string;
  /** <cache>/libtensorflow */
  libCache: string;
}

export interface RouteResult {
  source: string;
  path?: string;
  addon: 'built' | 'cached' | 'official';
}

export interface Route {
  name: string;
  attempt: (ctx: RouteContext) => Promise<RouteResult>;
}

/** Default wheel version for the pip route: the TensorFlow the addon is tested against. */
export const DEFAULT_TENSORFLOW_VERSION = '2.21.0';

/** The routes, in order: the user's own libtensorflow, ae's cache, the official download, pip. */
export function routesFor(env: Env): Route[] {
  const routes: Route[] = [];
  const given = env.AE_LIBTENSORFLOW;
  if (given) routes.push({ name: 'AE_LIBTENSORFLOW', attempt: (ctx) => fromUser(ctx, given) });
  routes.push({ name: 'cache', attempt: fromCache });
  if (env.AE_NO_OFFICIAL_DOWNLOAD !== '1') routes.push({ name: 'official download', attempt: fromOfficial });
  routes.push({ name: 'pip wheel', attempt: fromPip });
  return routes;
}

/** Lays `layout` into deps/ and readies the addon: from the addon cache when built before, else compiled. */
async function useLayout(
  ctx: RouteContext,
  layout: Layout,
  source: { source: string; path: string },
): Promise<RouteResult> {
  installIntoDeps(layout, path.join(ctx.tfjsDir, 'deps'));
  // Only inside ae's cache: a folder the user pointed to is theirs, not ae's to write into.
  const cacheDir = source.path.startsWith(ctx.libCache) ? addonCacheDir(source.path, ctx.tfjsNodeVersion) : null;
  if (cacheDir && restoreAddon(cacheDir, ctx.tfjsDir)) {
    ctx.log(`reusing the addon built earlier for this libtensorflow`);
    return { ...source, addon: 'cached' };
  }
  ctx.log('building the tfjs-node addon from source (node-gyp, about 30 s)');
  await buildAddon(ctx.tfjsDir, ctx.env);
  if (cacheDir) storeAddon(ctx.tfjsDir, cacheDir);
  return { ...source, addon: 'built' };
}

/** The user's own libtensorflow: a folder (official layout or a pip-installed tensorflow package) or a tarball. */
async function fromUser(ctx: RouteContext, given: string): Promise<RouteResult> {
  let dir = path.resolve(given);
  if (!fs.existsSync(dir)) throw new Error(`AE_LIBTENSORFLOW=${given} does not exist`);
  if (fs.statSync(dir).isFile()) {
    const dest = path.join(ctx.libCache, `user-${path.basename(dir).replace(/\.(tar\.gz|tgz)$/, '')}`);
    if (!resolveLayout(dest)) {
      ctx.log(`unpacking ${dir}`);
      await unpackTarball(dir, dest, { env: ctx.env });
    }
    dir = dest;
  }
  const layout = resolveLayout(dir);
  if (!layout) throw new Error(`${given} has no lib/libtensorflow*.so and include/tensorflow/c/c_api.h`);
  return useLayout(ctx, layout, { source: 'AE_LIBTENSORFLOW', path: dir });
}

/** Anything an earlier setup left complete in the cache (its source.json is written last). */
async function fromCache(ctx: RouteContext): Promise<RouteResult> {
  const wanted = ctx.env.AE_TENSORFLOW_VERSION || DEFAULT_TENSORFLOW_VERSION;
  const entries = fs.existsSync(ctx.libCache) ? cachedLibraries(ctx.libCache, wanted) : [];
  for (const dir of entries) {
    const layout = resolveLayout(dir);
    if (!layout) continue;
    const source = readJson<{ source: string }>(path.join(dir, 'source.json'))?.source ?? 'cache';
    ctx.log(`reusing cached libtensorflow in ${dir}`);
    return useLayout(ctx, layout, { source, path: dir });
  }
  throw new Error(`no complete libtensorflow in ${ctx.libCache}`);
}

/** Complete cache entries, the wanted TensorFlow version first. */
export function cachedLibraries(libCache: string, wantedVersion: string): string[] {
  return fs
    .readdirSync(libCache)
    .filter((d) => fs.existsSync(path.join(libCache, d, 'source.json')))
    .sort((a, b) => Number(b.includes(wantedVersion)) - Number(a.includes(wantedVersion)) || a.localeCompare(b))
    .map((d) => path.join(libCache, d));
}

/** tfjs-node's own install script: libtensorflow and a prebuilt addon from Google's storage. */
async function fromOfficial(ctx: RouteContext): Promise<RouteResult> {
  ctx.log("trying tfjs-node's official libtensorflow download");
  // The script rewrites its own package.json and restores it only on success: restore it always.
  const pkgFile = path.join(ctx.tfjsDir, 'package.json');
  const pkg = fs.readFileSync(pkgFile);
  const res = await run(process.execPath, ['scripts/install.js', 'cpu', 'download'], {
    cwd: ctx.tfjsDir,
    env: ctx.env,
    timeoutMs: 10 * 60_000,
  });
  fs.writeFileSync(pkgFile, pkg);
  if (res.code !== 0) throw new Error(failureLine(res.out));
  // Keep a copy so the next setup needs no download.
  const dest = path.join(ctx.libCache, 'official-download');
  linkTree(path.join(ctx.tfjsDir, 'deps'), dest);
  writeJsonAtomic(path.join(dest, 'source.json'), { source: 'official-download' });
  return { source: 'official-download', path: dest, addon: 'official' };
}

/** The tensorflow-cpu wheel from pip's index (any local Python version; Linux x64 only). */
async function fromPip(ctx: RouteContext): Promise<RouteResult> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the wheel route supports linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const version = ctx.env.AE_TENSORFLOW_VERSION || DEFAULT_TENSORFLOW_VERSION;
  const dest = path.join(ctx.libCache, `tensorflow-cpu-${version}-linux-x86_64`);
  const download = path.join(ctx.libCache, `download-${process.pid}`);
  fs.mkdirSync(download, { recursive: true });
  try {
    const wheel = await downloadWheel(ctx, version, download);
    ctx.log(`extracting libtensorflow from ${path.basename(wheel)} (about 850 MB)`);
    await extractWheel(wheel, dest, { env: ctx.env });
    writeJsonAtomic(path.join(dest, 'source.json'), { source: 'pip-wheel', wheel: path.basename(wheel) });
  } finally {
    fs.rmSync(download, { recursive: true, force: true });
  }
  const layout = resolveLayout(dest);
  if (!layout) throw new Error(`the wheel had no usable libtensorflow`);
  return useLayout(ctx, layout, { source: 'pip-wheel', path: dest });
}

async function downloadWheel(ctx: RouteContext, version: string, into: string): Promise<string> {
  for (const py of ['3.11', '3.12', '3.10', '3.13']) {
    ctx.log(`pip download tensorflow-cpu==${version} (python ${py} wheel, about 270 MB)`);
    const args = [
      '-m',
      'pip',
      'download',
      '--no-deps',
      '--only-binary=:all:',
      '--platform',
      'manylinux_2_27_x86_64',
      '--platform',
      'manylinux2014_x86_64',
      '--python-version',
      py,
      '-d',
      into,
      `tensorflow-cpu==${version}`,
    ];
    const res = await run('python3', args, { env: ctx.env, timeoutMs: 30 * 60_000 });
    const got = fs.readdirSync(into).find((f) => f.endsWith('.whl'));
    if (got) return path.join(into, got);
    ctx.log(`  not available: ${failureLine(res.out)}`);
  }
  throw new Error(`pip could not download tensorflow-cpu==${version}`);
}
