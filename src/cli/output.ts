// Data on stdout: one JSON document, NDJSON lines, or CSV. Nothing else is ever written there.
import type { Io } from './io.js';

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
