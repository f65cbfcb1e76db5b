// The range rule: a value outside everything seen so far by more than `margin` of that range
// is flagged whatever the model says (Numenta's NAB detector adds the same rule: people label
// a new extreme as an anomaly even when its shape is ordinary). Streaming, per column.
// A value more than GLITCH ranges beyond it widens the range only when the one before it in its
// column was that far out on the same side too: one glitch (the uint64 maximum a broken exporter
// writes) is flagged and forgotten, instead of widening the range so far that no later extreme
// is ever flagged; a level that lasts is taken in from its second value. Nearer values widen it
// at once, as Numenta's rule does (forgetting them too cost NAB 23 points: docs/decisions.md #55).

/** How many ranges beyond the range a value must lie to be held back as a possible glitch. */
export const GLITCH_RANGES = 10;

/** Every column's range so far, and what the glitch rule holds back. */
export interface RangeState {
  min: (number | null)[];
  max: (number | null)[];
  far: number[];
  pending: (number | null)[];
}

export class RangeRule {
  private min: Float64Array | null = null;
  private max: Float64Array | null = null;
  /** Per column: the side the last value lay GLITCH ranges out on (1 above, −1 below, 0 not). */
  private far: Int8Array | null = null;
  /** Per column: the last value (taken in with the next one when both lie that far out). */
  private pending: Float64Array | null = null;

  constructor(readonly margin: number) {}

  /** Where the rule stands, as plain JSON (null before the first value). */
  state(): RangeState | null {
    if (!this.min) return null;
    // A column with no value yet has an infinite bound, which JSON cannot hold: null.
    const json = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
    return { min: json(this.min), max: json(this.max!), far: Array.from(this.far!), pending: json(this.pending!) };
  }

  /** Goes on from `s`. */
  restore(s: RangeState | null): this {
    if (!s) return this;
    this.min = Float64Array.from(s.min, (v) => v ?? Infinity);
    this.max = Float64Array.from(s.max, (v) => v ?? -Infinity);
    this.far = Int8Array.from(s.far);
    this.pending = Float64Array.from(s.pending, (v) => v ?? 0);
    return this;
  }

  /**
   * A row (all its columns are checked) or a window of rows of `metrics` columns each (only
   * its newest row is; the earlier ones were checked as they came). Returns whether any value
   * lies outside; then remembers them.
   */
  next(values: Float32Array, window: boolean, metrics = 1): boolean {
    if (!window) return this.check(values, values.length);
    const newest = values.length - metrics;
    if (!this.min) this.start(values.subarray(0, newest), metrics);
    return this.check(values.subarray(newest), metrics);
  }

  private start(values: Float32Array, width: number): void {
    this.min = new Float64Array(width).fill(Infinity);
    this.max = new Float64Array(width).fill(-Infinity);
    this.far = new Int8Array(width);
    this.pending = new Float64Array(width);
    for (let i = 0; i < values.length; i++) this.widen(i % width, values[i]!);
  }

  private check(values: Float32Array, width: number): boolean {
    if (!this.min) this.start(values.subarray(0, 0), width);
    let any = false;
    for (let j = 0; j < width; j++) {
      const v = values[j]!;
      const lo = this.min![j]!;
      const hi = this.max![j]!;
      let side = 0;
      let far = 0;
      if (hi > lo) {
        // Nothing to go by while the column has been constant.
        const tol = (hi - lo) * this.margin;
        side = v > hi + tol ? 1 : v < lo - tol ? -1 : 0;
        const wide = (hi - lo) * GLITCH_RANGES;
        far = v > hi + wide ? 1 : v < lo - wide ? -1 : 0;
      }
      if (side !== 0) any = true;
      if (far !== 0 && far === this.far![j]) this.widen(j, this.pending![j]!);
      if (far === 0 || far === this.far![j]) this.widen(j, v);
      this.far![j] = far;
      this.pending![j] = v;
    }
    return any;
  }

  private widen(j: number, v: number): void {
    if (!Number.isFinite(v)) return;
    if (v < this.min![j]!) this.min![j] = v;
    if (v > this.max![j]!) this.max![j] = v;
  }
}
