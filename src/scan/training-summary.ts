// The training run as outputs report it (losses to 6 significant digits, seconds rounded), and
// what is wrong with it; no TensorFlow needed to read it.
import { roundScore } from '../detect/precision.js';
import type { TrainResult } from '../model/train-types.js';

/** The training run as outputs report it. */
export function trainingSummary(t: TrainResult) {
  const warnings = trainingWarnings(t);
  return {
    epochs: t.epochs,
    seconds: round(t.seconds, 3),
    secondsPerEpoch: round(t.secondsPerEpoch, 4),
    loss: rounded(t.loss.at(-1)),
    valLoss: rounded(t.valLoss.at(-1)),
    ...(t.meanLoss !== undefined ? { meanLoss: roundScore(t.meanLoss) } : {}),
    interrupted: t.interrupted,
    ...(t.bestEpoch !== undefined ? { bestEpoch: t.bestEpoch, stoppedEarly: t.stoppedEarly === true } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}

/**
 * A model that reconstructs no better than the column means has learned nothing: its scores
 * rank samples by their distance from the mean at best. Judged on the validation loss (the
 * training loss without validation rows), against the means' loss.
 */
export function trainingWarnings(t: TrainResult): string[] {
  const loss = t.valLoss.at(-1) ?? t.loss.at(-1);
  // Constant columns: the means are exact (loss 0); score-warnings.ts says what is wrong then.
  if (t.meanLoss === undefined || loss === undefined || !(t.meanLoss > 1e-12) || !(loss >= t.meanLoss)) return [];
  const which = t.valLoss.length ? 'validation loss' : 'loss';
  return [
    `the model reconstructs no better than each column's mean (${which} ${roundScore(loss)}, the means' ${roundScore(t.meanLoss)}): ` +
      'try --output-activation linear, more --epochs, or other --layers',
  ];
}

const rounded = (v: number | undefined) => (v === undefined ? null : roundScore(v));

export const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
