// The rules of a scan, applied as scored batches arrive: each sample classified against the
// thresholds, counted, explained when flagged, flagged windows merged into intervals, and —
// where a caller keeps them — the scores for files and label metrics and the data for plots.
// Records go to the caller's sink batch by batch, in data-line order (skipped lines included).
import type { Batch } from '../data/batch.js';
import type { SkippedRow } from '../data/cells.js';
import type { ReaderInfo } from '../data/parallel.js';
import type { Labels } from '../data/labels.js';
import type { SampleSet } from '../data/samples.js';
import type { Evaluation } from '../detect/evaluate.js';
import { classify, type Thresholds } from '../detect/thresholds.js';
import { roundScores } from '../detect/precision.js';
import type { Blame } from '../model/explain.js';
import { evaluateLabels } from './evaluation.js';
import { Growable } from '../data/growable.js';
import type { FilledCells } from '../data/filled.js';
import { PlotSample } from './plot-sample.js';
import { blameName, StreamRules } from './stream-rules.js';
import { LineNumbers } from './line-numbers.js';
import { epochIso, isoTimes, TimeOrder, type TimeFacts } from './time-order.js';
import {
  overflowed,
  r10,
  skippedRecord,
  r6,
  type FlaggedItem,
  type FlagTail,
  type Interval,
  type SampleRecord,
  type ScanRecord,
  AFTER_GAP,
} from './records.js';
import {
  SUMMARY_ITEMS,
  type CollectOptions,
  type CollectorState,
  type KeptScores,
  type ScanCounts,
  type ScanResult,
} from './scan-result.js';

type ScoredBatch = Pick<
  Batch,
  'count' | 'width' | 'values' | 'index' | 'start' | 'end' | 'ids' | 'startIds' | 'endIds' | 'skipped' | 'lead'
>;

export class ScanCollector {
  readonly counts: ScanCounts = { scored: 0, high: 0, low: 0, flagged: 0, skipped: 0 };
  private readonly flagged: FlaggedItem[] = [];
  private readonly intervals: Interval[] = [];
  private thresholds: Thresholds = {};
  private model: Record<string, unknown> = {};
  private input: Record<string, unknown> = {};
  // Typed and growing: a 2 M-window training scan kept ~160 MB of number[] here (decisions #61).
  private readonly kept = {
    score: new Growable((n) => new Float64Array(n)),
    index: new Growable((n) => new Int32Array(n)),
    tail: [] as (FlagTail | null)[],
    id: null as string[] | null,
  };
  private readonly starts = new Growable((n) => new Int32Array(n));
  private readonly ends = new Growable((n) => new Int32Array(n));
  private startIds: string[] = [];
  private endIds: string[] = [];
  private metrics: Evaluation | null = null;
  private readonly plotted: PlotSample | null;
  private readonly rules: StreamRules;
  private readonly keepListed: number;
  private openInterval: Interval | null = null;
  private readonly blamedFirst = new Map<string, number>();
  private readonly numbers: LineNumbers;
  private readonly time = new TimeOrder();
  private intervalCount = 0;
  private unscoredAfterGaps = 0;

  constructor(private readonly opts: CollectOptions = {}) {
    this.plotted = opts.plot ? new PlotSample(opts.metrics ?? 1) : null;
    // Without keepFlagged (NDJSON alone) lists are not printed whole: keep their first few, so a
    // stream that runs for days holds no more than its live state.
    this.keepListed = opts.keepFlagged ? Infinity : SUMMARY_ITEMS;
    this.rules = new StreamRules(opts, this.keepListed);
    if (opts.perRow) this.counts.unscored = 0;
    if (opts.incidents) this.counts.incidents = 0;
    if (this.rules.range) this.counts.outOfRange = 0;
    const resume = opts.resume;
    this.numbers = new LineNumbers(resume?.state.lines ?? 0, resume?.contextLines ?? 0);
    if (resume) {
      Object.assign(this.counts, resume.state.counts);
      this.rules.restore(resume.state);
    }
  }

  /** Where the rules stand now. */
  state(): CollectorState {
    return { lines: this.numbers.seen, counts: { ...this.counts }, ...this.rules.state() };
  }

  /** A data line as the output numbers it (resumed streams number on), counted as seen. */
  private line(index: number): number {
    return this.numbers.line(index);
  }

  /** Whether add() needs the values before scaling (the range rule judges values, not scores). */
  get needsRaw(): boolean {
    return this.rules.range !== null;
  }

