// Fitting the train discord beside a fitted autoencoder (model/discord.ts): the learned windows
// kept, each learned sample's distance to its nearest other learned window, and the spreads
// that put the two scores on one scale. What the fit returns is the fused training scores,
// which the thresholds, the score distribution and the likelihood's prior are then drawn from:
// the detector's score is the fused one everywhere.
import type { BundleMeta } from '../model/bundle-meta.js';
import {
  buildReference,
  fuse,
  samplesOfValues,
  samplesOfView,
  spreadOf,
  type DiscordReference,
} from '../model/discord.js';
import { nearestDistances } from '../model/discord-search.js';
import { gatherWindows, type WindowView } from '../data/window-view.js';

export interface FittedDiscord {
  reference: DiscordReference;
  /** The training samples' fused scores, in their order. */
  fused: Float32Array;
}

/** The discord of windows fitted on (`values` as fitDetector got them), beside their autoencoder's scores. */
export async function fitDiscord(
  values: Float32Array | WindowView,
  width: number,
  input: BundleMeta['input'],
  autoencoderScores: Float32Array,
): Promise<FittedDiscord> {
  const window = input.window!;
  const length = window.sizes?.[0] ?? window.size;
  const metrics = input.columns?.length ?? 1;
  const span = length * metrics;
  const samples =
    values instanceof Float32Array ? samplesOfValues(values, width, span, window.stride) : samplesOfView(values);
  const built = buildReference(samples, length, metrics);
  const selfStarts = Int32Array.from({ length: samples.count }, (_, i) => samples.start(i));
  const distances = new Float32Array(samples.count);
  // In batches, as scoring reads them: a view's samples are gathered a few thousand at a time.
  const batch = 4096;
  for (let from = 0; from < samples.count; from += batch) {
    const n = Math.min(batch, samples.count - from);
    const part =
      values instanceof Float32Array
        ? values.subarray(from * width, (from + n) * width)
        : gatherWindows(values, from, n);
    distances.set(await nearestDistances(built, part, n, width, selfStarts.subarray(from, from + n)), from);
  }
  const meta = { ...built.meta, score: spreadOf(autoencoderScores), distance: spreadOf(distances) };
  const learned = new Map<number, number>();
  for (let i = 0; i < samples.count; i++) learned.set(selfStarts[i]!, distances[i]!);
  const reference = { ...built, meta, learned };
  return { reference, fused: fuse(autoencoderScores, distances, meta) };
}
