// The range rule: a value outside everything seen so far by more than `margin` of that range
// is flagged whatever the model says (Numenta's NAB detector adds the same rule: people label
// a new extreme as an anomaly even when its shape is ordinary). Streaming, per column.

export class RangeRule {
  private min: Float64Array | null = null;
  private max: Float64Array | null = null;

  constructor(readonly margin: number) {}

  /**
   * A row (all its columns are checked) or a window (only its newest value is; the earlier
   * ones were checked as they came). Returns whether it lies outside; then remembers it.
   */
  next(values: Float32Array, window: boolean): boolean {
    if (window) {
      if (!this.min) this.remember(values.subarray(0, values.length - 1), 1);
      return this.check(values.subarray(values.length - 1), 1);
    }
    return this.check(values, values.length);
  }

  private check(values: Float32Array, width: number): boolean {
    let outside = false;
    if (this.min) {
      for (let j = 0; j < width; j++) {
        const lo = this.min[j]!;
        const hi = this.max![j]!;
        if (hi <= lo) continue; // nothing to go by yet (a constant so far)
        const tol = (hi - lo) * this.margin;
        if (values[j]! > hi + tol || values[j]! < lo - tol) outside = true;
      }
    }
    this.remember(values, width);
    return outside;
  }

  private remember(values: Float32Array, width: number): void {
    if (!this.min) {
      this.min = new Float64Array(width).fill(Infinity);
      this.max = new Float64Array(width).fill(-Infinity);
    }
    for (let i = 0; i < values.length; i++) {
      const j = i % width;
      const v = values[i]!;
      if (v < this.min[j]!) this.min[j] = v;
      if (v > this.max![j]!) this.max![j] = v;
    }
  }
}
