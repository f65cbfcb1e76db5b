// Small file-system and child-process helpers for provisioning. Everything that writes does
// so through a temporary name and a rename, so a killed setup never leaves half a file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface RunResult {
  /** Exit code; -1 when the command could not start, -2 when it timed out. */
  code: number;
  /** stdout and stderr together (empty when streamed). */
  out: string;
}

export interface RunOptions {
  cwd?: string;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * Runs a command and captures its output. A timeout kills the whole process group, so a hung
 * download or compiler cannot hold setup forever.
 */
export function run(cmd: string, args: string[], { cwd, env, timeoutMs = 0 }: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) killGroup(child.pid);
        }, timeoutMs)
      : undefined;
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, out: err.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? -2 : (code ?? -1), out: timedOut ? `${out}\n(timed out)` : out });
    });
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The line of a command's output that best says why it failed: the last error-like line. */
export function failureLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const errors = lines.filter((l) => /error|fail|denied|ENOTFOUND|EAI_AGAIN|ECONN|40[34]|timed out/i.test(l));
  return (errors.at(-1) ?? lines.at(-1) ?? '(no output)').slice(0, 300);
}

/** Hard-links a file (no extra disk); copies across file systems. Replaces `to`. */
export function linkOrCopy(from: string, to: string): void {
  fs.rmSync(to, { force: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/** Copies a directory tree, hard-linking files and keeping symlinks as symlinks. */
export function linkTree(fromDir: string, toDir: string): void {
  fs.mkdirSync(toDir, { recursive: true });
  for (const entry of fs.readdirSync(fromDir, { withFileTypes: true })) {
    const from = `${fromDir}/${entry.name}`;
    const to = `${toDir}/${entry.name}`;
    if (entry.isDirectory()) linkTree(from, to);
    else if (entry.isSymbolicLink()) {
      fs.rmSync(to, { force: true });
      fs.symlinkSync(fs.readlinkSync(from), to);
    } else linkOrCopy(from, to);
  }
}

export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

export function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}