  begin(thresholds: Thresholds, model: Record<string, unknown>): void {
    this.thresholds = thresholds;
    this.model = model;
  }

  /** The model's description, completed once scoring is done (which backend scored). */
  describeModel(extra: Record<string, unknown>): void {
    Object.assign(this.model, extra);
  }

  /**
   * Adds a scored batch. `explain`, given positions of flagged rows in the batch, returns why
   * each was flagged; it runs once per batch, only when something was flagged. `raw` holds the
   * batch's values before scaling (for the plots; the batch's own by default). Returns each
   * sample's tail (null: judged normal).
   */
  async add(
    b: ScoredBatch,
    made: Float32Array,
    explain?: (rows: number[]) => Blame[][],
    raw: Float32Array = b.values,
  ): Promise<(FlagTail | null)[]> {
    const sink = this.opts.onRecords;
    const out: ScanRecord[] | null = sink ? [] : null;
    // Rounded once, here: every comparison, likelihood and output sees the printed score.
    const scores = roundScores(made.subarray(0, b.count));
    if (b.lead && this.opts.perRow) this.addLead(b.lead, out);
    const skipped = out && b.skipped && !b.start ? b.skipped : [];
    const likely = this.rules.likelihoods(scores, b.count);
    const outside = this.rules.outside(raw, b.width, b.count, !!b.start, (i) => (b.end ? b.end[i]! : b.index[i]! + 1));
    // A score beyond float32's range (a value far outside anything trained on) is flagged and
    // says so; it has no number to print, and reaches no statistic (decisions #55).
    const tails = Array.from({ length: b.count }, (_, i) =>
      outside?.[i] || !Number.isFinite(scores[i]!) ? 'high' : this.classify(scores[i]!, likely?.[i]),
    );
    const why = explain ? this.explanations(tails, explain) : null;
    let next = 0; // the next skipped line to interleave, so records stay in line order
    for (let i = 0; i < b.count; i++) {
      const record = this.record(b, i, scores[i]!, tails[i]!, likely?.[i]);
      if (!Number.isFinite(scores[i]!)) overflowed(record);
      const blame = why?.get(i);
      if (blame) {
        if (this.opts.filled) markFilled(blame, b, i, this.opts.filled, this.opts.windowRows);
        record.explain = blame;
        this.tallyBlame(blame);
      }
      if (outside?.[i]) {
        record.outOfRange = true;
        this.counts.outOfRange!++;
      }
      if (out) {
        for (; next < skipped.length && this.line(skipped[next]!.index) < record.index; next++)
          this.pushSkipped(out, skipped[next]!);
      }
      this.count(record, scores[i]!, b, i);
      if (this.plotted) this.plot(b, i, record, raw.subarray(i * b.width, (i + 1) * b.width));
      out?.push(record);
    }
    for (; out && next < skipped.length; next++) this.pushSkipped(out, skipped[next]!);
    // Later windows start later: lines before this batch's last window are read by none of them.
    if (this.opts.filled && b.count) this.opts.filled.forget((b.start ?? b.index)[b.count - 1]!);
    if (out && out.length) await sink!(out);
    return tails;
  }

  private pushSkipped(out: ScanRecord[], row: SkippedRow): void {
    if (this.numbers.repeated(row.index)) return;
    out.push(skippedRecord({ ...row, index: this.line(row.index) }));
  }

  /** Which column each flagged record blames most (for what looks wrong: flag-share.ts). */
  private tallyBlame(blame: Blame[]): void {
    const top = blame[0];
    if (!top) return;
    const name = blameName(top);
    this.blamedFirst.set(name, (this.blamedFirst.get(name) ?? 0) + 1);
  }

  /** Rows before the first full window: records with no score, never dropped. */
  private addLead(lead: NonNullable<Batch['lead']>, out: ScanRecord[] | null): void {
    lead.index.forEach((at, k) => {
      if (this.numbers.repeated(at)) return; // its record was made before
      const index = this.line(at);
      const r: SampleRecord = { index, score: null, likelihood: null, tail: null };
      if (lead.afterGapFrom !== undefined && k >= lead.afterGapFrom) {
        r.reason = AFTER_GAP;
        this.unscoredAfterGaps++;
      }
      if (lead.ids) {
        withTime(r, lead.ids[k]!);
        this.time.see(index, r.id!);
      }
      this.counts.unscored!++;
      this.rules.mark(r, index, index + 1);
      out?.push(r);
    });
  }

