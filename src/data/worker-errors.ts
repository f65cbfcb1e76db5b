// Errors across a thread boundary: a worker posts what an error says (structured clone keeps
// no class), and the main thread raises it again — an input error at its row, which for a
// chunk of a file is made file-wide by the lines before the chunk.
import { AeError, InputError, type Location } from '../errors.js';

export interface PostedError {
  message: string;
  ae: boolean;
  exitCode: number;
  hint?: string;
  /** Input errors: the message without its location, and the location. */
  detail?: string;
  location?: Location;
}

export function postedError(err: unknown): PostedError {
  const e = err as AeError;
  const base = { message: (err as Error).message, ae: err instanceof AeError, exitCode: e.exitCode, hint: e.hint };
  return err instanceof InputError && err.location ? { ...base, detail: err.detail, location: err.location } : base;
}

export function raisePosted(e: PostedError, lineOffset = 0): Error {
  if (e.detail !== undefined && e.location?.row !== undefined) {
    return new InputError(e.detail, { ...e.location, row: e.location.row + lineOffset }, e.hint);
  }
  return new AeError(e.message, e.ae ? e.exitCode : 1, e.hint);
}
