// What the core tells a person while it works — notes (silenced by --quiet in the CLI) and
// warnings — through the caller's hands: the CLI writes them to stderr, a library caller may
// collect them or pass nothing (silence).
export interface Notes {
  note(message: string): void;
  warn(message: string): void;
}

export const SILENT: Notes = { note: () => {}, warn: () => {} };

/** The note for a time column taken as the id (data/time-columns.ts). */
export function timeColumnNote(
  t: { name: string; kind: string; step?: number } | null | undefined,
  used: boolean,
): string | null {
  if (!t) return null;
  const what = t.step !== undefined ? `${t.kind}, step ${t.step}` : t.kind;
  const role = used ? 'taken as the id (and, as named, a feature)' : 'taken as the id, not a feature';
  return `note: column ${JSON.stringify(t.name)} holds times (${what}): ${role}; --id picks another`;
}

/** The note for header names made unique (`a,a` reads as `a,a.1`), or null. */
export function renamedNote(columns: { number: number; name: string; renamedFrom?: string }[]): string | null {
  const renamed = columns.filter((c) => c.renamedFrom !== undefined);
  if (renamed.length === 0) return null;
  const list = renamed.map((c) => `column ${c.number} (${JSON.stringify(c.renamedFrom)}) as ${JSON.stringify(c.name)}`);
  return `note: the header repeats names; read ${list.join(', ')} (rename them in the header to choose)`;
}

/** The note for columns read as counters, or null. */
export function counterNote(columns: { name: string; counter?: boolean }[]): string | null {
  const names = columns.filter((c) => c.counter).map((c) => JSON.stringify(c.name));
  if (names.length === 0) return null;
  return `note: ${names.join(', ')} ${names.length > 1 ? 'are counters' : 'is a counter'} (only rising, but for resets): read as the increase per row, 0 on the first (--not-counter ${names.map((n) => JSON.parse(n) as string).join(',')} reads ${names.length > 1 ? 'them' : 'it'} as ${names.length > 1 ? 'they are' : 'it is'})`;
}