  private classify(score: number, likelihood: number | undefined): FlagTail | null {
    const rule = this.opts.likelihoodThreshold;
    if (rule !== undefined) return likelihood !== undefined && likelihood >= rule ? 'high' : null;
    return classify(score, this.thresholds);
  }

  private plot(b: ScoredBatch, i: number, r: SampleRecord, values: Float32Array): void {
    if (!b.start) return this.plotted!.addRow(r.index, values, r.tail, r.id);
    const startId = b.startIds?.[i];
    const ids = startId !== undefined ? { start: startId, end: b.endIds![i]! } : undefined;
    this.plotted!.addWindow(this.numbers.shift(b.start[i]!), this.numbers.shift(b.end![i]!), values, ids);
    if (this.opts.perRow && r.likelihood != null) this.plotted!.addLikelihood(r.index, r.likelihood);
  }

  private explanations(tails: (FlagTail | null)[], explain: (rows: number[]) => Blame[][]) {
    const rows: number[] = [];
    tails.forEach((t, i) => t && rows.push(i));
    const blames = explain(rows);
    return new Map(rows.map((r, k) => [r, blames[k]!]));
  }

  private record(b: ScoredBatch, i: number, score: number, tail: FlagTail | null, likelihood?: number): SampleRecord {
    if (this.opts.perRow && b.end) {
      // The row a window ends at: its data line and id.
      const r: SampleRecord = { index: this.line(b.end[i]! - 1), score, tail };
      if (likelihood !== undefined) r.likelihood = r10(likelihood);
      r.tail = tail;
      if (b.endIds) withTime(r, b.endIds[i]!);
      return r;
    }
    const r: SampleRecord = { index: b.start ? b.index[i]! : this.line(b.index[i]!), score, tail };
    if (likelihood !== undefined) r.likelihood = r10(likelihood);
    if (b.ids) withTime(r, b.ids[i]!);
    if (b.start) {
      r.start = this.line(b.start[i]!);
      r.end = this.line(b.end![i]! - 1) + 1;
      if (b.startIds) {
        r.startId = b.startIds[i]!;
        r.endId = b.endIds![i]!;
        Object.assign(r, isoTimes(r));
      }
    }
    return r;
  }

  private count(r: SampleRecord, score: number, b: ScoredBatch, i: number): void {
    this.counts.scored++;
    if (r.id !== undefined) this.time.see(r.index, r.id);
    const tail = r.tail;
    const row = this.opts.perRow === true || !b.start;
    const span = row ? { start: r.index, end: r.index + 1 } : { start: r.start!, end: r.end! };
    if (this.rules.mark(r, span.start, span.end) === 'start') this.counts.incidents!++;
    if (tail) {
      this.counts[tail]++;
      this.counts.flagged++;
      // NDJSON alone streams everything; keeping the list would grow with the file.
      if (this.opts.keepFlagged) this.flagged.push(r as FlaggedItem);
      if (r.start !== undefined) this.extendIntervals(r as FlaggedItem, tail);
      else if (this.opts.perRow || r.id !== undefined) {
        // Rows of a series (a record per row, or rows with ids: times): consecutive ones merge.
        const ids = r.id !== undefined ? { startId: r.id, endId: r.id } : {};
        this.extendIntervals({ ...(r as FlaggedItem), ...span, ...ids }, tail);
      }
    }
    if (this.opts.keepScores && Number.isFinite(score)) {
      this.kept.score.push(score);
      this.kept.index.push(r.index);
      this.kept.tail.push(tail);
      if (r.id !== undefined) (this.kept.id ??= []).push(r.id);
      if (r.start !== undefined) {
        this.starts.push(r.start);
        this.ends.push(r.end!);
        if (r.startId !== undefined) {
          this.startIds.push(r.startId);
          this.endIds.push(r.endId!);
        }
      }
    }
  }

  /** Windows arrive in order, so an interval is extended or a new one opened. */
  private extendIntervals(w: FlaggedItem, tail: FlagTail): void {
    const open = this.openInterval;
    if (open && open.tail === tail && w.start! <= open.end) {
      open.end = Math.max(open.end, w.end!);
      if (w.endId !== undefined) open.endId = w.endId;
      if (w.score !== null) {
        open.maxScore = Math.max(open.maxScore, w.score);
        open.minScore = Math.min(open.minScore, w.score);
      }
      open.windows++;
      return;
    }
    const iv: Interval = { start: w.start!, end: w.end!, tail, maxScore: w.score, minScore: w.score, windows: 1 };
    if (w.startId !== undefined) Object.assign(iv, { startId: w.startId, endId: w.endId });
    this.openInterval = iv;
    if (this.intervalCount++ < this.keepListed) this.intervals.push(iv);
  }

