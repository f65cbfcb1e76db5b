// ae as a library: the same core the CLI uses, without any process or console access.
// The high-level API — a Detector you fit, score, save and load, and the streaming file scan
// `ae scan --model` runs — comes first; the building blocks below it are for finer control.
export { Detector, type DetectorOptions, type ScoreOptions, type Scores, type TrainingFacts } from './scan/detector.js';
export { scan, type ScanOptions } from './scan/scan-file.js';
export { runScanPlan, type ScanPlan, type ScanEnv, type ScanOutcome } from './scan/plan.js';
export { DEFAULTS, type ThresholdSettings, type TrainSettings } from './scan/settings.js';
export type { ScanResult, ScanCounts, RecordSink, KeptScores } from './scan/scan-result.js';
export type { ScanRecord, SampleRecord, SkippedRecord, FlaggedItem, Interval, FlagTail } from './scan/records.js';
export { isSkipped } from './scan/records.js';
export type { Notes } from './scan/notes.js';
export type { BackendChoice } from './scan/scorer-choice.js';
export { labelsOf, readLabels, type Labels, type LabelsGiven } from './data/labels.js';
export * from './errors.js';
export { AE_VERSION, BUNDLE_FORMAT_VERSION, OUTPUT_FORMAT_VERSION } from './version.js';
export { loadBackend, type BackendInfo, type BackendName } from './model/backend.js';
export { BACKENDS, tensorflowEnv, type Workload } from './model/backend-settings.js';
// data
export { CsvReader, type CsvOptions, type SkippedRow } from './data/csv.js';
export type { Batch } from './data/batch.js';
export { openSource, type Source } from './data/input.js';
export { readSamples, streamSamples, type SampleSpec, type SampleSet } from './data/samples.js';
export { streamSamplesInWorker } from './data/parallel.js';
export { generateSines, type SinesOptions, type GeneratedSeries } from './data/generate.js';
export { loadEmbeddedMnist, splitOneClass, oneClassFromSplits, type DigitImages } from './data/mnist.js';
export { loadIdxMnist, parseIdx } from './data/idx.js';
export { fitScaler, applyScaler, type Scaler, type ScalerKind } from './data/scalers.js';
// model
export { buildAutoencoder, mirrorLayers, defaultEncoder, type Architecture } from './model/autoencoder.js';
export { trainAutoencoder, type TrainOptions, type TrainResult, type EpochLog } from './model/trainer.js';
export { fitAutoencoder, scoreRaw, type FitOptions, type Fitted } from './model/fit.js';
export { saveBundle, loadBundle, describeBundle, type Bundle, type BundleMeta } from './model/bundle.js';
export { sampleSpecFor } from './model/bundle-input.js';
export { splitValidation, VALIDATION_ROWS, type ValidationRows } from './model/validation.js';
// detect
export { scoreRows, reconstruct } from './model/score.js';
export { provisionNative, findProvisioned, type Provisioned } from './native/provision.js';
export { describeScores, percentileOf, histogram, type ScoreDistribution } from './detect/stats.js';
export {
  thresholdsFromRule,
  resolveThresholds,
  classify,
  DEFAULT_RULE,
  type Thresholds,
  type ThresholdRule,
  type ThresholdRequest,
  type Tail,
} from './detect/thresholds.js';
export { rocAuc, prAuc, confusion } from './detect/metrics.js';
// report
export { histogramSpec } from './report/histogram.js';
export { specToSvg, svgToPng, writeChart } from './report/render.js';
export { pairGrid } from './report/image-grid.js';
