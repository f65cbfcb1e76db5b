// Crash-safe writes. A file is written under a temporary name and renamed into place; a run
// folder is assembled in a temporary sibling and renamed when complete. rename(2) is atomic on
// one file system, so even `kill -9` leaves either nothing or the complete result.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { OutputExistsError, RuntimeError } from '../errors.js';
import { describeFsError } from './fs-errors.js';

const TMP_PREFIX = '.ae-tmp-';
const tmpName = (target: string) =>
  path.join(path.dirname(target), `${TMP_PREFIX}${process.pid}-${Date.now().toString(36)}-${path.basename(target)}`);

/** Turns a file-system error into one line naming the output, e.g. "no space left on device". */
export function explainWriteError(err: unknown, target: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    ENOTDIR: 'a parent path is a file, not a folder',
    EEXIST: 'a parent path is a file, not a folder', // what mkdir -p says when one is
  };
  return new RuntimeError(`cannot write ${target}: ${reasons[code] ?? describeFsError(err)}`);
}

/**
 * Removes temporary folders and files left by ae processes that no longer run (killed with
 * SIGKILL, power loss), so they do not pile up beside the user's outputs.
 */
async function sweepStale(dir: string): Promise<void> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = name.startsWith(TMP_PREFIX) ? /^\.ae-tmp-(\d+)-/.exec(name) : null;
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    await fsp.rm(path.join(dir, name), { recursive: true, force: true }).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(p: string): Promise<boolean> {
  return fsp.lstat(p).then(
    () => true,
    () => false,
  );
}

/** Fails early (before any work) when `target` exists and may not be replaced. */
export async function assertWritable(target: string, force: boolean): Promise<void> {
  if (!force && (await exists(target))) throw new OutputExistsError(target);
}

/** The file that marks a folder as an ae run folder: only such folders are ever replaced. */
export const RUN_MARKER = 'ae-run.json';

/**
 * A run folder may replace only an earlier ae run folder (its marker, or a bundle's ae.json
 * from before markers existed), and never a path that is, or holds, one of the inputs.
 */
export async function assertRunFolderWritable(target: string, force: boolean, inputs: string[]): Promise<void> {
  const out = path.resolve(target);
  for (const input of inputs) {
    const abs = path.resolve(input);
    if (abs === out || abs.startsWith(out + path.sep)) {
      throw new RuntimeError(
        `${target} is an input of this run (${input}); ae will not replace it`,
        'choose another --out',
      );
    }
  }
  if (!(await exists(target))) return;
  const stat = await fsp.stat(target);
  const marked =
    stat.isDirectory() &&
    ((await exists(path.join(target, RUN_MARKER))) || (await exists(path.join(target, 'ae.json'))));
  if (!marked) {
    throw new RuntimeError(
      `${target} exists and is not an ae run folder; ae never replaces it, --force or not`,
      'choose another --out',
    );
  }
  if (!force) throw new OutputExistsError(target);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, force = false): Promise<void> {
  await assertWritable(target, force);
  const tmp = tmpName(target);
  try {
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, target);
  } catch (err) {
    // rm's force ignores only ENOENT; where the parent is a file it fails too (ENOTDIR), and
    // that must not hide the error that explains the failed write.
    await fsp.rm(tmp, { force: true }).catch(() => {});
    throw explainWriteError(err, target);
  }
}

/** A folder being assembled; `commit` moves it to its final name, `discard` removes it. */
export class StagedDir {
  private constructor(
    readonly target: string,
    readonly path: string,
    private readonly force: boolean,
  ) {}

  /** A run folder (`inputs` given): checked by assertRunFolderWritable and marked as ae's. */
  static async create(target: string, force: boolean, inputs?: string[]): Promise<StagedDir> {
    if (inputs) await assertRunFolderWritable(target, force, inputs);
    else await assertWritable(target, force);
    const tmp = tmpName(target);
    try {
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await sweepStale(path.dirname(target));
      await fsp.mkdir(tmp);
      if (inputs) {
        const marker = { format: 'ae-run', version: 1, createdAt: new Date().toISOString() };
        await fsp.writeFile(path.join(tmp, RUN_MARKER), JSON.stringify(marker, null, 2) + '\n');
      }
    } catch (err) {
      throw explainWriteError(err, target);
    }
    return new StagedDir(target, tmp, force);
  }

  file(name: string): string {
    return path.join(this.path, name);
  }

  async commit(): Promise<void> {
    let old: string | null = null;
    if (await exists(this.target)) {
      if (!this.force) {
        await this.discard();
        throw new OutputExistsError(this.target);
      }
      old = tmpName(this.target) + '.old';
      await fsp.rename(this.target, old);
    }
    try {
      await fsp.rename(this.path, this.target);
    } catch (err) {
      if (old) await fsp.rename(old, this.target).catch(() => {});
      await this.discard();
      throw explainWriteError(err, this.target);
    }
    if (old) await fsp.rm(old, { recursive: true, force: true });
  }

  async discard(): Promise<void> {
    await fsp.rm(this.path, { recursive: true, force: true });
  }

  /** For a failed run: removes the partial folder and returns the error to throw. */
  async abandon(err: unknown): Promise<unknown> {
    await this.discard();
    return explainWriteError(err, this.target);
  }
}
