// What a trainer reads: samples through a view over the series (data/window-view.ts), scaled
// on the way in when the scaler differs by window position (a scaler shared by every position
// is applied to the series once, before training: the same values as scaling each copy).
import { gatherWindows, rowsView, viewWidth, type WindowView } from '../data/window-view.js';
import { centreInPlace, type Centring } from './level.js';

export interface TrainingView extends WindowView {
  /** Per sample column: x ← (x − offset) / scale as a sample is read. */
  scaling?: { offset: Float64Array; scale: Float64Array };
  /** Parts of each sample whose level is taken out after scaling (`--center`, level.ts). */
  centre?: Centring;
}

/** A matrix (rows × width) or a view, as a view. */
export function asTrainingView(samples: Float32Array | TrainingView, width: number): TrainingView {
  return samples instanceof Float32Array ? rowsView(samples, width) : samples;
}

/** The samples that start at `starts`, copied out and scaled (the eager trainer, small data). */
export function materialize(view: TrainingView, starts: Int32Array): Float32Array {
  const out = gatherWindows({ ...view, starts }, 0, starts.length);
  const s = view.scaling;
  const width = viewWidth(view);
  if (s) {
    for (let i = 0; i < out.length; i += width) {
      for (let j = 0; j < width; j++) out[i + j] = (out[i + j]! - s.offset[j]!) / s.scale[j]!;
    }
  }
  return view.centre ? centreInPlace(out, width, view.centre) : out;
}
