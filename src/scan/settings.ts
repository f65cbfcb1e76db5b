// The settings a detector is fitted and thresholded with, named as the CLI's flags (camelCase),
// and their defaults — one definition, used by the library (Detector.fit) and by the CLI's
// option declarations alike, so both fit the same model from the same data and seed.
import type { ScalerKind } from '../data/scalers.js';
import { InvalidSettingError } from '../errors.js';
import type { ThresholdRequest, Tail } from '../detect/thresholds.js';
import type { OutputActivation, ScoreKind } from '../model/architecture.js';
import type { CenterChoice } from '../model/level.js';
import type { EnsembleChoice } from '../model/ensemble.js';
import type { ValidationRows } from '../model/validation.js';
import type { BackendName } from '../model/backend-settings.js';
import type { EpochLog, TrainingEstimate } from '../model/train-types.js';

/** Every default, once. The threshold rule's default is detect/thresholds.ts' DEFAULT_RULE. */
export const DEFAULTS = {
  epochs: 100,
  batchSize: 32,
  validationSplit: 0.25,
  validation: 'random' as ValidationRows,
  learningRate: 0.001,
  seed: 0,
  score: 'mse' as ScoreKind,
  scale: 'standard' as ScalerKind,
  outputActivation: 'sigmoid' as OutputActivation,
  windowScaling: 'position' as WindowScaling,
  center: 'none' as CenterChoice,
} as const;

/**
 * Windows: one scaler per window position and metric ('position'), or one per metric shared by
 * every position ('metric'; a window's shape is then kept, its level moves with the series).
 */
export const WINDOW_SCALINGS = ['position', 'metric'] as const;
export type WindowScaling = (typeof WINDOW_SCALINGS)[number];

/** How thresholds are chosen: at most one automatic rule, explicit values on top. */
export interface ThresholdSettings {
  /** Flag scores ≥ this (tail high). */
  threshold?: number;
  /** Flag scores ≤ this (tail low). */
  below?: number;
  /** Expected share of anomalies, in (0, 0.5]. */
  contamination?: number;
  /** Threshold at this percentile of training scores, in (0, 100]. */
  percentile?: number;
  /** Median ± sigma·σ of training scores (σ from the MAD). */
  sigma?: number;
  /** Which tail the automatic rule flags (default high). */
  tail?: Tail;
}

/** How a model is built and trained. Every field is optional; DEFAULTS fills the rest. */
export interface TrainSettings {
  /** Encoder widths; the decoder mirrors them (default: width/2, width/4, at most 256, 128). */
  layers?: number[];
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  validation?: ValidationRows;
  learningRate?: number;
  earlyStopping?: number;
  seed?: number;
  score?: ScoreKind;
  scale?: ScalerKind;
  outputActivation?: OutputActivation;
  windowScaling?: WindowScaling;
  /**
   * Train on at most this many samples, drawn at random (seeded) from all of them: a long file's
   * windows at stride 1 are mostly near-copies of their neighbours (decisions #61). Every sample
   * is still scored. Default: all.
   */
  maxWindows?: number;
  /**
   * Train for at most this many batches in all: the epochs are cut to fit (at least one). A
   * budget in steps, not epochs, keeps the learning time of a long or wide input bounded while a
   * short one still gets every epoch (decisions #67). Default: no cap.
   */
  maxSteps?: number;
  /**
   * Scored values beyond this many training sds are cut to it (Scaler.clip): one glitch counts as
   * a large error, not one that overflows and holds a long window's score up. Default: no cut (`ae watch`: 30).
   */
  clip?: number;
  /**
   * Train as a denoising autoencoder: Gaussian noise of this sd added to the inputs of every
   * step (seeded), the targets clean. In the scaled units the network trains on: training sds
   * (with windows of several lengths, each length's values carry the weight that makes the
   * lengths count alike, decisions #54). Default 0: none (measured in decisions #75).
   */
  inputNoise?: number;
  /**
   * Windows whose level (each window's per-metric mean) the network never sees: 'longest' (the
   * longest window; a shorter one beside it keeps the level), 'all', or 'none'. The network
   * learns shapes, so a level that wanders is not an anomaly wherever it goes (model/level.ts).
   * Default 'none' (`ae watch`: 'longest'; decisions #76).
   */
  center?: CenterChoice;
  /**
   * Windows: autoencoders per window length, each its own seed; a window's score is the mean of
   * their errors. 'auto': 3 when one of them trains every epoch within the batch budget (a small
   * learning part), else 1 (model/ensemble.ts). Default 1 (`ae watch`: 'auto'; decisions #81).
   */
  ensemble?: EnsembleChoice;
  /**
   * Windows: fuse a train discord into the score (model/discord.ts) — each window's distance to
   * its nearest learned window, shape against shape, beside the autoencoder's error; both as
   * robust z-scores against training. Default false (`ae watch`: true; decisions #84).
   */
  discord?: boolean;
}

