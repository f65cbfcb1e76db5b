// A typed array that grows as numbers are pushed (doubling), for per-sample lists that can run
// to millions: a JS number[] costs 8 bytes a slot plus its spare capacity, in the garbage-
// collected heap; an Int32Array costs 4, outside it.
type Typed = Float64Array | Int32Array;

export class Growable<A extends Typed> {
  private buffer: A;
  length = 0;

  constructor(
    private readonly make: (n: number) => A,
    initial = 1024,
  ) {
    this.buffer = make(initial);
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const next = this.make(this.buffer.length * 2);
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length++] = value;
  }

  /** The pushed values (a view: later pushes may or may not show in it). */
  view(): A {
    return this.buffer.subarray(0, this.length) as A;
  }
}
