// The likelihood's long-term history: a ring of short-term means with running sums, so the
// mean and σ of the last H means cost O(1) per score. Plain arithmetic, plain JSON state.

/** A history of means: the ring, its sums, and whether it is the stream's own (no prior needed). */
export interface HistoryState {
  means: number[];
  meansSum: number;
  meansSq: number;
  meansCount: number;
  evicted: number;
  /** An adopted history: judged by as soon as it exists, whatever its length. */
  adopted?: boolean;
  /** Its smallest σ while short: the earlier normal's σ relative to its mean, at the new mean. */
  floor?: number;
}

export class MeanHistory {
  private readonly means: Float64Array;
  private sum = 0;
  private sq = 0;
  count = 0;
  /** Means replaced so far once the ring is full (its next slot). */
  private evicted = 0;

  /**
   * `adopted`: a history taken from a change that held, judged by whatever its length, its σ at
   * least `floor` while it is short (a few hours of means have not seen a day's rhythm).
   */
  constructor(
    capacity: number,
    readonly adopted = false,
    readonly floor = 0,
  ) {
    this.means = new Float64Array(Math.max(1, capacity));
  }

  static from(capacity: number, values: ArrayLike<number>, adopted: boolean, floor = 0): MeanHistory {
    const h = new MeanHistory(capacity, adopted, floor);
    for (let i = 0; i < values.length; i++) h.add(values[i]!);
    return h;
  }

  static restore(capacity: number, s: HistoryState): MeanHistory {
    if (s.means.length > capacity) throw new RangeError('a likelihood state of other settings');
    const h = new MeanHistory(capacity, s.adopted === true, s.floor ?? 0);
    h.means.set(s.means);
    Object.assign(h, { sum: s.meansSum, sq: s.meansSq, count: s.meansCount, evicted: s.evicted });
    return h;
  }

  state(): HistoryState {
    return {
      means: Array.from(this.means.subarray(0, this.count)),
      meansSum: this.sum,
      meansSq: this.sq,
      meansCount: this.count,
      evicted: this.evicted,
      ...(this.adopted ? { adopted: true, floor: this.floor } : {}),
    };
  }

  add(m: number): void {
    const h = this.means.length;
    const slot = this.count < h ? this.count : this.evicted++ % h;
    if (this.count >= h) {
      const old = this.means[slot]!;
      this.sum -= old;
      this.sq -= old * old;
    } else this.count++;
    this.means[slot] = m;
    this.sum += m;
    this.sq += m * m;
  }

  /** The mean and sample σ of the means held (σ 0 below two). */
  moments(): { mean: number; std: number } {
    const n = this.count;
    const mean = n ? this.sum / n : 0;
    const std = Math.sqrt(Math.max(0, (this.sq - n * mean * mean) / Math.max(1, n - 1)));
    return { mean, std };
  }
}
