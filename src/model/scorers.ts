// What scores a stream of batches for `ae scan --model`: the dense stack in plain JavaScript
// (nothing to load), or tfjs on a backend (native, wasm, cpu). Which one, and when to move
// from the first to the second, is decided here from what the input will cost (decisions #35).
import { layerActivations, type ScoreKind } from './architecture.js';
import { weightsByLayer, type BundleFiles } from './bundle-files.js';
import type { RelativeScale } from './relative-score.js';
import { plainReconstruct, plainScores, plainStack, type PlainStack } from './plain-forward.js';

export interface Scorer {
  /** 'js' for the plain pass; else the tfjs backend's name. */
  readonly name: string;
  /** One score per row of `scaled` (rows × width, scaled as the model saw its training data). */
  score(scaled: Float32Array): Float32Array;
  reconstruct(scaled: Float32Array): Float32Array;
  dispose(): void;
}

export function plainStackOf(files: BundleFiles): PlainStack {
  return plainStack(weightsByLayer(files), layerActivations(files.meta.architecture));
}

export function plainScorer(stack: PlainStack, kind: ScoreKind, relative?: RelativeScale): Scorer {
  return {
    name: 'js',
    score: (scaled) => plainScores(stack, scaled, kind, relative),
    reconstruct: (scaled) => plainReconstruct(stack, scaled, scaled.length / stack.width),
    dispose: () => {},
  };
}

/** tfjs on the backend already loaded (the caller loads it: provisioning is the CLI's business). */
export async function tfjsScorer(files: BundleFiles, backend: string): Promise<Scorer> {
  const [{ modelFromFiles }, { scoreRows, reconstruct }] = await Promise.all([
    import('./bundle.js'),
    import('./score.js'),
  ]);
  const model = await modelFromFiles(files);
  const width = files.meta.input.width;
  const kind = files.meta.score ?? 'mse';
  return {
    name: backend,
    score: (scaled) => scoreRows(model, scaled, width, kind, files.meta.relative),
    reconstruct: (scaled) => reconstruct(model, scaled, width),
    dispose: () => model.dispose(),
  };
}

/**
 * Multiply-adds the plain pass may spend before loading tfjs would have been cheaper: tfjs
 * and its wasm backend take ~0.6 s to load, in which the plain pass does ~5·10⁸ (measured,
 * bench "plain forward pass").
 */
export const PLAIN_BUDGET_MACS = 5e8;

/**
 * A file's samples guessed from its size: ~8 bytes per value (gzip: ×4), one sample per
 * `width` values for rows, per `stride` values for windows. Only picks the scorer.
 */
export function estimatedSamples(bytes: number, gzipped: boolean, meta: BundleFiles['meta']): number {
  const values = (bytes * (gzipped ? 4 : 1)) / 8;
  return (
    values /
    (meta.input.kind === 'windows' && meta.input.window
      ? meta.input.window.stride * (meta.input.columns?.length ?? 1)
      : meta.input.width)
  );
}

/**
 * Scores with the plain pass while the work stays within the budget, then with tfjs (loaded
 * once, on first need). The switch falls at a fixed sample count, so the same input is always
 * scored the same way; a file known to be large starts on tfjs.
 */
export class AdaptiveScorer {
  private samples = 0;
  private heavy: Scorer | null = null;
  private readonly used = new Set<string>();

  constructor(
    readonly plain: Scorer,
    private readonly macsPerSample: number,
    private readonly loadHeavy: () => Promise<Scorer>,
    private readonly budget = PLAIN_BUDGET_MACS,
  ) {}

  /** The scorer for the next `count` samples. */
  async next(count: number): Promise<Scorer> {
    this.samples += count;
    const scorer = this.samples * this.macsPerSample <= this.budget ? this.plain : await this.loadedHeavy();
    this.used.add(scorer.name);
    return scorer;
  }

  /** Starts on tfjs at once (a large file: the plain pass would only delay it). */
  async startHeavy(): Promise<void> {
    this.samples = Infinity;
    await this.loadedHeavy();
  }

  /** What scored, in order of first use: 'js', 'wasm', or 'js+wasm'. */
  get name(): string {
    return [...this.used].join('+') || this.plain.name;
  }

  private async loadedHeavy(): Promise<Scorer> {
    this.heavy ??= await this.loadHeavy();
    return this.heavy;
  }

  dispose(): void {
    this.heavy?.dispose();
  }
}
