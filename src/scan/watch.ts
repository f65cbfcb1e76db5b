// `ae watch`: monitoring with the best recipe ae has measured as its defaults, so that a user
// types the file and nothing else. A watch is a scan plan — windows over every metric, a record
// per row, linear output, flagging by likelihood at Numenta's red level, one alarm per incident,
// the range rule — learned from the first part of the input (NAB's probationary rule for a
// file), with the blame of each flagged row (the metrics it names). The recipe and its
// measurements: README "Monitoring", docs/decisions.md #55.
import { UsageError } from '../errors.js';
import type { SampleSpec } from '../data/samples.js';
import type { ScoreKind } from '../model/architecture.js';
import type { CenterChoice } from '../model/level.js';
import type { EnsembleChoice } from '../model/ensemble.js';
export { SCORES } from '../model/architecture.js';
export { CENTER_CHOICES } from '../model/level.js';
import { windowSizeFields } from '../data/window-lengths.js';
import type { ScanPlan } from './plan.js';
import type { LearnPart } from './fit-file.js';
import type { ScanRules } from './rules.js';

/** Every default of a watch, once (the CLI's help prints them from here). */
export const WATCH_DEFAULTS = {
  /**
   * Two window lengths, one autoencoder each (decisions #54): the period of the rows learned
   * from and its half, within 16–256 rows (data/period.ts, decisions #71).
   */
  window: 'auto' as number[] | 'auto',
  /**
   * Scored values are cut to ±30 training sds: a glitch (1e30, whose squared error would overflow
   * float32 and leave every window holding it unscored and flagged for the window's length) is a
   * large, finite error, which the likelihood's clipped history shrugs off (decisions #71).
   */
  clip: 30,
  /**
   * Each metric's error over its own error in training, combined (model/relative-score.ts): a
   * metric the network always reconstructs badly no longer speaks loudest, and `--explain`
   * names the metrics worse than they used to be. One metric: the MSE, rescaled (decisions #72).
   */
  score: 'relative' as ScoreKind,
  /**
   * Learning is plain, not denoising (`--input-noise SD` to denoise): noise of 0.1 gained UCR a
   * series and lost NAB 0.3 on four seeds' mean (decisions #75).
   */
  inputNoise: 0,
  /**
   * The longest window is read without its level, its shorter partner with it: the long one
   * learns the cycle's shape wherever the level wanders, the short one still sees a level
   * shift (decisions #76).
   */
  center: 'longest' as CenterChoice,
  /**
   * Three autoencoders per window length, each its own seed, when the rows learned from are few
   * (one trains every epoch within the budget): NAB's 42 files scored 67.40 / 66.55 on seeds
   * 0 / 1 against one model's 66.95 / 63.85. A larger part keeps one (decisions #81).
   */
  ensemble: 'auto' as EnsembleChoice,
  /**
   * A train discord beside the autoencoder: each window's distance to its nearest learned window,
   * shape against shape, fused with the autoencoder's error (model/discord.ts). UCR's top-1 rose
   * from 55 / 54 to 58 / 56 of 73 on seeds 0 / 1, NAB's mean of four seeds from 66.39 to 67.37;
   * ASD and SMD stayed level (decisions #83, #84).
   */
  discord: true,
  /** Numenta's red level: a tail probability of 1e-5. */
  likelihood: 0.99999,
  /**
   * Scores averaged into the likelihood's short-term mean: 20, where Numenta's (and `ae scan`'s)
   * is 10. A window's score moves row by row with the few newest values; averaging twice as many
   * rows raised NAB on each of four seeds (mean 65.10 → 65.92); 15 scored alike, 30 and 40 lower
   * (decisions #79). A saved watch goes on with the number it was saved with.
   */
  likelihoodWindow: 20,
  /** A value beyond everything seen by 5 % of the range is flagged (Numenta's spatial rule). */
  rangeMargin: 0.05,
  /** Flagged rows at most the short window's length apart are one incident (decisions #57). */
  gap: 32,
  /**
   * A change that keeps the scores above the likelihood's clip for this many rows (two long
   * windows) is the new normal: a deploy that lifts a level for good is one incident, not a day
   * of them (decisions #69).
   */
  adopt: 128,
  /** A Prometheus query returning more series than this is refused (each is a model). */
  maxSeries: 20,
  /** Rows after an incident in which no new one starts. */
  cooldown: 0,
  /** An incident holds while the likelihood stays at least this (1 in 100 unusual). */
  hold: 0.99,
  /** The metrics a flagged row blames. */
  explain: 3,
  /** Missing cells: the metric's last value (the median before any). */
  impute: 'previous' as const,
  /**
   * Learning takes at most this many batches (epochs are cut to fit; --epochs sets them
   * instead): NAB's 750 learning rows get all 100 epochs, 30 days of 5-minute rows ~20
   * (decisions #67).
   */
  maxSteps: 4000,
  /** A file: NAB's probationary part, min(15 %, 750 rows). */
  learn: { percent: 15, atMost: 750 } as LearnPart,
  /** A stream has no length to take a share of: its first 750 rows. */
  streamLearn: { rows: 750 } as LearnPart,
} as const;

