// The rules a scan applies to a stream of records beyond the thresholds — the likelihood, the
// range rule, incidents — and where they stand, so that a later stream can go on from here
// (decisions #56). The collector (collector.ts) owns the records; this owns the rules' state.
import { IncidentTracker, type Incident, type IncidentSettings, type TrackerState } from '../detect/incidents.js';
import {
  Likelihood,
  type LikelihoodPrior,
  type LikelihoodSettings,
  type LikelihoodState,
} from '../detect/likelihood.js';
import { RangeRule, type RangeState } from '../detect/range-rule.js';
import type { Blame } from '../model/explain.js';
import type { SampleRecord } from './records.js';

export interface RulesOptions {
  likelihood?: { settings: LikelihoodSettings; prior: LikelihoodPrior | null } | null;
  incidents?: IncidentSettings;
  rangeMargin?: number;
  /** Windows: the metrics per data line (the range rule judges each of the newest row's). */
  metrics?: number;
  /** Data lines a model learned from first: the range rule learns them, flags none. */
  learnedLines?: number;
}

export interface RulesState {
  likelihood: LikelihoodState | null;
  range: RangeState | null;
  incidents: TrackerState | null;
}

/** A blamed input as people name it: its column's header name, else its number. */
export function blameName(b: Blame): string {
  return b.name ?? `column ${b.column}`;
}

export class StreamRules {
  private readonly likelihood: Likelihood | null;
  private readonly tracker: IncidentTracker | null;
  readonly range: RangeRule | null;

  /** `listed`: incidents kept for the result (all are counted). */
  constructor(
    private readonly opts: RulesOptions,
    listed: number,
  ) {
    this.likelihood = opts.likelihood ? new Likelihood(opts.likelihood.settings, opts.likelihood.prior) : null;
    this.tracker = opts.incidents ? new IncidentTracker(opts.incidents, listed) : null;
    this.range = opts.rangeMargin !== undefined ? new RangeRule(opts.rangeMargin) : null;
  }

  state(): RulesState {
    return {
      likelihood: this.likelihood?.state() ?? null,
      range: this.range?.state() ?? null,
      incidents: this.tracker?.state() ?? null,
    };
  }

  restore(s: RulesState): void {
    if (s.likelihood) this.likelihood?.restore(s.likelihood);
    this.range?.restore(s.range);
    if (s.incidents) this.tracker?.restore(s.incidents);
  }

  /** Each score's likelihood, in order (null without the likelihood). */
  likelihoods(scores: Float64Array, count: number): Float64Array | null {
    if (!this.likelihood) return null;
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.likelihood.next(scores[i]!).likelihood;
    return out;
  }

  /**
   * Whether each sample's values lie outside the range seen so far (null without the rule).
   * `raw`: the values before scaling; `ends`: the data line after each sample's last.
   */
  outside(raw: Float32Array, width: number, count: number, windows: boolean, ends: (i: number) => number) {
    if (!this.range) return null;
    const learned = this.opts.learnedLines ?? 0;
    const metrics = this.opts.metrics ?? 1;
    return Array.from(
      { length: count },
      (_, i) => this.range!.next(raw.subarray(i * width, (i + 1) * width), windows, metrics) && ends(i) > learned,
    );
  }

  /** Steps the incidents with a record spanning lines start .. end − 1; sets its marker. */
  mark(r: SampleRecord, start: number, end: number): 'start' | 'end' | null {
    if (!this.tracker) return null;
    const step = this.tracker.step({
      position: r.index,
      flagged: r.tail,
      start,
      end,
      ...(r.startId !== undefined
        ? { startId: r.startId, endId: r.endId! }
        : r.id !== undefined
          ? { startId: r.id, endId: r.id }
          : {}),
      score: r.score,
      likelihood: r.likelihood ?? null,
      ...(r.explain ? { blame: r.explain.map((b) => ({ name: blameName(b), share: b.share })) } : {}),
    });
    if (step) r.incident = step;
    return step;
  }

  get tracksIncidents(): boolean {
    return this.tracker !== null;
  }

  /** The listed incidents, the last one closed: the input has ended. */
  finish(): Incident[] {
    this.tracker?.finish();
    return this.tracker?.incidents ?? [];
  }
}