/** Every training setting's name (what a trained bundle has already fixed). */
export const TRAIN_SETTING_NAMES = [
  'layers',
  'epochs',
  'batchSize',
  'validationSplit',
  'validation',
  'learningRate',
  'seed',
  'scale',
  'outputActivation',
  'score',
  'earlyStopping',
  'windowScaling',
  'maxWindows',
  'maxSteps',
  'clip',
  'inputNoise',
  'center',
  'ensemble',
  'discord',
] as const satisfies readonly (keyof TrainSettings)[];

type Optional = 'layers' | 'earlyStopping' | 'maxWindows' | 'maxSteps' | 'clip' | 'inputNoise' | 'ensemble' | 'discord';
export type FilledTrainSettings = Required<Omit<TrainSettings, Optional>> & Pick<TrainSettings, Optional>;

export function withDefaults(s: TrainSettings): FilledTrainSettings {
  const filled = { ...DEFAULTS } as FilledTrainSettings;
  for (const [k, v] of Object.entries(s)) if (v !== undefined) (filled as Record<string, unknown>)[k] = v;
  if (filled.earlyStopping && !(filled.validationSplit > 0)) {
    throw new InvalidSettingError('earlyStopping', 'needs validation rows (a validation split above 0)');
  }
  return filled;
}

/** The settings as the threshold module's request (two automatic rules at once are refused). */
export function thresholdRequestOf(s: ThresholdSettings): ThresholdRequest {
  const tail = s.tail ?? 'high';
  const given = (['contamination', 'percentile', 'sigma'] as const).filter((k) => s[k] !== undefined);
  if (given.length > 1) throw new InvalidSettingError(given[0]!, `cannot be combined with ${given[1]}`);
  const rule =
    s.contamination !== undefined
      ? ({ kind: 'contamination', fraction: s.contamination, tail } as const)
      : s.percentile !== undefined
        ? ({ kind: 'percentile', p: s.percentile, tail } as const)
        : s.sigma !== undefined
          ? ({ kind: 'sigma', k: s.sigma, tail } as const)
          : null;
  if (s.tail && !rule) throw new InvalidSettingError('tail', 'goes with a contamination, percentile or sigma rule');
  return { rule, high: s.threshold, low: s.below };
}

export interface DetectorOptions extends TrainSettings, ThresholdSettings {
  /** Store a rule that flags by likelihood ≥ this (scans with the detector apply it). */
  likelihood?: number;
  /** Values per row, for a flat (row-major) array of rows. */
  width?: number;
  /**
   * One long series: cut it into windows of this length (values is the series); several lengths,
   * [64, 32]: one autoencoder each; 'auto': the series' period and its half (data/period.ts).
   */
  window?: number | number[] | 'auto';
  /** Windows: the step between them (default: the window length). */
  stride?: number;
  /** Called after every epoch. */
  onEpoch?: (log: EpochLog) => void;
  /** Called once early in training: the time an epoch will take (train-types.ts). */
  onEstimate?: (e: TrainingEstimate) => void;
  /** Checked between epochs: true stops training after the current one. */
  shouldStop?: () => boolean;
  /** The backend to train on: default the one already loaded, else 'tensorflow' (native). */
  backend?: BackendName;
  /** Where ae's cache is (AE_CACHE_DIR, XDG_CACHE_HOME), for the native backend. Default ~/.cache/ae. */
  env?: Record<string, string | undefined>;
}
