// Fitting a detector: the architecture from the settings (defaults in settings.ts), training on
// the loaded backend, the training scores' distribution and the thresholds drawn from it, and
// the bundle description. Detector.fit and fitting on a CSV file (fit-file.ts) both end here.
import { describeScores } from '../detect/stats.js';
import { roundScores } from '../detect/precision.js';
import { likelihoodPrior } from '../detect/likelihood.js';
import { resolveThresholds } from '../detect/thresholds.js';
import { defaultEncoder, mirrorLayers, type Architecture } from '../model/architecture.js';
import { loadedBackendName } from '../model/backend-settings.js';
import type { BackendInfo } from '../model/backend.js';
import { bundleFilesOf, describeBundle } from '../model/bundle.js';
import type { BundleMeta } from '../model/bundle-meta.js';
import { fitAutoencoder } from '../model/fit.js';
import { centringOf, windowSizes, type CenterChoice, type Centring } from '../model/level.js';
import { memberLayers, stackedLayers } from '../model/members.js';
import { lengthParts } from '../data/window-lengths.js';
import { pickRows, selectWindows, type WindowView } from '../data/window-view.js';
import { createRng, deriveSeed, sampleIndices } from '../data/rng.js';
import { InvalidSettingError } from '../errors.js';
import type { BundleFiles } from '../model/bundle-files.js';
import { thresholdRequestOf, withDefaults, type DetectorOptions } from './settings.js';
import type { TrainingFacts } from './training-facts.js';
import { fitDiscord } from './fit-discord.js';
import { discordBytes, DISCORD_BUNDLE_VERSION } from '../model/discord.js';

export interface FitHooks {
  /** Loads the backend to train on (the CLI provisions the native one); default loadBackend. */
  loadBackend?: () => Promise<BackendInfo>;
  /** Told the architecture and the backend just before training starts. */
  onStart?: (architecture: Architecture, samples: number, backend: BackendInfo) => void;
}

