// The recipe ae runs on every NAB file, and the variants of the ablation. Each is the flags of
// one `ae scan` command and how its NDJSON record becomes NAB's anomaly_score in [0, 1]; the
// same for every file. Only the probationary length (NAB's rule: min(floor(0.15·N), 750) rows,
// the rows a detector may learn from before it must score) differs between files.
import { logLikelihood } from '../../src/detect/likelihood.js';

export interface NdjsonRecord {
  index: number;
  id?: string;
  score: number | null;
  likelihood?: number | null;
  flagged: boolean;
  incident?: 'start' | 'end';
  outOfRange?: boolean;
}

export interface Variant {
  /** The ae command the flags go with (default scan). */
  command?: 'scan' | 'watch';
  flags(probation: number): string[];
  score(r: NdjsonRecord): number;
  describe(): string;
}

/**
 * A record per row from a window model trained on the probationary rows: two autoencoders, on
 * windows of 64 and of the newest 32 rows (decisions #54; `*64` variants: one window of 64).
 */
const base = (probation: number, window = '64,32') => [
  '--column',
  'value',
  '--id',
  'timestamp',
  '--window',
  String(window),
  '--stride',
  '1',
  '--per-row',
  '--train-first',
  String(probation),
  '--output-activation',
  'linear',
];

/** Numenta's red level: a tail probability of 1e-5 (likelihood 0.99999). */
const RED = 0.99999;
/** What a red row that does not start an incident is capped to: Numenta's yellow, 0.999. */
const YELLOW_LOG = logLikelihood(1 - 0.999);

const tailOf = (r: NdjsonRecord) => (r.likelihood == null ? 0.5 : Math.max(1 - r.likelihood, 1e-10));

