// Typed errors. Core modules throw these; the CLI maps them to exit codes in one place
// (src/cli/exit.ts). The message is one line meant for a user, never a stack trace.

/** Where in an input a problem is: printed as `file:row:column`. Rows and columns are 1-based. */
export interface Location {
  file: string;
  row?: number;
  column?: number | string;
}

export class AeError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  /** A short suggestion printed after the message, e.g. which flag fixes it. */
  readonly hint?: string;

  constructor(message: string, exitCode: number, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad flags or arguments: exit 2. */
export class UsageError extends AeError {
  constructor(message: string, hint = "see 'ae --help'") {
    super(message, 2, hint);
  }
}

/**
 * A library setting outside its allowed values: exit 2. The message names the setting as the
 * library knows it (`percentile`); the CLI names the flag that sets it (`--percentile`).
 */
export class InvalidSettingError extends AeError {
  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`${setting} ${problem}`, 2);
  }
}

/** Unreadable or malformed input data: exit 1, message names file, row and column. */
export class InputError extends AeError {
  readonly location?: Location;
  /** The message without its location (to restate it at another row). */
  readonly detail: string;

  constructor(message: string, location?: Location, hint?: string) {
    super(location ? `${formatLocation(location)}: ${message}` : message, 1, hint);
    this.location = location;
    this.detail = message;
  }
}

/** A model bundle that is missing, damaged or incompatible: exit 1. */
export class ModelError extends AeError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
  }
}

/** TensorFlow's native backend is not available (or another runtime failure): exit 1. */
export class RuntimeError extends AeError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
  }
}

/** An output would replace something the user has: exit 1. */
export class OutputExistsError extends AeError {
  constructor(path: string) {
    super(`${path} already exists`, 1, 'pass --force to replace it');
  }
}

/** `--fail-on-anomaly` and something was flagged: exit 3 (output was still written). */
export class AnomaliesFoundError extends AeError {
  constructor(count: number) {
    super(`${count} anomal${count === 1 ? 'y' : 'ies'} flagged`, 3);
  }
}

/** Stopped by Ctrl-C / SIGINT: exit 130, as shells expect. */
export class InterruptedError extends AeError {
  constructor(message = 'interrupted') {
    super(message, 130);
  }
}

export function formatLocation(loc: Location): string {
  let s = loc.file;
  if (loc.row !== undefined) s += `: row ${loc.row}`;
  if (loc.column !== undefined) s += `, column ${loc.column}`;
  return s;
}