export async function fitDetector(
  values: Float32Array | WindowView,
  width: number,
  options: DetectorOptions,
  input: BundleMeta['input'],
  hooks: FitHooks = {},
): Promise<{ files: BundleFiles; facts: TrainingFacts }> {
  const settings = withDefaults(options);
  const request = thresholdRequestOf(options); // setting errors now, not after training
  if (input.kind !== 'windows' && typeof options.ensemble === 'number' && options.ensemble > 1)
    throw new InvalidSettingError('ensemble', 'is for windows (a window length): rows have one autoencoder');
  if (settings.discord && input.kind !== 'windows')
    throw new InvalidSettingError('discord', 'compares windows (a window length): rows have no shape to compare');
  values = atMost(values, width, settings.maxWindows, settings.seed);
  const samples = values instanceof Float32Array ? values.length / width : values.starts.length;
  settings.epochs = epochsWithin(settings, samples);
  const backend = await (hooks.loadBackend ?? (() => defaultBackend(options)))();
  const parts = partsOf(input);
  if (parts && settings.layers)
    throw new InvalidSettingError('layers', 'is not for several window lengths (each has its own L/2, L/4 encoder)');
  const architecture: Architecture = {
    layers: parts
      ? stackedLayers(parts.map(memberLayers))
      : mirrorLayers(width, settings.layers ?? defaultEncoder(width)),
    activation: 'relu',
    outputActivation: settings.outputActivation,
    loss: 'meanSquaredError',
    ...(parts ? { parts } : {}),
  };
  const centre = centringOfInput(input, settings.center);
  input = recordCenter(input, settings.center);
  hooks.onStart?.(architecture, samples, backend);
  const fitted = await fitAutoencoder(values, width, {
    ...settings,
    ...(centre ? { centre } : {}),
    architecture,
    scaler: settings.scale,
    ...(input.kind === 'windows' && settings.windowScaling === 'metric'
      ? { scalerPeriod: input.columns?.length ?? 1 }
      : {}),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    ...(options.onEstimate ? { onEstimate: options.onEstimate } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
  });
  // With a discord the detector's score is the fused one: every threshold and prior is drawn from it.
  const discord = settings.discord ? await fitDiscord(values, width, input, fitted.trainScores) : null;
  const rawScores = discord ? discord.fused : fitted.trainScores;
  const trainScores = roundScores(rawScores); // once, for the distribution and the prior
  const scores = describeScores(trainScores);
  const meta = describeBundle(backend, fitted, {
    input,
    score: settings.score,
    settings,
    samples,
    scores,
    thresholds: resolveThresholds(request, scores),
    extra: {
      ...(settings.maxWindows !== undefined ? { maxWindows: settings.maxWindows } : {}),
      ...(settings.maxSteps !== undefined ? { maxSteps: settings.maxSteps } : {}),
    },
  });
  const threshold = options.likelihood;
  meta.likelihood = {
    prior: likelihoodPrior(trainScores),
    ...(threshold !== undefined ? { threshold } : {}),
  };
  if (discord) {
    meta.version = Math.max(meta.version, DISCORD_BUNDLE_VERSION);
    meta.discord = discord.reference.meta;
  }
  const files = await bundleFilesOf(fitted.model, meta);
  if (discord) files.discord = discordBytes(discord.reference);
  return {
    files,
    facts: {
      training: fitted.training,
      trainScores: rawScores,
      model: fitted.model,
      ...(discord ? { discord: discord.reference } : {}),
    },
  };
}

/** The epochs, cut so that the training takes at most `maxSteps` batches (at least one epoch). */
export function epochsWithin(
  s: { epochs: number; maxSteps?: number; batchSize: number; validationSplit: number },
  samples: number,
): number {
  if (s.maxSteps === undefined) return s.epochs;
  const batches = Math.max(1, Math.ceil((samples * (1 - s.validationSplit)) / s.batchSize));
  return Math.max(1, Math.min(s.epochs, Math.floor(s.maxSteps / batches)));
}

/** At most `max` of the samples, drawn at random (seeded); all of them without a limit. */
export function atMost<T extends Float32Array | WindowView>(
  samples: T,
  width: number,
  max: number | undefined,
  seed: number,
): T {
  const count = samples instanceof Float32Array ? samples.length / width : (samples as WindowView).starts.length;
  if (max === undefined || count <= max) return samples;
  const kept = sampleIndices(count, max, createRng(deriveSeed(seed, 'max-windows')));
  if (!(samples instanceof Float32Array)) return selectWindows(samples as WindowView, kept) as T;
  const out = pickRows(samples, width, kept);
  return out as T;
}

/** The parts `--center` takes the level out of; refused for samples that are not windows. */
function centringOfInput(input: BundleMeta['input'], center: CenterChoice): Centring | null {
  if (center === 'none') return null;
  if (input.kind !== 'windows' || !input.window)
    throw new InvalidSettingError('center', 'takes the level out of windows: it needs --window');
  return centringOf(windowSizes(input.window), input.columns?.length ?? 1, center);
}

/** The input as the bundle describes it: `window.center` says what was centred, and only that. */
function recordCenter(input: BundleMeta['input'], center: CenterChoice): BundleMeta['input'] {
  if (!input.window) return input;
  const { center: _, ...window } = input.window;
  return { ...input, window: center === 'none' ? window : { ...window, center } };
}

/** Several window lengths: each length's part of a sample (data/window-lengths.ts). */
function partsOf(input: BundleMeta['input']): number[] | undefined {
  const sizes = input.kind === 'windows' ? input.window?.sizes : undefined;
  return sizes && sizes.length > 1 ? lengthParts(sizes, input.columns?.length ?? 1).map((p) => p.width) : undefined;
}

async function defaultBackend(options: DetectorOptions): Promise<BackendInfo> {
  const { loadBackend } = await import('../model/backend.js');
  return loadBackend(options.backend ?? loadedBackendName() ?? 'tensorflow', options.env ?? {});
}
