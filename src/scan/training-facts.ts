// What fitting leaves beside a detector's bundle files.
import type * as tf from '@tensorflow/tfjs';
import type { TrainResult } from '../model/train-types.js';
import type { DiscordReference } from '../model/discord.js';

/** What fitting leaves beside the detector: the training run and the training rows' scores. */
export interface TrainingFacts {
  training: TrainResult;
  /** The training samples' scores, from the trained network itself (fused with the discord's, with one). */
  trainScores: Float32Array;
  /** The trained tfjs model (disposed with the detector). */
  model: tf.LayersModel;
  /** The train discord fitted, with where its windows began in the series fitted on. */
  discord?: DiscordReference;
}
