// Collects scan results and emits them: NDJSON as rows are scored, or one JSON document (or a
// human summary on stderr) at the end; files for --out.
import { promises as fsp } from 'node:fs';
import type { ReaderInfo } from '../../data/parallel.js';
import type { Batch } from '../../data/batch.js';
import type { SampleSet } from '../../data/samples.js';
import { classify, type Thresholds } from '../../detect/thresholds.js';
import type { StagedDir } from '../../io/atomic.js';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { writeWithBackpressure } from '../io.js';
import { printJson } from '../output.js';

export interface FlaggedItem {
  index: number;
  score: number;
  tail: 'high' | 'low';
  start?: number;
  end?: number;
}

const r6 = (v: number) => Number(v.toPrecision(6));

/**
 * One NDJSON record, written out by hand: this runs once per row of files of any size, and
 * JSON.stringify of a fresh object per row made the heap climb with the file (more garbage
 * surviving into the old generation). Numbers print as JSON.stringify prints them.
 */
export function ndjsonLine(item: FlaggedItem, tail: 'high' | 'low' | null): string {
  const span = item.start !== undefined ? `,"start":${item.start},"end":${item.end}` : '';
  const flag = tail ? `true,"tail":"${tail}"` : 'false';
  return `{"index":${item.index},"score":${item.score}${span},"flagged":${flag}}\n`;
}

export class ScanCollector {
  flagged: FlaggedItem[] = [];
  counts = { scored: 0, high: 0, low: 0, flagged: 0, skipped: 0 };
  private thresholds: Thresholds = {};
  private model: Record<string, unknown> = {};
  private input: Record<string, unknown> = {};
  private scores: number[] = [];
  private indices: number[] = [];
  private tails: ('high' | 'low' | null)[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly opts: { file: string; ndjson: boolean; keepScores: boolean; keepFlagged: boolean },
  ) {}

  get flaggedCount(): number {
    return this.counts.flagged;
  }

  begin(thresholds: Thresholds, model: Record<string, unknown>): void {
    this.thresholds = thresholds;
    this.model = model;
  }

  async add(b: Pick<Batch, 'count' | 'index' | 'start' | 'end'>, scores: Float32Array): Promise<void> {
    let lines = '';
    for (let i = 0; i < b.count; i++) {
      const score = scores[i]!;
      const tail = classify(score, this.thresholds);
      const item: FlaggedItem = { index: b.index[i]!, score: r6(score), tail: tail ?? 'high' };
      if (b.start) {
        item.start = b.start[i]!;
        item.end = b.end![i]!;
      }
      this.counts.scored++;
      if (tail) {
        this.counts[tail]++;
        this.counts.flagged++;
        // NDJSON alone streams everything; keeping the list would grow with the file.
        if (this.opts.keepFlagged) this.flagged.push(item);
      }
      if (this.opts.keepScores) {
        this.scores.push(score);
        this.indices.push(item.index);
        this.tails.push(tail);
      }
      if (this.opts.ndjson) lines += ndjsonLine(item, tail);
    }
    if (lines) await writeWithBackpressure(this.ctx.io.stdout, lines);
  }

  finishInput(reader: ReaderInfo): void {
    this.counts.skipped = reader.skipped.length;
    this.input = {
      file: this.opts.file,
      columns: reader.columns.length,
      header: reader.header !== null,
      skipped: reader.skipped.map((s) => s.index),
    };
  }

  finishSamples(s: SampleSet): void {
    this.counts.skipped = s.skipped.length;
    this.input = { file: this.opts.file, columns: s.width, header: s.header, skipped: s.skipped.map((k) => k.index) };
  }

  document() {
    return {
      version: OUTPUT_FORMAT_VERSION,
      input: this.input,
      model: this.model,
      thresholds: this.roundedThresholds(),
      counts: this.counts,
      flagged: this.flagged,
    };
  }

  private roundedThresholds() {
    return Object.fromEntries(
      Object.entries(this.thresholds).map(([k, t]) => [k, { value: r6(t.value), rule: t.rule }]),
    );
  }

  print(json: boolean): void {
    if (json) return printJson(this.ctx.io, this.document());
    if (this.opts.ndjson) return;
    const t = this.thresholds;
    const c = this.ctx.log.chalk;
    this.ctx.log.info(
      `ae: scored ${this.counts.scored} sample(s): ${c.red(`${this.counts.high} high`)}` +
        (t.high ? ` (score ≥ ${r6(t.high.value)}, ${t.high.rule})` : '') +
        `, ${c.cyan(`${this.counts.low} low`)}` +
        (t.low ? ` (score ≤ ${r6(t.low.value)}, ${t.low.rule})` : '') +
        (this.counts.skipped ? `, ${this.counts.skipped} skipped` : ''),
    );
  }

  /** scores.csv, flagged.json and the histogram (plus series plots when values are given). */
  async writeFiles(
    dir: StagedDir,
    values?: Float32Array,
    windows?: { start: Int32Array; end: Int32Array },
  ): Promise<void> {
    const rows = this.scores.map(
      (s, i) => `${this.indices[i]},${r6(s)},${this.tails[i] ? 1 : 0},${this.tails[i] ?? ''}`,
    );
    await fsp.writeFile(dir.file('scores.csv'), 'index,score,flagged,tail\n' + rows.join('\n') + '\n');
    await fsp.writeFile(
      dir.file('flagged.json'),
      JSON.stringify(
        { version: OUTPUT_FORMAT_VERSION, thresholds: this.roundedThresholds(), flagged: this.flagged },
        null,
        2,
      ) + '\n',
    );
    const { writeScanPlots } = await import('../../report/scan-plots.js');
    await writeScanPlots(dir.path, {
      scores: this.scores,
      thresholds: this.thresholds,
      values,
      flagged: this.flagged,
      windows,
    });
  }
}