export const VARIANTS: Record<string, Variant> = {
  raw: {
    flags: (p) => base(p),
    // The raw window score, squashed monotonically into [0, 1): NAB's optimiser picks one threshold.
    score: (r) => (r.score === null ? 0 : r.score / (1 + r.score)),
    describe: () => `ae scan FILE ${base(0).join(' ').replace('--train-first 0', '--train-first P')}; score/(1+score)`,
  },
  likelihood: {
    flags: (p) => base(p),
    score: (r) => logLikelihood(tailOf(r)),
    describe: () => 'as raw; anomaly_score = ln(1 − likelihood)/ln(1e-10) (Numenta’s log form)',
  },
  onset: {
    flags: (p) => [...base(p), '--likelihood', String(RED), '--gap', '0'],
    // An incident's first row keeps its likelihood; the rows after it that stay red are capped
    // to yellow, so a sustained excursion alarms once, at its onset (Numenta's filter).
    score: (r) => {
      const s = logLikelihood(tailOf(r));
      return r.flagged && r.incident !== 'start' ? Math.min(s, YELLOW_LOG) : s;
    },
    describe: () =>
      'as likelihood, with --likelihood 0.99999 --gap 0: rows flagged after an incident’s start capped to the log form of 0.999',
  },
  recipe: {
    flags: (p) => [...base(p), '--likelihood', String(RED), '--gap', '0', '--range-margin', '0.05'],
    // As onset, and a value beyond everything seen so far by 5 % of the range scores 1.
    score: (r) => (r.outOfRange ? 1 : VARIANTS.onset!.score(r)),
    describe: () => 'as onset, with --range-margin 0.05: a record outOfRange scores 1',
  },
  /** What a user types: `ae watch FILE --learn P`, every other setting its default. */
  watch: {
    command: 'watch',
    flags: (p) => ['--learn', String(p)],
    score: (r) => VARIANTS.recipe!.score(r),
    describe: () => 'ae watch FILE --learn P (its defaults); anomaly_score as recipe',
  },
  watchRelearn: watchWith(
    ['--relearn'],
    'refits every P rows on the rows learned from and the P most recent judged normal (decisions #74)',
  ),
  watchNoHold: watchWith(['--no-hold'], 'an incident ends 32 rows after its last flagged row'),
  watchGap0: watchWith(['--gap', '0'], 'only adjacent flagged rows are one incident; held as watch'),
  watchGap64: watchWith(['--gap', '64']),
  watchAdopt0: watchWith(['--adopt', '0'], 'a lasting change is never taken as the new normal at once'),
  watchAdopt64: watchWith(['--adopt', '64']),
  watchAdopt96: watchWith(['--adopt', '96']),
  watchAdopt192: watchWith(['--adopt', '192']),
  watchWindow6432: watchWith(['--window', '64,32'], 'the fixed windows of 64 and 32 rows before --window auto'),
  watchCenterNone: watchWith(['--center', 'none'], 'every window read with its level: the watch before decisions #76'),
  watchCenterAll: watchWith(['--center', 'all'], 'every window read without its level'),
  watchRelativeMae: watchWith(['--score', 'relative-mae'], "each metric's absolute errors (decisions #77)"),
  watchAverage10: watchWith(
    ['--likelihood-window', '10'],
    "the likelihood's short-term mean of 10 scores (Numenta's; the watch before decisions #79)",
  ),
  watchEnsemble1: watchWith(
    ['--ensemble', '1'],
    'one autoencoder per window length, whatever the rows learned from (the watch before decisions #81)',
  ),
  watchNoDiscord: watchWith(
    ['--no-discord'],
    "the autoencoder's error alone, no train discord fused in (the watch before decisions #84)",
  ),
  watchNoClip: watchWith(['--no-clip'], 'scored values as they are, however far out'),
  watchClip10: watchWith(['--clip', '10']),
  watchClip20: watchWith(['--clip', '20']),
  watchClip100: watchWith(['--clip', '100']),
  /** The recipe with the likelihood's history unbounded (Numenta's; before decisions #55). */
  recipeClip0: {
    flags: (p) => [...VARIANTS.recipe!.flags(p), '--likelihood-clip', '0'],
    score: (r) => VARIANTS.recipe!.score(r),
    describe: () => 'as recipe, with --likelihood-clip 0 (the history unbounded)',
  },
  onsetClip0: {
    flags: (p) => [...VARIANTS.onset!.flags(p), '--likelihood-clip', '0'],
    score: (r) => VARIANTS.onset!.score(r),
    describe: () => 'as onset, with --likelihood-clip 0 (the history unbounded)',
  },
  onset64: withWindow('onset', 64),
  recipe64: withWindow('recipe', 64),
  onset32: withWindow('onset', 32),
  recipe32: withWindow('recipe', 32),
  onset128: withWindow('onset', 128),
  recipe128: withWindow('recipe', 128),
  onsetMetric: {
    flags: (p) => [...VARIANTS.onset64!.flags(p), '--window-scaling', 'metric'],
    score: (r) => VARIANTS.onset!.score(r),
    describe: () => 'as onset64, with --window-scaling metric (one scaler for every window position)',
  },
  recipeMetric: {
    flags: (p) => [...VARIANTS.recipe64!.flags(p), '--window-scaling', 'metric'],
    score: (r) => VARIANTS.recipe!.score(r),
    describe: () => 'as recipe64, with --window-scaling metric (one scaler for every window position)',
  },
};

/** A variant as `name`, with windows of `w` rows instead of 64 (the window-length ablation). */
/** `ae watch` with its defaults but `more`. */
function watchWith(more: string[], why?: string): Variant {
  return {
    command: 'watch',
    flags: (p) => ['--learn', String(p), ...more],
    score: (r) => VARIANTS.recipe!.score(r),
    describe: () => `as watch, with ${more.join(' ')}${why ? ` (${why})` : ''}`,
  };
}

function withWindow(name: 'onset' | 'recipe', w: number | string): Variant {
  return {
    flags: (p) => VARIANTS[name]!.flags(p).map((f, i, all) => (all[i - 1] === '--window' ? String(w) : f)),
    score: (r) => VARIANTS[name]!.score(r),
    describe: () => `as ${name}, with --window ${w} (one autoencoder per length)`,
  };
}
