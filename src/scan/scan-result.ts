// What a scan hands back and what it is told: the result (`ae scan --json` less its version),
// its counts, the scores kept for files and label metrics, and the collector's options and
// state. Types and one constant only: commands and the library read them without the collector.
import type { Evaluation } from '../detect/evaluate.js';
import type { Thresholds } from '../detect/thresholds.js';
import type { Incident, IncidentSettings } from '../detect/incidents.js';
import type { LikelihoodPrior, LikelihoodSettings } from '../detect/likelihood.js';
import type { FilledCells } from '../data/filled.js';
import type { PlotSample } from './plot-sample.js';
import type { RulesState } from './stream-rules.js';
import type { TimeFacts } from './time-order.js';
import type { FlaggedItem, FlagTail, Interval, ScanRecord } from './records.js';

/** Intervals and incidents listed when the caller keeps no flagged records (a summary's worth). */
export const SUMMARY_ITEMS = 5;

/** Receives each batch's records as they are made; a promise it returns is awaited (back-pressure). */
export type RecordSink = (records: ScanRecord[]) => void | Promise<void>;

export interface CollectOptions {
  /** Cells filled in (filled.ts): blamed values among them are marked `filled`. */
  filled?: FilledCells;
  /** Windows: rows per (longest) window, to find the data line of a blamed value. */
  windowRows?: number;
  /** Keep every score (for scores.csv, label metrics, the histogram). */
  keepScores?: boolean;
  /** Keep every flagged record (for a JSON document; NDJSON alone streams them). */
  keepFlagged?: boolean;
  /** Keep what the plots draw (PlotSample). */
  plot?: boolean;
  onRecords?: RecordSink;
  /** Windows as a record per row: each window's record is the row it ends at (docs/formats.md). */
  perRow?: boolean;
  /** The likelihood's settings and prior (null: records carry no likelihood). */
  likelihood?: { settings: LikelihoodSettings; prior: LikelihoodPrior | null } | null;
  /** Flag by likelihood ≥ this instead of by the score thresholds. */
  likelihoodThreshold?: number;
  incidents?: IncidentSettings;
  /** Flag a value outside everything seen so far by more than this share of its range. */
  rangeMargin?: number;
  /** Windows: the metrics (columns) per data line, for the plots. */
  metrics?: number;
  /** Data lines of the part a model learned from first: the range rule learns them, flags none. */
  learnedLines?: number;
  /**
   * Going on from an earlier stream (a watch resumed, or a live watch past its learning): the
   * rules' state, and how many lines the input repeats from before to fill the first window
   * (their records were made then: they are not made again). Records are numbered on from the
   * earlier stream's lines.
   */
  resume?: { state: CollectorState; contextLines: number };
}

/** Where a stream's rules stand when it ends, as plain JSON (docs/formats: watch-state.json). */
export interface CollectorState extends RulesState {
  /** The data lines the stream has had (the next line's index). */
  lines: number;
  counts: ScanCounts;
}

export interface ScanCounts {
  scored: number;
  high: number;
  low: number;
  flagged: number;
  skipped: number;
  /** A record per row: rows before the first full window (score null). */
  unscored?: number;
  incidents?: number;
  /** With the range rule: records flagged by it. */
  outOfRange?: number;
}

/** What a scan found (what `ae scan --json` prints, less its version). */
export interface ScanResult {
  input: Record<string, unknown>;
  model: Record<string, unknown>;
  /** As applied (roundedThresholds gives them as printed: 6 significant digits). */
  thresholds: Thresholds;
  counts: ScanCounts;
  /** Flagged samples, in order (with keepFlagged). */
  flagged: FlaggedItem[];
  /** Merged flagged windows (windows only); without keepFlagged, the first SUMMARY_ITEMS. */
  intervals: Interval[];
  /** How many intervals there were in all. */
  intervalCount: number;
  /** Whether the samples were windows or rows of a series (intervals apply). */
  windowed: boolean;
  /** Flagged records no more than `gap` apart, merged (with incident settings). */
  incidents: Incident[];
  /** The likelihood rule, when records were flagged by likelihood. */
  likelihoodThreshold: number | null;
  metrics: Evaluation | null;
  /** Every score with its index, tail and id (with keepScores). */
  kept: KeptScores | null;
  /** The data the plots draw (with plot). */
  plot: PlotSample | null;
  /** What looks wrong about the result (flag-share.ts), also said on the caller's notes. */
  warnings: string[];
  /** Data lines of the first part the model learned from (0 .. learnedLines − 1), if any. */
  learnedLines: number | null;
  /** With explain: how many flagged records blame each column most. */
  blamedFirst: Record<string, number>;
  /** Where the rules stand at the end: a later stream can go on from here (resume). */
  state: CollectorState;
  /** Resumed: the data lines the earlier stream had (counts include them), else null. */
  resumedAfter: number | null;
  /** What the ids said as times: the step, gaps, rows out of order (time-order.ts). */
  time: TimeFacts | null;
}

export interface KeptScores {
  score: Float64Array;
  index: Int32Array;
  tail: (FlagTail | null)[];
  id: string[] | null;
}
