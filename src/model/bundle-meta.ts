// ae.json: the versioned description of a bundle — what ae needs besides the network's weights
// to use a model again (input, preprocessing, training-score distribution, thresholds).
import type { Scaler } from '../data/scalers.js';
import type { ScoreDistribution } from '../detect/stats.js';
import type { Thresholds } from '../detect/thresholds.js';
import type { LikelihoodPrior } from '../detect/likelihood.js';
import type { Architecture, ScoreKind } from './architecture.js';
import type { RelativeScale } from './relative-score.js';
import type { DiscordMeta } from './discord.js';

export interface BundleMeta {
  format: 'ae-bundle';
  version: number;
  ae: string;
  createdAt: string;
  backend: string;
  tfjs: string;
  tensorflow: string | null;
  input: {
    kind: 'image' | 'rows' | 'windows';
    width: number;
    imageShape?: [number, number];
    /** CSV columns used (1-based numbers and names), for rows. */
    columns?: { number: number; name: string; categories?: string[]; counter?: boolean }[];
    header?: boolean;
    /** The time (id) column the training file had, by name: scans take it as their id. */
    time?: string;
    /** Empty cells filled at training (`--impute`): how, and the value per column (metric). */
    /** `linear` needs the file whole: a scan with the bundle (a stream) carries values forward. */
    impute?: { kind: 'median' | 'mean' | 'previous' | 'linear'; values: number[] };
    /** The training file's decimal mark, when it was ',' (scans of such files read it alike). */
    decimal?: ',';
    /** Fields per line of the training file (CSV), for matching columns by position. */
    fields?: number;
    /** `sizes`: several window lengths, longest first (`size` is the longest). */
    /** `gapStep`: times on a schedule of this step (ms); windows break at gaps (data/gaps.ts). */
    /** `auto`: the lengths were chosen by `--window auto` from this period (null: none found). */
    window?: {
      column: string;
      size: number;
      stride: number;
      sizes?: number[];
      gapStep?: number;
      auto?: { period: number | null };
      /** Windows whose level is taken out before the network (`--center`; bundle version 4). */
      center?: 'longest' | 'all';
      /**
       * Autoencoders per length (`--ensemble`; bundle version 6): `sizes` then holds each length
       * that many times, one member each (model/ensemble.ts). Absent: one.
       */
      ensemble?: number;
    };
  };
  architecture: Architecture;
  /** How samples are scored; absent in bundles from before the choice existed (= mse). */
  score?: ScoreKind;
  /** `score: relative`: each metric's training error (bundle version 3; model/relative-score.ts). */
  relative?: RelativeScale;
  preprocessing: { scaler: Scaler };
  training: Record<string, unknown> & { seed: number; epochs: number; interrupted: boolean };
  scores: ScoreDistribution;
  thresholds: Thresholds;
  /**
   * The likelihood's prior (the training scores' log mean and σ) and, when training asked for
   * one, the rule that flags by likelihood. Absent in bundles from before likelihoods.
   */
  likelihood?: { prior: LikelihoodPrior; threshold?: number };
  /**
   * The train discord beside the autoencoder (bundle version 7; model/discord.ts): the learned
   * windows compared with (in discord.bin) and the spreads that fuse the two scores.
   */
  discord?: DiscordMeta;
  /** A watch's refit (`--relearn`): which one, and the windows it was fitted on. */
  relearned?: { count: number; learned: number; recent: number };
}
