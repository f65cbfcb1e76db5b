// The CLI's view of the outside world. main() takes one of these instead of touching
// `process`, so tests run commands in-process with captured streams and a fake environment.
import type { Readable } from 'node:stream';

export interface OutStream {
  write(chunk: string): boolean;
  /** Present on real streams: lets streaming output wait for back-pressure. */
  once?(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Registers a handler for SIGINT (Ctrl-C) and SIGTERM; returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
  /**
   * Environment defaults for native code loaded later in this process (libtensorflow reads its
   * thread and log settings from the real environment when it initialises); set values win.
   */
  setEnvDefaults(vars: Record<string, string>): void;
  /** Ends the process now (a second Ctrl-C). Every other exit goes through main's return value. */
  abort(code: number): never;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    setEnvDefaults(vars) {
      for (const [k, v] of Object.entries(vars)) process.env[k] ??= v;
    },
    abort(code) {
      process.exit(code);
    },
  };
}

/** Writes to a stream and waits when it asks us to (pipes to slow consumers like `head`). */
export async function writeWithBackpressure(out: OutStream, chunk: string): Promise<void> {
  if (!out.write(chunk) && out.once) {
    await new Promise<void>((resolve) => out.once!('drain', resolve));
  }
}
