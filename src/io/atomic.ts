// Crash-safe writes. A file is written under a temporary name and renamed into place; a run
// folder is assembled in a temporary sibling and renamed when complete. rename(2) is atomic on
// one file system, so even `kill -9` leaves either nothing or the complete result.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { OutputExistsError, RuntimeError } from '../errors.js';
import { describeFsError } from '../data/input.js';

const tmpName = (target: string) =>
  path.join(path.dirname(target), `.ae-tmp-${process.pid}-${Date.now().toString(36)}-${path.basename(target)}`);

async function exists(p: string): Promise<boolean> {
  return fsp.lstat(p).then(() => true, () => false);
}

/** Fails early (before any work) when `target` exists and may not be replaced. */
export async function assertWritable(target: string, force: boolean): Promise<void> {
  if (!force && (await exists(target))) throw new OutputExistsError(target);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, force = false): Promise<void> {
  await assertWritable(target, force);
  const tmp = tmpName(target);
  try {
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, target);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw new RuntimeError(`cannot write ${target}: ${describeFsError(err)}`);
  }
}

/** A folder being assembled; `commit` moves it to its final name, `discard` removes it. */
export class StagedDir {
  private constructor(
    readonly target: string,
    readonly path: string,
    private readonly force: boolean,
  ) {}

  static async create(target: string, force: boolean): Promise<StagedDir> {
    await assertWritable(target, force);
    const tmp = tmpName(target);
    try {
      await fsp.mkdir(tmp, { recursive: true });
    } catch (err) {
      throw new RuntimeError(`cannot create ${target}: ${describeFsError(err)}`);
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
      throw new RuntimeError(`cannot write ${this.target}: ${describeFsError(err)}`);
    }
    if (old) await fsp.rm(old, { recursive: true, force: true });
  }

  async discard(): Promise<void> {
    await fsp.rm(this.path, { recursive: true, force: true });
  }
}
