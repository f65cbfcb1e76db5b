// What a training run takes and gives back, shared by the graph trainer and the eager one.
import type { LossName } from './architecture.js';
import type { ValidationRows } from './validation.js';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Fraction of rows held out for validation. */
  validationSplit: number;
  /**
   * Which rows: 'random', a seeded sample (so a time series' end is learned like the rest), or
   * 'last', as Keras does. Default 'last' here; commands that fit a CSV ask for 'random'.
   */
  validation?: ValidationRows;
  learningRate: number;
  seed: number;
  loss: LossName;
  /** Called after every epoch. */
  onEpoch?: (log: EpochLog) => void;
  /** Called once, early in the first epoch: how long an epoch will take (measured on its first batches). */
  onEstimate?: (e: TrainingEstimate) => void;
  /** Checked between epochs; true stops training after the current epoch. */
  shouldStop?: () => boolean;
  /**
   * Stop when the validation loss has not improved for this many epochs, and keep the best
   * epoch's weights (Keras's EarlyStopping(restore_best_weights=True)). Needs validation rows.
   */
  earlyStopping?: number;
  /**
   * A denoising autoencoder (Vincent et al. 2008): each training step's inputs get Gaussian
   * noise of this sd, in the units the network trains on; the targets stay clean. Seeded by
   * `seed`, drawn anew at every step. Default 0: none.
   */
  inputNoise?: number;
}

export interface TrainingEstimate {
  secondsPerEpoch: number;
  epochs: number;
  /** The batches timed. */
  batches: number;
}

export interface EpochLog {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  seconds: number;
}

export interface TrainResult {
  epochs: number;
  seconds: number;
  secondsPerEpoch: number;
  loss: number[];
  valLoss: number[];
  interrupted: boolean;
  /** With early stopping: the epoch whose weights were kept, and whether patience ran out. */
  bestEpoch?: number;
  stoppedEarly?: boolean;
  /**
   * MSE losses: the loss of predicting every column's mean (in the scaled units the model saw),
   * the baseline a model that learned anything beats (1 for standard-scaled columns).
   */
  meanLoss?: number;
  /** Several window lengths: each member's inputs, seed, epochs and last losses (curves: member 0's). */
  members?: { inputs: number; seed: number; epochs: number; loss: number | null; valLoss: number | null }[];
}
