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
