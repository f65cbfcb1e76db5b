// How a bundle reads new data: the same columns it was trained on (by name when the file has
// a header, whatever their order; else by position), as rows or as windows of the same shape.
// What the caller sets wins where it may: other columns, another stride; never another window
// length (the network's input width is fixed).
import type { ExpectedColumns } from '../data/csv.js';
import type { SampleSpec } from '../data/samples.js';
import { UsageError } from '../errors.js';
import type { BundleMeta } from './bundle-meta.js';

/** The sample spec for scoring data with a bundle. */
export function sampleSpecFor(meta: BundleMeta, given: SampleSpec = {}): SampleSpec {
  const expected = expectedColumns(meta);
  const decimal = meta.input.decimal && !given.decimal ? { decimal: meta.input.decimal } : {};
  // The bundle's fill values (an `impute` asked of a scan is a training setting: refused).
  if (given.impute) throw new UsageError('--impute has no effect with --model (the bundle holds its own fill values)');
  if (given.counters)
    throw new UsageError(
      '--counter and --not-counter have no effect with --model (the bundle says which columns are counters)',
    );
  if (given.encode)
    throw new UsageError('--encode has no effect with --model (the bundle says which columns it encodes, and how)');
  const fill = meta.input.impute
    ? {
        fill: meta.input.impute.values,
        ...(meta.input.impute.kind === 'previous' || meta.input.impute.kind === 'linear' ? { carry: true } : {}),
      }
    : {};
  const time = meta.input.time && given.id === undefined ? { timeHint: meta.input.time } : {};
  const spec: SampleSpec = { ...given, ...decimal, ...fill, ...time };
  if (meta.input.kind === 'windows' && meta.input.window) {
    const trained = meta.input.window;
    const asked = spec.window ?? {};
    const lengths = (w: { size?: number; sizes?: number[] }) => (w.sizes ?? [w.size]).join(',');
    if (asked.size !== undefined && lengths(asked) !== lengths(trained)) {
      throw new UsageError(
        `the model reads windows of ${lengths(trained)} rows; --window ${lengths(asked)} differs`,
        'leave --window out (the model gives it) or train a model with the other length',
      );
    }
    // Columns the caller named; else the model's (found by name or position); else, for
    // bundles from before columns were stored, the spec the model was trained with.
    const column = asked.column ?? spec.columns ?? (expected ? undefined : trained.column);
    const window = {
      size: trained.size,
      stride: asked.stride ?? trained.stride,
      ...(column ? { column } : {}),
      // Windows break at the gaps the model's training broke at; a model from before: never.
      gapStep: trained.gapStep ?? 0,
    };
    return { ...spec, window, ...(column === undefined && expected ? { expected } : {}) };
  }
  if (spec.window) {
    throw new UsageError(
      `the model reads rows of ${meta.input.width} columns, not windows`,
      'leave out --window (and --stride) with this model',
    );
  }
  const encoded = meta.input.columns?.find((c) => c.categories);
  if (encoded && spec.columns)
    throw new UsageError(
      `the model one-hot encodes column ${JSON.stringify(encoded.name)}: it reads its own columns`,
      'leave out --columns with this model',
    );
  if (spec.columns || !expected || meta.input.kind !== 'rows') return spec;
  return { ...spec, expected };
}

/** The model's columns, by name (when its training file had a header) and by position. */
function expectedColumns(meta: BundleMeta): ExpectedColumns | undefined {
  const columns = meta.input.columns;
  if (!columns?.length) return undefined;
  return {
    names: meta.input.header ? columns.map((c) => c.name) : null,
    numbers: columns.map((c) => c.number),
    ...(meta.input.fields !== undefined ? { fields: meta.input.fields } : {}),
    ...(columns.some((c) => c.categories) ? { categories: columns.map((c) => c.categories ?? null) } : {}),
    ...(columns.some((c) => c.counter) ? { counters: columns.map((c) => c.counter === true) } : {}),
  };
}
