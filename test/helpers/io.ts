// An in-memory Io for running the CLI in-process.
import { Readable } from 'node:stream';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export function memoryIo(opts: { env?: Record<string, string>; stdin?: string; cwd?: string } = {}) {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdout: { write: (s: string) => ((out.stdout += s), true) },
    stderr: { write: (s: string) => ((out.stderr += s), true) },
    stdin: Readable.from(opts.stdin !== undefined ? [Buffer.from(opts.stdin)] : []),
    env: { ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    onInterrupt: () => () => {},
    // TensorFlow loads into this very process, so its settings must reach the real environment.
    setEnvDefaults: (vars) => {
      for (const [k, v] of Object.entries(vars)) process.env[k] ??= v;
    },
    abort: (code) => {
      throw new Error(`aborted with ${code}`);
    },
  };
  return { io, out };
}

/** Runs `ae <argv>` in-process and returns exit code and both streams. */
export async function runAe(argv: string[], opts: Parameters<typeof memoryIo>[0] = {}): Promise<Captured> {
  const { io, out } = memoryIo(opts);
  const code = await main(argv, io);
  return { code, ...out };
}
