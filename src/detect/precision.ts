// One precision for every score ae shows or compares: 6 significant digits, rounded once where
// a score is made (the collector's records, the training scores a bundle's distribution is
// drawn from, the thresholds). A reader comparing printed numbers then gets exactly ae's flags
// and ae's empirical CDF; a printed score equal to a printed threshold is equal to it.

export const SCORE_DIGITS = 6;

/** A score as ae prints and compares it. */
export function roundScore(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(SCORE_DIGITS)) : v;
}

/** Scores rounded as doubles (a float32 cannot hold most 6-digit decimals exactly). */
export function roundScores(scores: ArrayLike<number>): Float64Array {
  return mapFloat64(scores, roundScore);
}

/**
 * Float64Array.from(xs, f) by index: given a map function, `from` first copies an iterable into
 * a list of boxed numbers (2 M training scores: ~90 MB of garbage per call, measured).
 */
export function mapFloat64(xs: ArrayLike<number>, f: (v: number) => number): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = f(xs[i]!);
  return out;
}

/** The next 6-digit number above (or below, `dir` −1) v: just past a block of tied scores. */
export function nextScore(v: number, dir: 1 | -1 = 1): number {
  if (v === 0) return dir * 1e-300;
  const exp = Math.floor(Math.log10(Math.abs(v)));
  const unit = 10 ** (exp - (SCORE_DIGITS - 1));
  // Below a power of ten the digits are a tenth as large: 1 → 0.999999, not 0.99999.
  const finer = roundScore(v + (dir * unit) / 10);
  if (finer !== v && Math.floor(Math.log10(Math.abs(finer))) < exp) return finer;
  return roundScore(v + dir * unit);
}

/** Every fractional number in a plain object rounded to 6 significant digits (metrics as printed). */
export function roundDeep<T>(value: T): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : roundScore(value)) as T;
  if (Array.isArray(value)) return value.map(roundDeep) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)])) as T;
  return value;
}