export interface WatchSettings {
  /** A CSV path, or '-' for a stream. */
  file: string;
  /** A saved watch (its bundle): nothing is learned. */
  model?: string;
  /** Refit after learning on the rows judged normal (relearn.ts); a saved watch's state says so. */
  relearn?: boolean;
  /** The metrics (default: every numeric column but the time column). */
  columns?: string;
  /** The time (id) column (default: the one found). */
  id?: string;
  learn?: LearnPart;
  window?: number[] | 'auto';
  likelihood?: number;
  /** Scores averaged into the likelihood's short-term mean. */
  likelihoodWindow?: number;
  /** The range rule's margin; null turns the rule off. */
  rangeMargin?: number | null;
  gap?: number;
  cooldown?: number;
  /** Rows a change must last to become the new normal; 0: never (the clip's slow climb only). */
  adopt?: number;
  /** The level an open incident holds at; null: none (it ends `gap` rows after its last flagged). */
  hold?: number | null;
  explain?: number;
  seed?: number;
  epochs?: number;
  /** Scored values cut to ±clip training sds; null: no cut. */
  clip?: number | null;
  /** Training inputs' Gaussian noise, in training sds; 0: none. */
  inputNoise?: number;
  /** Windows read without their level (model/level.ts). */
  center?: CenterChoice;
  /** Autoencoders per window length (model/ensemble.ts). */
  ensemble?: EnsembleChoice;
  /** The train discord fused into the score (model/discord.ts). */
  discord?: boolean;
  score?: ScoreKind;
  skipInvalid?: boolean;
  impute?: SampleSpec['impute'];
  counters?: SampleSpec['counters'];
  saveTo?: string;
  keep: ScanPlan['keep'];
}

/**
 * The rows a series needs to learn from: two of its longest windows; with `auto`, whose length
 * is known only once learned, two of 64 rows (the period of a 5-minute series with a few hours'
 * cycle; a shorter history would learn windows too short to hold a shape).
 */
export function stepsToLearn(window: number[] | 'auto'): number {
  return 2 * (window === 'auto' ? 64 : Math.max(...window));
}

