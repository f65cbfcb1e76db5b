// A watch run: a file, or a live stream that learns from its first rows and then goes on
// scoring as rows arrive, or a saved watch resumed where it stopped. Each ends with the state a
// later watch resumes from (watch-state.json beside the bundle): the rules' state and the last
// lines that fill its first window, so a file watched in two parts gives the records of one
// continuous watch (decisions #56).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { InputError, UsageError } from '../errors.js';
import type { BundleMeta } from '../model/bundle-meta.js';
import type { CollectorState, ScanResult } from './scan-result.js';
import { Detector, modelShape } from './detector.js';
import { Relearner, type RelearnState } from './relearn.js';
import type { ScanRules } from './rules.js';
import { relearnOption, runScanPlan, warnAbout, type ScanEnv, type ScanOutcome, type ScanPlan } from './plan.js';
import { scan } from './scan-file.js';
import { fileEdges, LineTail, splitHead } from './watch-lines.js';
import { openSource } from '../data/input.js';
import { trainingSummary } from './training-summary.js';

export const WATCH_STATE_FILE = 'watch-state.json';
/** 2: with `relearn` (a watch that refits); a state without it is still written as 1. */
export const WATCH_STATE_VERSION = 2;

/** What a later watch resumes from (README/docs: formats). */
export interface WatchState {
  format: 'ae-watch-state';
  version: number;
  /** The input's header line (null: it had none). */
  header: string | null;
  /** Its last data lines: the first window of the resumed input ends on its first new line. */
  context: string[];
  collector: CollectorState;
  /** A Prometheus watch's series: its labels (without __name__), how a restart finds it again. */
  series?: Record<string, string>;
  /** A watch that relearns (`--relearn`): the windows it refits on, and when it next does. */
  relearn?: RelearnState;
}

export interface WatchOutcome extends ScanOutcome {
  state: WatchState;
}

/** Lines before a window's last: what a resumed watch must read again. */
function contextLength(input: Pick<BundleMeta['input'], 'window'>): number {
  return Math.max(0, (input.window?.size ?? 1) - 1);
}

export async function readWatchState(dir: string): Promise<WatchState | null> {
  const file = path.join(dir, WATCH_STATE_FILE);
  const text = await fsp.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new InputError(err.message, { file });
  });
  if (text === null) return null;
  const state = JSON.parse(text) as WatchState;
  if (state.format !== 'ae-watch-state' || state.version > WATCH_STATE_VERSION)
    throw new InputError(`is not a watch state this ae reads (format ${state.format}, version ${state.version})`, {
      file,
    });
  return state;
}

export async function runWatch(
  plan: ScanPlan,
  env: ScanEnv = {},
  groupBy?: string,
): Promise<WatchOutcome | ScanOutcome> {
  if (groupBy) {
    const { runGroupedWatch } = await import('./watch-groups.js');
    return runGroupedWatch(plan, groupBy, env, (p, e) => runWatch(p, e));
  }
  if (plan.model) return watchWithModel(plan, plan.model, env);
  if (plan.file === '-') return learnLive(plan, env);
  const outcome = await runScanPlan(plan, env);
  const k = contextLength(outcome.detector.meta.input);
  return withState(outcome, await fileEdges(plan.file, k));
}

function withState(outcome: ScanOutcome, edges: { header: string | null; lines: string[] }): WatchOutcome {
  const header = outcome.result.input.header === true ? edges.header : null;
  const context = header === null && edges.header !== null && edges.lines.length === 0 ? [edges.header] : edges.lines;
  const relearn = outcome.relearner?.state();
  return {
    ...outcome,
    state: {
      format: 'ae-watch-state',
      version: relearn ? WATCH_STATE_VERSION : 1,
      header,
      context,
      collector: outcome.result.state,
      ...(relearn ? { relearn } : {}),
    },
  };
}

/** A stream: learn from its first rows (read, then fitted), then score the rest as it comes. */
async function learnLive(plan: ScanPlan, env: ScanEnv): Promise<WatchOutcome> {
  const first = plan.trainFirst;
  if (!first || !('rows' in first))
    throw new InputError('a stream learns from a number of rows (--learn 750): it has no length to take a share of', {
      file: 'stdin',
    });
  if (!env.stdin) throw new InputError('reading from stdin is not available here');
  const head = await splitHead(env.stdin, first.rows);
  if (head.lines.length < first.rows)
    throw new InputError(`ended after ${head.lines.length} data rows, before the ${first.rows} to learn from`, {
      file: 'stdin',
    });
  const text = [head.header ?? '', ...head.lines].join('\n') + '\n';
  const learn = () => runScanPlan(plan, { ...env, stdin: Readable.from([Buffer.from(text)]) });
  const learned = await (env.learnGate ? env.learnGate(learn) : learn());
  const k = contextLength(learned.detector.meta.input);
  const saved = withState(learned, { header: head.header, lines: head.lines.slice(-k) }).state;
  const tail = new LineTail(k);
  const input = tail.tap(prefixed(saved, [], head.rest));
  const rest = await goOn(
    plan,
    env,
    learned.detector,
    saved,
    { name: 'stdin', stream: input },
    tail,
    learned.relearner,
  );
  rest.result.flagged.unshift(...learned.result.flagged);
  return { ...rest, fit: learned.fit };
}

