// Which cells were filled in (missing in the file: carried forward, drawn as a line, or given a
// stored median), by data line and 1-based file column, so that `--explain` can say a blamed
// value was not in the file. A stream forgets lines its windows have passed.
export class FilledCells {
  private readonly cells = new Map<number, number[]>();

  mark(line: number, column: number): void {
    const at = this.cells.get(line);
    if (at) at.push(column);
    else this.cells.set(line, [column]);
  }

  has(line: number, column: number): boolean {
    return this.cells.get(line)?.includes(column) === true;
  }

  /** Drops the lines before `line` (no window still to be explained reads them). */
  forget(line: number): void {
    for (const l of this.cells.keys()) if (l < line) this.cells.delete(l);
  }
}
