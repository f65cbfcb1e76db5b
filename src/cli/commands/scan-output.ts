// Collects scan results and emits them: NDJSON as rows are scored, or one JSON document (or a
// human summary on stderr) at the end; files for --out.
import { promises as fsp } from 'node:fs';
import type { ReaderInfo } from '../../data/parallel.js';
import type { Batch } from '../../data/batch.js';
import type { SampleSet } from '../../data/samples.js';
import type { Blame } from '../../model/explain.js';
import type { Evaluation } from '../../detect/evaluate.js';
import { classify, type Thresholds } from '../../detect/thresholds.js';
import type { Labels } from '../../data/labels.js';
import { csvCell, ndjsonLine, r6, skippedLine, type FlaggedItem, type Interval } from './scan-records.js';
import { describeEvaluation, evaluateLabels } from './scan-evaluation.js';
import type { StagedDir } from '../../io/atomic.js';
import { PlotSample } from '../../report/plot-sample.js';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { writeWithBackpressure } from '../io.js';
import { printJson } from '../output.js';

export class ScanCollector {
  flagged: FlaggedItem[] = [];
  counts = { scored: 0, high: 0, low: 0, flagged: 0, skipped: 0 };
  private thresholds: Thresholds = {};
  private model: Record<string, unknown> = {};
  private input: Record<string, unknown> = {};
  private scores: number[] = [];
  private indices: number[] = [];
  private tails: ('high' | 'low' | null)[] = [];
  private ids: string[] | null = null;
  private starts: number[] = [];
  private ends: number[] = [];
  readonly intervals: Interval[] = [];
  private metrics: Evaluation | null = null;
  /** What the plots draw (--out only). */
  private readonly plotted: PlotSample | null;

  constructor(
    private readonly ctx: Context,
    private readonly opts: { file: string; ndjson: boolean; keepScores: boolean; keepFlagged: boolean; plot?: boolean },
  ) {
    this.plotted = opts.plot ? new PlotSample() : null;
  }

  get flaggedCount(): number {
    return this.counts.flagged;
  }

  begin(thresholds: Thresholds, model: Record<string, unknown>): void {
    this.thresholds = thresholds;
    this.model = model;
  }

  /**
   * Adds a scored batch. `explain`, given positions of flagged rows in the batch, returns why
   * each was flagged (--explain); it runs once per batch, only when something was flagged.
   * `raw` holds the batch's values before scaling (for the plots; the batch's own by default).
   */
  async add(
    b: Pick<
      Batch,
      'count' | 'width' | 'values' | 'index' | 'start' | 'end' | 'ids' | 'startIds' | 'endIds' | 'skipped'
    >,
    scores: Float32Array,
    explain?: (rows: number[]) => Blame[][],
    raw: Float32Array = b.values,
  ): Promise<void> {
    let lines = '';
    const skipped = this.opts.ndjson && b.skipped && !b.start ? b.skipped : [];
    const why = explain ? this.explanations(b.count, scores, explain) : null;
    let next = 0; // the next skipped line to interleave, so records stay in line order
    for (let i = 0; i < b.count; i++) {
      const item = this.item(b, i, scores[i]!);
      const blame = why?.get(i);
      if (blame) item.explain = blame;
      const tail = classify(scores[i]!, this.thresholds);
      for (; next < skipped.length && skipped[next]!.index < item.index; next++) lines += skippedLine(skipped[next]!);
      this.count(item, tail, scores[i]!);
      if (this.plotted) this.plot(item, tail, raw.subarray(i * b.width, (i + 1) * b.width));
      if (this.opts.ndjson) lines += ndjsonLine(item, tail);
    }
    for (; next < skipped.length; next++) lines += skippedLine(skipped[next]!);
    if (lines) await writeWithBackpressure(this.ctx.io.stdout, lines);
  }

  private plot(item: FlaggedItem, tail: 'high' | 'low' | null, values: Float32Array): void {
    if (item.start === undefined) return this.plotted!.addRow(item.index, values, tail);
    const ids = item.startId !== undefined ? { start: item.startId, end: item.endId! } : undefined;
    this.plotted!.addWindow(item.start, item.end!, values, ids);
  }

