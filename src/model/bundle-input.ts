// How a bundle reads new data: the same columns it was trained on (by name when the file has
// a header, whatever their order; else by position), or windows of the same column.
import type { SampleSpec } from '../data/samples.js';
import type { BundleMeta } from './bundle-meta.js';

/** The sample spec for scoring data with a bundle; what the caller sets (columns, windows) wins. */
export function sampleSpecFor(meta: BundleMeta, spec: SampleSpec = {}): SampleSpec {
  if (spec.window || spec.columns) return spec;
  if (meta.input.kind === 'windows' && meta.input.window) return { ...spec, window: meta.input.window };
  const columns = meta.input.columns;
  if (meta.input.kind === 'rows' && columns?.length) {
    const names = meta.input.header ? columns.map((c) => c.name) : null;
    return { ...spec, expected: { names, numbers: columns.map((c) => c.number) } };
  }
  return spec;
}
