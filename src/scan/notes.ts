// What the core tells a person while it works — notes (silenced by --quiet in the CLI) and
// warnings — through the caller's hands: the CLI writes them to stderr, a library caller may
// collect them or pass nothing (silence).
export interface Notes {
  note(message: string): void;
  warn(message: string): void;
}

export const SILENT: Notes = { note: () => {}, warn: () => {} };
