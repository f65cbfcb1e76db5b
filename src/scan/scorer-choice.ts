// Which scorer a detector uses: the backend the caller named, or else the plain JavaScript
// pass, moving to tfjs's wasm backend when the input is large enough that loading it pays
// (docs/decisions.md #35). libtensorflow is never loaded just to score.
import { loadedBackendName, type BackendName } from '../model/backend-settings.js';
import type { BundleFiles } from '../model/bundle-files.js';
import { centringOfBundle, levelFree } from '../model/level.js';
import {
  AdaptiveScorer,
  estimatedSamples,
  PLAIN_BUDGET_MACS,
  plainScorer,
  plainStackOf,
  tfjsScorer,
} from '../model/scorers.js';

/** How scoring reaches a tfjs backend: which one the caller chose (if any) and how to load it. */
export interface BackendChoice {
  /** The backend asked for (the CLI: --backend or AE_BACKEND); null lets ae choose. */
  chosen?: BackendName | null;
  /** Loads a backend (the CLI provisions the native one first); default: loadBackend(name). */
  load?: (name: BackendName) => Promise<unknown>;
}

export async function chooseScorer(
  files: BundleFiles,
  /** The input's name and, for a file, its size (null: stdin or in memory, scored as it comes). */
  input: { name: string; size: number | null },
  backend: BackendChoice = {},
  budget = PLAIN_BUDGET_MACS,
): Promise<AdaptiveScorer> {
  const stack = plainStackOf(files);
  const centre = centringOfBundle(files.meta.input);
  const width = files.meta.input.width;
  const plain = levelFree(plainScorer(stack, files.meta.score ?? 'mse', files.meta.relative), centre, width);
  const chosen = backend.chosen ?? null;
  const loadBackend = backend.load ?? (async (name) => (await import('../model/backend.js')).loadBackend(name));
  // wasm, unless this process already runs a backend (a library caller that trained first).
  const heavy = chosen ?? loadedBackendName() ?? 'wasm';
  const load = async () => {
    await loadBackend(heavy);
    return levelFree(await tfjsScorer(files, heavy), centre, width);
  };
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
