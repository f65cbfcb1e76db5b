// The training run as outputs report it (seconds rounded); no TensorFlow needed to read it.
import type { TrainResult } from '../model/train-types.js';

/** The training run as outputs report it (seconds rounded). */
export function trainingSummary(t: TrainResult) {
  return {
    epochs: t.epochs,
    seconds: round(t.seconds, 3),
    secondsPerEpoch: round(t.secondsPerEpoch, 4),
    loss: t.loss.at(-1) ?? null,
    valLoss: t.valLoss.at(-1) ?? null,
    interrupted: t.interrupted,
    ...(t.bestEpoch !== undefined ? { bestEpoch: t.bestEpoch, stoppedEarly: t.stoppedEarly === true } : {}),
  };
}

export const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