  private explanations(count: number, scores: Float32Array, explain: (rows: number[]) => Blame[][]) {
    const rows: number[] = [];
    for (let i = 0; i < count; i++) if (classify(scores[i]!, this.thresholds)) rows.push(i);
    const blames = explain(rows);
    return new Map(rows.map((r, k) => [r, blames[k]!]));
  }

  private item(b: Parameters<ScanCollector['add']>[0], i: number, score: number): FlaggedItem {
    const item: FlaggedItem = { index: b.index[i]!, score: r6(score), tail: 'high' };
    if (b.ids) item.id = b.ids[i]!;
    if (b.start) {
      item.start = b.start[i]!;
      item.end = b.end![i]!;
      if (b.startIds) {
        item.startId = b.startIds[i]!;
        item.endId = b.endIds![i]!;
      }
    }
    return item;
  }

  private count(item: FlaggedItem, tail: 'high' | 'low' | null, score: number): void {
    this.counts.scored++;
    if (tail) {
      item.tail = tail;
      this.counts[tail]++;
      this.counts.flagged++;
      // NDJSON alone streams everything; keeping the list would grow with the file.
      if (this.opts.keepFlagged) this.flagged.push(item);
      if (item.start !== undefined) this.extendIntervals(item, tail);
    }
    if (this.opts.keepScores) {
      this.scores.push(score);
      this.indices.push(item.index);
      this.tails.push(tail);
      if (item.id !== undefined) (this.ids ??= []).push(item.id);
      if (item.start !== undefined) {
        this.starts.push(item.start);
        this.ends.push(item.end!);
      }
    }
  }

  /** Windows arrive in order, so an interval is extended or a new one opened. */
  private extendIntervals(w: FlaggedItem, tail: 'high' | 'low'): void {
    const open = this.intervals.at(-1);
    if (open && open.tail === tail && w.start! <= open.end) {
      open.end = Math.max(open.end, w.end!);
      if (w.endId !== undefined) open.endId = w.endId;
      open.maxScore = Math.max(open.maxScore, w.score);
      open.minScore = Math.min(open.minScore, w.score);
      open.windows++;
      return;
    }
    const iv: Interval = { start: w.start!, end: w.end!, tail, maxScore: w.score, minScore: w.score, windows: 1 };
    if (w.startId !== undefined) Object.assign(iv, { startId: w.startId, endId: w.endId });
    this.intervals.push(iv);
  }

  finishInput(reader: ReaderInfo): void {
    this.counts.skipped = reader.skipped.length;
    this.input = {
      file: this.opts.file,
      columns: reader.columns.length,
      header: reader.header !== null,
      skipped: reader.skipped.map((s) => s.index),
      ...(reader.idColumn ? { id: reader.idColumn.name } : {}),
      ...(reader.matchedBy ? { columnsMatchedBy: reader.matchedBy } : {}),
    };
  }

  finishSamples(s: SampleSet): void {
    this.counts.skipped = s.skipped.length;
    this.input = {
      file: this.opts.file,
      columns: s.width,
      header: s.header,
      skipped: s.skipped.map((k) => k.index),
      ...(s.idColumn ? { id: s.idColumn.name } : {}),
    };
  }

  /** Scores the run against known labels (needs keepScores). */
  evaluate(labels: Labels, labelFile: string): Evaluation {
    const targets = this.starts.length
      ? { index: this.indices, start: this.starts, end: this.ends }
      : { index: this.indices, ids: this.ids };
    this.metrics = evaluateLabels(labels, labelFile, targets, this.scores, this.thresholds);
    return this.metrics;
  }

  /** Intervals are for windows; rows are their own records. */
  private windowed(): boolean {
    return this.intervals.length > 0 || this.flagged.some((f) => f.start !== undefined);
  }

