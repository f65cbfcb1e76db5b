// A cross-process lock for provisioning: two `ae` processes that both find the native backend
// missing must not install into the same folder. mkdir is atomic on every local file system;
// the owner file lets a waiter tell a live holder from one that was killed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJson } from './files.js';

interface Owner {
  pid: number;
  host: string;
  since: number;
}

export interface LockOptions {
  /** Called once when another process holds the lock and this one starts waiting. */
  onWait?: (owner: Owner) => void;
  /** Give up after this long (a provisioning run can take minutes on a slow network). */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its process seems alive (pid reuse). */
  staleMs?: number;
  pollMs?: number;
}

/** Runs `work` while holding the lock folder `dir`; always releases it. */
export async function withLock<T>(dir: string, work: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  await acquire(dir, opts);
  try {
    return await work();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function acquire(dir: string, opts: LockOptions): Promise<void> {
  const { timeoutMs = 30 * 60_000, staleMs = 60 * 60_000, pollMs = 500 } = opts;
  const started = Date.now();
  let told = false;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(dir);
      const owner: Owner = { pid: process.pid, host: os.hostname(), since: Date.now() };
      fs.writeFileSync(path.join(dir, 'owner.json'), JSON.stringify(owner));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readJson<Owner>(path.join(dir, 'owner.json'));
    if (owner ? isAbandoned(owner, staleMs) : ownerlessTooLong(dir)) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!told && owner) {
      opts.onWait?.(owner);
      told = true;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `another process holds ${dir}${owner ? ` (pid ${owner.pid})` : ''}; remove it if that process is gone`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** A holder writes its owner file right after mkdir; a lock without one for 10 s was never finished. */
function ownerlessTooLong(dir: string): boolean {
  try {
    return Date.now() - fs.statSync(dir).mtimeMs > 10_000;
  } catch {
    return true; // released meanwhile
  }
}

/** A lock whose holder died (same host, pid gone) or that is older than any real run. */
export function isAbandoned(owner: Owner, staleMs: number, now = Date.now()): boolean {
  if (now - owner.since > staleMs) return true;
  if (owner.host !== os.hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
