// Where ae keeps what it provisions: one folder per user, shared by every ae install (global,
// per project, npx), so TensorFlow is fetched and its addon compiled once per machine and user.
//
//   <cache>/libtensorflow/<source>/        libtensorflow's libraries and headers (+ addons/<key>/)
//   <cache>/native/<key>/                  a tfjs-node install with its addon built; ready.json last
//   <cache>/native.lock/                   held while one process provisions
import os from 'node:os';
import path from 'node:path';

export type Env = Record<string, string | undefined>;

/** The per-user cache folder: AE_CACHE_DIR, else $XDG_CACHE_HOME/ae, else ~/.cache/ae. */
export function cacheRoot(env: Env): string {
  if (env.AE_CACHE_DIR) return path.resolve(env.AE_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'ae');
}

/**
 * What a provisioned native backend depends on: tfjs-node's version (always the version of
 * ae's own @tensorflow/tfjs, so the two share one engine) and the platform. The addon is
 * N-API, so Node upgrades do not invalidate it.
 */
export function nativeKey(tfjsVersion: string, platform = process.platform, arch = process.arch): string {
  return `tfjs-node-${tfjsVersion}-${platform}-${arch}`;
}

export interface NativePaths {
  /** The finished install (renamed into place when complete). */
  root: string;
  /** tfjs-node's package folder inside it. */
  tfjsNode: string;
  /** Written last: its presence means the install is complete and loaded once. */
  ready: string;
}

export function nativePaths(cache: string, key: string): NativePaths {
  const root = path.join(cache, 'native', key);
  const tfjsNode = tfjsNodeIn(root);
  return { root, tfjsNode, ready: path.join(root, 'ready.json') };
}

export function tfjsNodeIn(installRoot: string): string {
  return path.join(installRoot, 'node_modules', '@tensorflow', 'tfjs-node');
}

export function libtensorflowCache(cache: string): string {
  return path.join(cache, 'libtensorflow');
}

/** What ready.json records: where libtensorflow came from and what loaded. */
export interface NativeRecord {
  source: string;
  path?: string;
  addon: 'built' | 'cached' | 'official';
  tensorflowVersion: string;
  tfjsNodeVersion: string;
  provisionedAt: string;
}

/** Where libtensorflow came from, as `ae info` and the loaded backend report it. */
export function libtensorflowOf(record: NativeRecord): { source: string; path?: string } {
  return { source: record.source, ...(record.path ? { path: record.path } : {}) };
}