  /** What the streaming reader found (a scan with a model). */
  finishInput(file: string, reader: ReaderInfo): void {
    this.counts.skipped = reader.skipped.length;
    this.input = {
      file,
      columns: reader.columns.length,
      names: reader.columns.map((c) => c.name),
      header: reader.header !== null,
      skipped: reader.skipped.map((s) => s.index),
      ...(reader.idColumn ? { id: reader.idColumn.name } : {}),
      ...(reader.matchedBy ? { columnsMatchedBy: reader.matchedBy } : {}),
      ...(reader.unknownCategories?.length ? { unknownCategories: reader.unknownCategories } : {}),
      ...(reader.imputed ? { filled: reader.imputed } : {}),
    };
  }

  /** What was read into memory (a scan that fits on its file, training on a file). */
  finishSamples(file: string, s: SampleSet): void {
    this.counts.skipped = s.skipped.length;
    this.input = {
      file,
      columns: s.columns.length,
      names: s.columns.map((c) => c.name),
      header: s.header,
      skipped: s.skipped.map((k) => k.index),
      ...(s.idColumn ? { id: s.idColumn.name } : {}),
    };
  }

  /** Scores the run against known labels (needs keepScores). */
  evaluate(labels: Labels, labelFile: string): Evaluation {
    const k = this.keptScores();
    const targets = this.starts.length
      ? {
          index: k.index,
          start: this.starts.view(),
          end: this.ends.view(),
          ...(this.startIds.length ? { startIds: this.startIds, endIds: this.endIds } : {}),
        }
      : { index: k.index, ids: k.id };
    // The records' own tails: with a likelihood or range rule they are not the thresholds'.
    const decided = this.opts.likelihoodThreshold !== undefined || this.rules.range ? k.tail : undefined;
    this.metrics = evaluateLabels(labels, labelFile, targets, k.score, this.thresholds, decided);
    return this.metrics;
  }

  private timeFacts(): TimeFacts | null {
    const facts = this.time.result();
    return facts && this.unscoredAfterGaps ? { ...facts, unscoredAfterGaps: this.unscoredAfterGaps } : facts;
  }

  private keptScores(): KeptScores {
    const k = this.kept;
    return { score: k.score.view(), index: k.index.view(), tail: k.tail, id: k.id };
  }

  result(): ScanResult {
    const state = this.state(); // before an open incident is closed with the input
    const incidents = this.rules.finish();
    return {
      input: this.input,
      model: this.model,
      thresholds: this.thresholds,
      counts: this.counts,
      flagged: this.flagged,
      intervals: this.intervals,
      intervalCount: this.intervalCount,
      windowed:
        this.opts.perRow === true || this.intervals.length > 0 || this.flagged.some((f) => f.start !== undefined),
      incidents,
      likelihoodThreshold: this.opts.likelihoodThreshold ?? null,
      metrics: this.metrics,
      kept: this.opts.keepScores ? this.keptScores() : null,
      plot: this.plotted,
      warnings: [],
      learnedLines: this.opts.learnedLines ?? null,
      blamedFirst: Object.fromEntries(this.blamedFirst),
      state,
      resumedAfter: this.opts.resume?.state.lines ?? null,
      time: this.timeFacts(),
    };
  }
}

export function roundedThresholds(t: Thresholds): Thresholds {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { value: r6(v.value), rule: v.rule }]));
}

/** A record's id, and its ISO time when the id is an epoch (seconds or ms). */
function withTime(r: SampleRecord, id: string): void {
  r.id = id;
  const iso = epochIso(id);
  if (iso !== undefined) r.time = iso;
}

/**
 * Marks the blamed values that were filled in. A window's value sits at data line
 * end − W + offset when its W lines are consecutive (a skipped line inside: none is marked).
 */
function markFilled(blame: Blame[], b: ScoredBatch, i: number, filled: FilledCells, windowRows?: number): void {
  for (const x of blame) {
    if (x.column === undefined) continue;
    let line = b.index[i]!;
    if (b.start && b.end) {
      const span = b.end[i]! - b.start[i]!;
      if (windowRows === undefined || span !== windowRows) continue;
      line = b.end[i]! - windowRows + (x.offset ?? 0); // offsets count in the longest window
    }
    if (filled.has(line, x.column)) x.filled = true;
  }
}
