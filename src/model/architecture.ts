// The shape of ae's networks, as plain data: no TensorFlow here, so the CLI can declare its
// options (and `ae --help` can run) without loading tfjs.
export type LossName = 'binaryCrossentropy' | 'meanSquaredError';
export const OUTPUT_ACTIVATIONS = ['sigmoid', 'linear'] as const;
export type OutputActivation = (typeof OUTPUT_ACTIVATIONS)[number];

export interface Architecture {
  /** Layer widths from input to output, e.g. [784, 300, 100, 300, 784]. */
  layers: number[];
  activation: 'relu';
  outputActivation: OutputActivation;
  loss: LossName;
  /**
   * Members side by side (several window lengths): each one's input width, in sample order.
   * `layers` is then the block-diagonal stack's, the members' widths added up.
   */
  parts?: number[];
}

/** Each dense layer's activation, input side first: the hidden one, then the output's. */
export function layerActivations(arch: Architecture): (Architecture['activation'] | OutputActivation)[] {
  const count = arch.layers.length - 1;
  return Array.from({ length: count }, (_, l) => (l === count - 1 ? arch.outputActivation : arch.activation));
}

/** [784] + encoder [300, 100] → [784, 300, 100, 300, 784]. */
export function mirrorLayers(inputDim: number, encoder: number[]): number[] {
  return [inputDim, ...encoder, ...encoder.slice(0, -1).reverse(), inputDim];
}

/**
 * The default encoder's widths at most: inputs up to 512 keep L/2, L/4; wider ones (a window of
 * 64 rows × 38 metrics is 2,432) are capped, which trains ~2.5× faster at the same detection on
 * SMD (decisions #67).
 */
export const DEFAULT_ENCODER_CAP = [256, 128] as const;

/** L-L/2-L/4-L/2-L, the series default (100-50-25-50-100), capped at DEFAULT_ENCODER_CAP. */
export function defaultEncoder(inputDim: number): number[] {
  return [2, 4].map((d, i) => Math.max(1, Math.min(DEFAULT_ENCODER_CAP[i]!, Math.round(inputDim / d))));
}

/**
 * The per-sample score: mean squared (default) or mean absolute reconstruction error, or each
 * metric's error relative to its training error, combined (model/relative-score.ts): of its
 * squared errors (`relative`) or of its absolute ones (`relative-mae`).
 */
export const SCORES = ['mse', 'mae', 'relative', 'relative-mae'] as const;
export type ScoreKind = (typeof SCORES)[number];

/** Whether a score is one of the relative ones (per-metric errors over their training errors). */
export function isRelative(kind: ScoreKind | undefined): boolean {
  return kind === 'relative' || kind === 'relative-mae';
}

/** Whether a score averages absolute errors rather than squared ones (`mae`, `relative-mae`). */
export function isAbsolute(kind: ScoreKind | undefined): boolean {
  return kind === 'mae' || kind === 'relative-mae';
}
