// Small helpers shared by the provisioning routes. Plain ESM JavaScript on purpose:
// this runs from `postinstall`, before the TypeScript sources are compiled.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const quiet = process.env.AE_PROVISION_QUIET === '1';
const started = Date.now();

/** Progress goes to stderr, prefixed, with elapsed seconds (npm shows it with foreground-scripts). */
export function log(msg) {
  if (quiet) return;
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`ae: [${s}s] ${msg}\n`);
}

/** The per-user cache folder (XDG), overridable with AE_CACHE_DIR. */
export function cacheRoot() {
  if (process.env.AE_CACHE_DIR) return path.resolve(process.env.AE_CACHE_DIR);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'ae');
}

/**
 * Runs a command; resolves with { code, out } (stdout+stderr captured, or streamed to our
 * stderr when `stream` is set). A timeout kills the whole process group so a hung download
 * cannot hold the install forever.
 */
export function run(cmd, args, { cwd, env, stream = false, timeoutMs = 0 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', stream ? process.stderr : 'pipe', stream ? process.stderr : 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
        }, timeoutMs)
      : null;
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      resolve({ code: -1, out: String(err.message) });
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: timedOut ? -2 : code ?? -1, out: timedOut ? `${out}\n(timed out)` : out });
    });
  });
}

/**
 * The line of a command's output that best says why it failed: the last one that looks like
 * an error, else the last line.
 */
export function lastLine(text) {
  const lines = String(text).trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => /error|fail|denied|ENOTFOUND|EAI_AGAIN|ECONN|40[34]|timed out/i.test(l));
  return (errors.at(-1) ?? lines.at(-1) ?? '(no output)').slice(0, 300);
}

/**
 * Hard-links a file (no extra disk, survives cache removal); falls back to a copy across
 * file systems. Replaces whatever is at `to`.
 */
export function linkOrCopy(from, to) {
  fs.rmSync(to, { force: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/** Copies a directory tree, hard-linking files where possible. */
export function linkTree(fromDir, toDir) {
  fs.mkdirSync(toDir, { recursive: true });
  for (const entry of fs.readdirSync(fromDir, { withFileTypes: true })) {
    const from = path.join(fromDir, entry.name);
    const to = path.join(toDir, entry.name);
    if (entry.isDirectory()) linkTree(from, to);
    else if (entry.isSymbolicLink()) {
      fs.rmSync(to, { force: true });
      fs.symlinkSync(fs.readlinkSync(from), to);
    } else linkOrCopy(from, to);
  }
}

/** Writes JSON atomically (temp file + rename), so a killed install never leaves half a file. */
export function writeJsonAtomic(file, value) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