/** A saved model: resumed from its watch state if it has one, else watched from the start. */
async function watchWithModel(plan: ScanPlan, dir: string, env: ScanEnv): Promise<WatchOutcome> {
  const detector = await Detector.load(dir);
  const saved = await readWatchState(dir);
  if (plan.relearn && !saved?.relearn)
    throw new UsageError(
      `--relearn refits on the windows a watch learned from: ${dir} was not saved by a watch started with --relearn`,
    );
  const k = contextLength(detector.meta.input);
  const tail = new LineTail(k);
  const source = await openSource(plan.file, env.stdin);
  const input = saved ? await resumedInput(source, saved, plan.file) : source.stream;
  return goOn(plan, env, detector, saved, { name: source.name, stream: tail.tap(input) }, tail);
}

async function goOn(
  plan: ScanPlan,
  env: ScanEnv,
  detector: Detector,
  saved: WatchState | null,
  source: { name: string; stream: Readable },
  tail: LineTail,
  learning?: Relearner,
): Promise<WatchOutcome> {
  // A saved watch that relearns goes on relearning from where it stopped.
  const relearner = learning ?? (saved?.relearn ? Relearner.resume(detector.meta.input, saved.relearn) : undefined);
  const result: ScanResult = await scan(plan.file, detector, {
    // The detector's bundle says how it fills and counts (a live watch's was learned moments ago).
    read: readWithModel(plan.read),
    keepScores: plan.keep.scores,
    keepFlagged: plan.keep.flagged,
    plot: plan.keep.plot,
    source,
    ...(plan.explain ? { explain: plan.explain } : {}),
    ...(env.onRecords ? { onRecords: env.onRecords } : {}),
    ...(env.backend ? { backend: env.backend } : {}),
    ...(env.notes ? { notes: env.notes } : {}),
    ...(plan.rules ? { rules: saved ? savedAverage(plan.rules, saved, env) : plan.rules } : {}),
    ...(env.signal ? { signal: env.signal } : {}),
    ...(saved ? { resume: { state: saved.collector, contextLines: saved.context.length } } : {}),
    ...(relearner ? { relearn: relearnOption(relearner, env) } : {}),
  });
  if (detector.fitted) {
    // Learned live, moments ago: the model is this run's.
    const training = trainingSummary(detector.fitted.training);
    Object.assign(result.model, modelShape(detector.meta), { dir: plan.saveTo ?? null, trained: true, training });
    result.learnedLines = saved?.collector.lines ?? null;
  }
  if (relearner) result.model.relearn = relearner.summary();
  const outcome = { result, detector, fit: null, ...(relearner ? { relearner } : {}) };
  return withState(warnAbout(outcome, env), { header: tail.header, lines: tail.lines });
}

/**
 * A saved watch goes on averaging as many scores into its likelihood as it did: its short-term
 * mean is part of its state (one saved before the default became 20 averages 10).
 */
function savedAverage(rules: ScanRules, saved: WatchState, env: ScanEnv): ScanRules {
  const n = saved.collector.likelihood?.recent.length;
  if (!n || n === rules.likelihoodWindow) return rules;
  env.notes?.note(`the saved watch averages ${n} scores into its likelihood: it goes on with ${n}`);
  return { ...rules, likelihoodWindow: n };
}

/** The new input as the resumed watch reads it: its header, the saved lines, then its own. */
async function resumedInput(
  source: { name: string; stream: Readable },
  saved: WatchState,
  file: string,
): Promise<AsyncIterable<Buffer>> {
  const head = await splitHead(source.stream, 0);
  if (saved.header !== null && head.header !== saved.header)
    throw new InputError(
      `its header (${JSON.stringify(head.header)}) is not the one the saved watch read (${JSON.stringify(saved.header)}): a watch resumes on the same columns`,
      { file: file === '-' ? 'stdin' : file },
    );
  // Without a header, the first line split off is data.
  return prefixed(saved, saved.header === null && head.header !== null ? [head.header] : [], head.rest);
}

/** The saved header and lines, then `more` lines, then the rest. */
function prefixed(saved: WatchState, more: string[], rest: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const lead = [...(saved.header !== null ? [saved.header] : []), ...saved.context, ...more];
  return (async function* () {
    if (lead.length) yield Buffer.from(lead.join('\n') + '\n');
    yield* rest;
  })();
}

/** What a plan's read asks that a bundle already fixes: left to the bundle. */
function readWithModel(read: ScanPlan['read']): ScanPlan['read'] {
  const { impute: _impute, counters: _counters, ...rest } = read;
  return rest;
}
