// Data line numbers as a scan's output gives them. A stream that goes on from an earlier one
// (a resumed watch) numbers on from that stream's lines, and the lines it reads again first —
// to fill its first window — made their records before: they get none now.

export class LineNumbers {
  /** Data lines seen (the highest line number + 1). */
  seen: number;
  /** Added to every line number the reader gives. */
  private readonly offset: number;

  /** `before`: lines the earlier stream had; `again`: lines at this input's start it repeats. */
  constructor(
    before = 0,
    readonly again = 0,
  ) {
    this.seen = before;
    this.offset = before - again;
  }

  /** A line as the output numbers it, counted as seen. */
  line(index: number): number {
    const at = index + this.offset;
    if (at + 1 > this.seen) this.seen = at + 1;
    return at;
  }

  /** A line read again: its record was made before. */
  repeated(index: number): boolean {
    return index < this.again;
  }

  /** A line number without counting it (windows' spans for the plots). */
  shift(index: number): number {
    return index + this.offset;
  }
}