/** The watch as the scan plan it is. */
export function watchPlan(s: WatchSettings): ScanPlan {
  if (s.model && s.learn) throw new UsageError('--learn fits a model: it cannot go with --model');
  if (s.model && s.window) throw new UsageError('--window shapes a new model: the saved one has its own');
  if (s.model && s.clip !== undefined) throw new UsageError('--clip is stored with a model: the saved one has its own');
  if (s.model && s.score) throw new UsageError('--score is stored with a model: the saved one has its own');
  if (s.model && s.inputNoise !== undefined)
    throw new UsageError('--input-noise shapes a new model: the saved one has its own');
  if (s.model && s.center !== undefined) throw new UsageError('--center shapes a new model: the saved one has its own');
  if (s.model && s.ensemble !== undefined)
    throw new UsageError('--ensemble shapes a new model: the saved one has its own');
  if (s.model && s.discord !== undefined)
    throw new UsageError('--no-discord shapes a new model: the saved one has its own');
  const rules: ScanRules = {
    perRow: true,
    likelihood: s.likelihood ?? WATCH_DEFAULTS.likelihood,
    likelihoodWindow: s.likelihoodWindow ?? WATCH_DEFAULTS.likelihoodWindow,
    gap: s.gap ?? WATCH_DEFAULTS.gap,
    cooldown: s.cooldown ?? WATCH_DEFAULTS.cooldown,
    likelihoodAdopt: s.adopt ?? WATCH_DEFAULTS.adopt,
    ...(s.hold !== null ? { hold: s.hold ?? WATCH_DEFAULTS.hold } : {}),
    ...(s.rangeMargin !== null ? { rangeMargin: s.rangeMargin ?? WATCH_DEFAULTS.rangeMargin } : {}),
  };
  const read: SampleSpec = {
    header: 'auto',
    skipInvalid: s.skipInvalid === true,
    id: s.id,
    // A scrape gap's empty cell must not stop a watch: the last value carries forward.
    ...(s.model ? {} : { impute: s.impute ?? WATCH_DEFAULTS.impute }),
    ...(s.counters ? { counters: s.counters } : {}),
    window: {
      ...(s.columns !== undefined ? { column: s.columns } : {}),
      ...(s.model ? {} : { ...windowSizeFields(s.window ?? WATCH_DEFAULTS.window), stride: 1 }),
    },
  };
  return {
    file: s.file,
    read,
    thresholds: {},
    ...(s.model
      ? { model: s.model }
      : {
          fit: {
            outputActivation: 'linear',
            score: s.score ?? WATCH_DEFAULTS.score,
            ...(s.clip !== null ? { clip: s.clip ?? WATCH_DEFAULTS.clip } : {}),
            ...((s.inputNoise ?? WATCH_DEFAULTS.inputNoise) > 0
              ? { inputNoise: s.inputNoise ?? WATCH_DEFAULTS.inputNoise }
              : {}),
            center: s.center ?? WATCH_DEFAULTS.center,
            ensemble: s.ensemble ?? WATCH_DEFAULTS.ensemble,
            discord: s.discord ?? WATCH_DEFAULTS.discord,
            ...(s.seed !== undefined ? { seed: s.seed } : {}),
            ...(s.epochs !== undefined ? { epochs: s.epochs } : { maxSteps: WATCH_DEFAULTS.maxSteps }),
          },
          trainFirst: s.learn ?? (s.file === '-' ? WATCH_DEFAULTS.streamLearn : WATCH_DEFAULTS.learn),
        }),
    ...(s.saveTo ? { saveTo: s.saveTo } : {}),
    ...(s.relearn ? { relearn: {} } : {}),
    // A grouped watch resumed from a saved one learns a group it has no model for.
    ...(s.model ? { learnPlan: watchPlan({ ...s, model: undefined }) } : {}),
    explain: s.explain ?? WATCH_DEFAULTS.explain,
    rules,
    keep: s.keep,
  };
}

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/** `--learn 750`, `15%` or a span of time: `90m`, `36h`, `2d`, `1w`. */
export function parseLearn(text: string): LearnPart {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%|s|m|h|d|w)?\s*$/.exec(text);
  if (!m)
    throw new UsageError(
      `--learn takes a row count, a percentage or a span of time (750, 15%, 2d, 36h), not ${JSON.stringify(text)}`,
    );
  const n = Number(m[1]);
  if (!m[2]) return { rows: n };
  if (m[2] === '%') return { percent: n };
  return { duration: n * UNITS[m[2]]! };
}
