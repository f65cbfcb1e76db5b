// Provisioning TensorFlow's native backend at run time (`ae setup`, or the first command that
// needs it): tfjs-node is installed into ae's per-user cache with scripts off, libtensorflow
// is laid into it by the first route that works, its addon is built (or reused), loaded once
// in a child process, and only then renamed into place. A lock keeps two processes from doing
// this at once; nothing is written to stdout.
import fs from 'node:fs';
import path from 'node:path';
import {
  cacheRoot,
  libtensorflowCache,
  nativeKey,
  nativePaths,
  tfjsNodeIn,
  type Env,
  type NativeRecord,
} from './cache.js';
import { failureLine, readJson, run, writeJsonAtomic } from './files.js';
import { withLock } from './lock.js';
import { installTfjsNode } from './npm.js';
import { routesFor, type RouteContext, type RouteResult } from './routes.js';

export interface ProvisionOptions {
  env: Env;
  /** Progress lines (the CLI sends them to stderr). */
  log?: (msg: string) => void;
  /** Provision again even if a working install exists (e.g. after setting AE_LIBTENSORFLOW). */
  force?: boolean;
  /** The @tensorflow/tfjs version ae runs; tfjs-node is installed at the same version. */
  tfjsVersion: string;
}

export interface Provisioned {
  /** tfjs-node's package folder, ready to load. */
  tfjsNode: string;
  record: NativeRecord;
  /** false when an earlier run had already provisioned it. */
  fresh: boolean;
}

export class ProvisionError extends Error {
  constructor(readonly failures: string[]) {
    super(`TensorFlow's native backend could not be set up (${failures.join('; ')})`);
  }
}

/** The finished native install for this ae, if one exists. */
export function findProvisioned(env: Env, tfjsVersion: string): Provisioned | null {
  const paths = nativePaths(cacheRoot(env), nativeKey(tfjsVersion));
  const record = readJson<NativeRecord>(paths.ready);
  return record ? { tfjsNode: paths.tfjsNode, record, fresh: false } : null;
}

export async function provisionNative(opts: ProvisionOptions): Promise<Provisioned> {
  const log = opts.log ?? (() => {});
  const existing = findProvisioned(opts.env, opts.tfjsVersion);
  if (existing && !opts.force) return existing;
  const cache = cacheRoot(opts.env);
  return withLock(
    path.join(cache, 'native.lock'),
    async () => {
      // Another process may have finished while this one waited.
      const done = findProvisioned(opts.env, opts.tfjsVersion);
      if (done && !opts.force) return done;
      return provisionLocked(cache, opts, log);
    },
    { onWait: (owner) => log(`waiting for another ae process (pid ${owner.pid}) that is setting up TensorFlow`) },
  );
}

async function provisionLocked(
  cache: string,
  opts: ProvisionOptions,
  log: (msg: string) => void,
): Promise<Provisioned> {
  const paths = nativePaths(cache, nativeKey(opts.tfjsVersion));
  sweepTemporaries(path.dirname(paths.root));
  const tmp = `${paths.root}.tmp-${process.pid}`;
  try {
    log(`installing @tensorflow/tfjs-node@${opts.tfjsVersion} into ${path.dirname(paths.root)} (scripts off)`);
    await installTfjsNode(tmp, opts.tfjsVersion, opts.env);
    const ctx: RouteContext = {
      env: opts.env,
      log,
      tfjsDir: tfjsNodeIn(tmp),
      tfjsNodeVersion: opts.tfjsVersion,
      libCache: libtensorflowCache(cache),
    };
    const record = await firstWorkingRoute(ctx);
    writeJsonAtomic(path.join(tmp, 'ready.json'), record);
    swapInto(tmp, paths.root);
    log(`native backend ready: TensorFlow ${record.tensorflowVersion} (${record.source})`);
    return { tfjsNode: paths.tfjsNode, record, fresh: true };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function firstWorkingRoute(ctx: RouteContext): Promise<NativeRecord> {
  const failures: string[] = [];
  for (const route of routesFor(ctx.env)) {
    try {
      const result = await route.attempt(ctx);
      return await verify(ctx, result);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      failures.push(`${route.name}: ${why}`);
      ctx.log(`${route.name}: ${why}`);
    }
  }
  throw new ProvisionError(failures);
}

/** Loads the addon in a child process: a failed dlopen must not take this process down. */
async function verify(ctx: RouteContext, result: RouteResult): Promise<NativeRecord> {
  const code =
    `const tf=require(${JSON.stringify(ctx.tfjsDir)});` +
    'console.log(JSON.stringify({backend:tf.getBackend(),tf:tf.backend().binding.TF_Version}))';
  const res = await run(process.execPath, ['-e', code], {
    env: { ...ctx.env, TF_CPP_MIN_LOG_LEVEL: '3' },
    timeoutMs: 120_000,
  });
  const line = res.out.split('\n').find((l) => l.startsWith('{"backend"'));
  if (res.code !== 0 || !line) throw new Error(`the addon does not load: ${failureLine(res.out)}`);
  const status = JSON.parse(line) as { tf: string };
  return {
    ...result,
    tensorflowVersion: status.tf,
    tfjsNodeVersion: ctx.tfjsNodeVersion,
    provisionedAt: new Date().toISOString(),
  };
}

/** Puts the finished install in place; an older one (setup --force) is moved aside, then removed. */
function swapInto(tmp: string, root: string): void {
  const old = `${root}.old-${process.pid}`;
  if (fs.existsSync(root)) fs.renameSync(root, old);
  fs.renameSync(tmp, root);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Half-made installs of processes that were killed (safe: this process holds the lock). */
function sweepTemporaries(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (/\.(tmp|old)-\d+$/.test(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}
