// Human-facing messages: always stderr, coloured only for a terminal that wants colour.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Io } from './io.js';

export interface GlobalOptions {
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
}

export interface Logger {
  /** Progress and summaries; silenced by --quiet. */
  info(msg: string): void;
  /** Detail for --verbose only. */
  debug(msg: string): void;
  warn(msg: string): void;
  /** A stop asked for (Ctrl-C, SIGTERM): what was kept, on one line, not as an error; never silenced. */
  stopped(msg: string): void;
  error(msg: string): void;
  readonly chalk: ChalkInstance;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** True when stderr is an interactive terminal (progress bars allowed). */
  readonly interactive: boolean;
}

/** Colour only on a TTY, never with NO_COLOR (any value), --no-color or TERM=dumb. */
export function colorEnabled(io: Io, opts: GlobalOptions): boolean {
  if (opts.color === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.TERM === 'dumb') return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.stderr.isTTY === true;
}

export function createLogger(io: Io, opts: GlobalOptions): Logger {
  const chalk = new Chalk({ level: colorEnabled(io, opts) ? 1 : 0 });
  const quiet = opts.quiet === true;
  const verbose = opts.verbose === true && !quiet;
  const line = (s: string) => io.stderr.write(s + '\n');
  return {
    info: (m) => {
      if (!quiet) line(m);
    },
    debug: (m) => {
      if (verbose) line(chalk.dim(m));
    },
    warn: (m) => line(chalk.yellow(`ae: warning: ${m}`)),
    stopped: (m) => line(`ae: stopped: ${m}`),
    error: (m) => line(chalk.red(`ae: error: ${m}`)),
    chalk,
    quiet,
    verbose,
    interactive: io.stderr.isTTY === true && io.env.TERM !== 'dumb',
  };
}
