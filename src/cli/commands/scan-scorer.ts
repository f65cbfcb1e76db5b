// Which scorer `ae scan --model` uses: the backend the user named (--backend / AE_BACKEND), or
// else the plain JavaScript pass, moving to tfjs's wasm backend when the input is large enough
// that loading it pays (docs/decisions.md #35). libtensorflow is never loaded just to score.
import { loadedBackendName } from '../../model/backend-settings.js';
import type { BundleFiles } from '../../model/bundle-files.js';
import {
  AdaptiveScorer,
  estimatedSamples,
  PLAIN_BUDGET_MACS,
  plainScorer,
  plainStackOf,
  tfjsScorer,
} from '../../model/scorers.js';
import type { Context } from '../context.js';

export async function chooseScorer(
  ctx: Context,
  files: BundleFiles,
  /** The input's name and, for a file, its size (null: stdin or unknown, scored as it comes). */
  input: { name: string; size: number | null },
  budget = PLAIN_BUDGET_MACS,
): Promise<AdaptiveScorer> {
  const stack = plainStackOf(files);
  const plain = plainScorer(stack, files.meta.score ?? 'mse');
  const chosen = ctx.chosenBackend();
  // wasm, unless this process already runs a backend (a library caller that trained first).
  const heavy = chosen ?? loadedBackendName() ?? 'wasm';
  const load = async () => tfjsScorer(files, (await ctx.backend('score', heavy)).backend);
  if (chosen) {
    const scorer = new AdaptiveScorer(plain, stack.macsPerSample, load, 0);
    await scorer.startHeavy();
    return scorer;
  }
  const scorer = new AdaptiveScorer(plain, stack.macsPerSample, load, budget);
  if (input.size !== null) {
    const samples = estimatedSamples(input.size, /\.gz$/i.test(input.name), files.meta);
    if (samples * stack.macsPerSample > budget) await scorer.startHeavy();
  }
  return scorer;
}