  document() {
    return {
      version: OUTPUT_FORMAT_VERSION,
      input: this.input,
      model: this.model,
      thresholds: this.roundedThresholds(),
      counts: this.counts,
      flagged: this.flagged,
      ...(this.windowed() ? { intervals: this.intervals } : {}),
      ...(this.metrics ? { metrics: this.metrics } : {}),
    };
  }

  /** The document without its flagged list (flagged.json holds that): a run folder's record. */
  summary(): Record<string, unknown> {
    const {
      flagged: _flagged,
      intervals: _intervals,
      ...rest
    } = this.document() as ReturnType<ScanCollector['document']> & { intervals?: unknown };
    return rest;
  }

  private roundedThresholds() {
    return Object.fromEntries(
      Object.entries(this.thresholds).map(([k, t]) => [k, { value: r6(t.value), rule: t.rule }]),
    );
  }

  print(json: boolean): void {
    if (json) return printJson(this.ctx.io, this.document());
    if (this.opts.ndjson) {
      if (this.metrics) this.ctx.log.info(describeEvaluation(this.metrics));
      return;
    }
    const t = this.thresholds;
    const c = this.ctx.log.chalk;
    this.ctx.log.info(
      `ae: scored ${this.counts.scored} sample(s): ${c.red(`${this.counts.high} high`)}` +
        (t.high ? ` (score ≥ ${r6(t.high.value)}, ${t.high.rule})` : '') +
        `, ${c.cyan(`${this.counts.low} low`)}` +
        (t.low ? ` (score ≤ ${r6(t.low.value)}, ${t.low.rule})` : '') +
        (this.counts.skipped ? `, ${this.counts.skipped} skipped` : ''),
    );
    if (this.intervals.length) this.printIntervals();
    if (this.metrics) this.ctx.log.info(describeEvaluation(this.metrics));
  }

  private printIntervals(): void {
    const shown = this.intervals.slice(0, 5);
    const span = (iv: Interval) =>
      iv.startId !== undefined ? `${iv.startId} … ${iv.endId}` : `rows ${iv.start}–${iv.end - 1}`;
    this.ctx.log.info(`ae: ${this.intervals.length} flagged interval(s) of overlapping windows:`);
    for (const iv of shown) {
      this.ctx.log.info(`  ${span(iv)}  (${iv.windows} window(s), ${iv.tail}, max score ${iv.maxScore})`);
    }
    if (this.intervals.length > shown.length)
      this.ctx.log.info(`  … and ${this.intervals.length - shown.length} more (--json has all)`);
  }

  /** scores.csv, flagged.json, metrics.json, the histogram and the series plot. */
  async writeFiles(dir: StagedDir): Promise<void> {
    const ids = this.ids;
    const rows = this.scores.map(
      (s, i) =>
        `${this.indices[i]}${ids ? `,${csvCell(ids[i]!)}` : ''},${r6(s)},${this.tails[i] ? 1 : 0},${this.tails[i] ?? ''}`,
    );
    const head = ids ? 'index,id,score,flagged,tail' : 'index,score,flagged,tail';
    await fsp.writeFile(dir.file('scores.csv'), head + '\n' + rows.join('\n') + '\n');
    await fsp.writeFile(
      dir.file('flagged.json'),
      JSON.stringify(
        {
          version: OUTPUT_FORMAT_VERSION,
          thresholds: this.roundedThresholds(),
          flagged: this.flagged,
          ...(this.windowed() ? { intervals: this.intervals } : {}),
        },
        null,
        2,
      ) + '\n',
    );
    if (this.metrics) {
      const doc = { version: OUTPUT_FORMAT_VERSION, ...this.metrics };
      await fsp.writeFile(dir.file('metrics.json'), JSON.stringify(doc, null, 2) + '\n');
    }
    const { writeScanPlots } = await import('../../report/scan-plots.js');
    await writeScanPlots(dir.path, {
      scores: this.scores,
      thresholds: this.thresholds,
      flagged: this.flagged,
      ...(this.plotted ? { sample: this.plotted } : {}),
    });
  }
}
