// Learning after probation (`ae watch --relearn`, decisions #74). Every `every` samples after
// the rows learned from (by default as many as those), a new model is fitted with the same
// settings and seed on the windows learned from and the `every` most recent windows the watch
// judged normal, and it scores from the next sample on. Flagged windows are never learned, so a
// fault does not become normal by being watched; the windows first learned from stay, so a
// quiet week does not make the model forget the busy one before it (refits on recent windows
// alone scored lower: decisions #73). The refit happens at an exact sample, whatever the
// batches, and everything it needs is in its state, so a watch resumed from its saved state
// refits exactly where a continuous one does and gives the same records. The rules go on as
// they were (the likelihood's history, the range seen): with the watch's relative score each
// model's score is against its own training error, so a refit does not move the scale they judge.
import type { Batch } from '../data/batch.js';
import { WindowRows, type WindowRowsJson } from '../data/window-rows.js';
import type { BundleFiles } from '../model/bundle-files.js';
import type { BundleMeta } from '../model/bundle-meta.js';
import type { FitHooks } from './fit-detector.js';
import type { DetectorOptions } from './settings.js';

export const RELEARN_STATE_VERSION = 1;

/** Where relearning stands, as plain JSON (docs/formats.md: watch-state.json). */
export interface RelearnState {
  version: number;
  every: number;
  /** Samples scored since the last fit. */
  since: number;
  /** Refits so far. */
  count: number;
  /** The fit's settings (functions and environment left out). */
  options: DetectorOptions;
  learned: WindowRowsJson;
  recent: WindowRowsJson;
}

/** A bundle's note of the refit it came from: the count (1 for the first), the windows fitted on. */
export type Relearned = NonNullable<BundleMeta['relearned']>;

/** What scoring needs to relearn: the relearner, and how to load training's backend. */
export interface RelearnOption {
  relearner: Relearner;
  hooks?: FitHooks;
}

type Fit = (
  view: ReturnType<WindowRows['view']>,
  width: number,
  options: DetectorOptions,
  input: BundleMeta['input'],
  hooks: FitHooks,
) => Promise<{ files: BundleFiles }>;

export class Relearner {
  private since: number;
  private count: number;

  private constructor(
    private readonly input: BundleMeta['input'],
    private readonly options: DetectorOptions,
    readonly every: number,
    private readonly learned: WindowRows,
    private readonly recent: WindowRows,
    /** Samples ending on or before this data line are the ones learned from (null: all learned). */
    private readonly learnedLines: number | null,
    state?: Pick<RelearnState, 'since' | 'count'>,
  ) {
    this.since = state?.since ?? 0;
    this.count = state?.count ?? 0;
  }

  /** A watch that has just learned from its first `learnedLines` data lines. */
  static start(input: BundleMeta['input'], options: DetectorOptions, learnedLines: number, every?: number): Relearner {
    const { metrics, size } = shapeOf(input);
    const rows = () => new WindowRows(metrics, size);
    return new Relearner(input, plainOptions(options), every ?? learnedLines, rows(), rows(), learnedLines);
  }

  /** A saved watch, where it stopped. */
  static resume(input: BundleMeta['input'], state: RelearnState): Relearner {
    const { metrics, size } = shapeOf(input);
    const rows = (json: WindowRowsJson) => WindowRows.fromJSON(json, metrics, size);
    return new Relearner(input, state.options, state.every, rows(state.learned), rows(state.recent), null, state);
  }

  /** How many of a batch's samples, from `from` on, to score before the next refit is due. */
  cut(b: Pick<Batch, 'count' | 'end' | 'index'>, from: number): number {
    let since = this.since;
    for (let i = from; i < b.count; i++) {
      if (this.isLearned(b, i)) continue;
      if (++since >= this.every) return i + 1;
    }
    return b.count;
  }

  /** Takes in scored samples (raw: their values before scaling) and how the watch judged them. */
  observe(b: Pick<Batch, 'count' | 'width' | 'end' | 'index'>, raw: Float32Array, tails: (string | null)[]): void {
    const part = this.learned.size * this.learned.metrics;
    for (let i = 0; i < b.count; i++) {
      const window = raw.subarray(i * b.width, i * b.width + part);
      if (this.isLearned(b, i)) this.learned.add(window, true);
      else {
        this.recent.add(window, tails[i] === null);
        this.since++;
      }
    }
    this.recent.keepNewest(this.every);
  }

  get due(): boolean {
    return this.since >= this.every;
  }

  /** The next model, or null when no window since was judged normal. */
  async refit(fit: Fit, hooks: FitHooks = {}): Promise<BundleFiles | null> {
    this.since = 0;
    if (this.recent.count === 0) return null;
    const { sizes } = shapeOf(this.input);
    const view = joinViews(this.learned.view(sizes), this.recent.view(sizes));
    const { files } = await fit(view, this.input.width, this.options, this.input, hooks);
    this.count++;
    const relearned: Relearned = { count: this.count, learned: this.learned.count, recent: this.recent.count };
    return { ...files, meta: { ...files.meta, relearned } };
  }

  /** For a result's `model.relearn`: every how many samples, and the refits so far. */
  summary(): { every: number; refits: number } {
    return { every: this.every, refits: this.count };
  }

  state(): RelearnState {
    return {
      version: RELEARN_STATE_VERSION,
      every: this.every,
      since: this.since,
      count: this.count,
      options: this.options,
      learned: this.learned.toJSON(),
      recent: this.recent.toJSON(),
    };
  }

  private isLearned(b: Pick<Batch, 'end' | 'index'>, i: number): boolean {
    if (this.learnedLines === null) return false;
    const end = b.end ? b.end[i]! : b.index[i]! + 1;
    return end <= this.learnedLines;
  }
}

/** The rows per window and values per row of a model's input. */
function shapeOf(input: BundleMeta['input']): { metrics: number; size: number; sizes: number[] } {
  const w = input.window;
  const sizes = w ? (w.sizes ?? [w.size]) : [1];
  const metrics = input.width / sizes.reduce((n, s) => n + s, 0);
  return { metrics, size: sizes[0]!, sizes };
}

/** Two views over different rows as one (rows appended, the second's starts moved past the first's). */
function joinViews(a: ReturnType<WindowRows['view']>, b: ReturnType<WindowRows['view']>) {
  const series = new Float32Array(a.series.length + b.series.length);
  series.set(a.series);
  series.set(b.series, a.series.length);
  const offset = a.series.length / a.metrics;
  const starts = new Int32Array(a.starts.length + b.starts.length);
  starts.set(a.starts);
  starts.set(
    Array.from(b.starts, (s) => s + offset),
    a.starts.length,
  );
  return { ...a, series, starts };
}

/** The settings a refit needs, as JSON keeps them: no callbacks, no environment. */
function plainOptions(options: DetectorOptions): DetectorOptions {
  const { onEpoch: _e, onEstimate: _s, shouldStop: _t, env: _v, ...rest } = options;
  return JSON.parse(JSON.stringify(rest)) as DetectorOptions;
}
