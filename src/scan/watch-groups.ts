// `ae watch FILE --group-by instance`: one series per value of a column, each learned and
// watched on its own (its own model, likelihood history, range and incidents: hosts differ in
// level and rhythm), records numbered as the file's lines and tagged with their group, the
// results merged into one (decisions #59, #64).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { splitGroups } from '../data/groups.js';
import type { Incident } from '../detect/incidents.js';
import type { ScanCounts, ScanResult } from './scan-result.js';
import type { ScanEnv, ScanOutcome, ScanPlan } from './plan.js';
import type { FlaggedItem, ScanRecord } from './records.js';

export interface GroupSummary {
  key: string;
  /** The group's folder in a run folder (`--out`) or a model folder (`--model`). */
  dir: string;
  rows: number;
  counts: ScanCounts;
  learnedLines: number | null;
  incidents: number;
}

/** Each group's own outcome (its model, records, state), for writing a folder per group; the caller disposes the models. */
export interface GroupOutcome<O extends ScanOutcome = ScanOutcome> {
  key: string;
  dir: string;
  outcome: O;
}

/**
 * Runs each group as a watch of a file holding its lines alone (a temporary copy): learned, or
 * resumed from `--model DIR/<group>`, as any watch of a file is. A group the model folder has
 * no folder for (a new host) learns from its own first rows.
 */
export async function runGroupedWatch<O extends ScanOutcome>(
  plan: ScanPlan,
  column: string,
  env: ScanEnv,
  watch: (plan: ScanPlan, env: ScanEnv) => Promise<O>,
): Promise<ScanOutcome & { groups: GroupOutcome<O>[] }> {
  const groups = await splitGroups(plan.file, column, env.stdin);
  // Resumed: the lines each group had before, and the earlier input's (all groups'), so that
  // lines number on from it as one continuous watch numbers them.
  const prior = plan.model ? await priorLines(plan.model) : new Map<string, number>();
  const offset = [...prior.values()].reduce((a, b) => a + b, 0);
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'ae-groups-'));
  const outcomes: (GroupOutcome<O> & { rows: number })[] = [];
  try {
    for (const g of groups) {
      const before = prior.get(groupDir(g.key)) ?? 0;
      const line = (k: number) => g.lines[k] ?? g.lines.at(-1)! + (k - g.lines.length + 1);
      const at = (i: number) => offset + line(i - before);
      const tag = (r: ScanRecord): ScanRecord => ({ ...r, index: at(r.index), group: g.key });
      const say = (m: string) => `[${column} ${g.key}] ${m}`;
      const notes = env.notes && {
        note: (m: string) => env.notes!.note(say(m)),
        warn: (m: string) => env.notes!.warn(say(m)),
      };
      const dir = groupDir(g.key);
      const file = path.join(tmp, `${dir}.csv`);
      await fsp.writeFile(file, g.text);
      const model = plan.model ? path.join(plan.model, dir) : undefined;
      const known = model !== undefined && (await exists(model));
      if (model && !known) notes?.note(`no model for this group in ${plan.model}: learning from its first rows`);
      const { model: _, learnPlan, ...rest } = plan;
      // A group the saved watch has no model for learns as a new watch would.
      const own = known ? { ...rest, file, model } : { ...(learnPlan ?? rest), file };
      const outcome = await watch(own, {
        ...env,
        ...(notes ? { notes } : {}),
        ...(env.onRecords ? { onRecords: (rs) => env.onRecords!(rs.map(tag)) } : {}),
      });
      renumber(outcome.result, at, g.key);
      outcomes.push({ key: g.key, dir, rows: g.lines.length, outcome });
    }
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
  return mergedOutcome(outcomes, column);
}

/** The groups' outcomes as one: a merged result, each group's own kept for its folder. */
export function mergedOutcome<O extends ScanOutcome>(
  parts: (GroupOutcome<O> & { rows: number })[],
  column: string,
): ScanOutcome & { groups: GroupOutcome<O>[] } {
  return {
    result: merged(parts, column),
    detector: parts.at(-1)!.outcome.detector,
    fit: null,
    groups: parts.map(({ key, dir, outcome }) => ({ key, dir, outcome })),
  };
}

/** A group's folder name: its key where that is a plain name, else made plain plus a short hash. */
export function groupDir(key: string): string {
  const plain = key.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
  if (plain === key) return key;
  return `${plain.slice(0, 60)}-${createHash('sha256').update(key).digest('hex').slice(0, 6)}`;
}

/** Each group folder's data lines so far (its saved watch state), by folder name. */
async function priorLines(model: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const entries = await fsp.readdir(model, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    // watch-run.ts' WATCH_STATE_FILE (imported, it would make a cycle).
    const text = await fsp.readFile(path.join(model, e.name, 'watch-state.json'), 'utf8').catch(() => null);
    const lines = text ? (JSON.parse(text) as { collector?: { lines?: number } }).collector?.lines : undefined;
    if (typeof lines === 'number') out.set(e.name, lines);
  }
  return out;
}

async function exists(dir: string): Promise<boolean> {
  return fsp.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** A group's result in the file's line numbers, each item tagged with its group. */
export function renumber(r: ScanResult, at: (i: number) => number, key: string): void {
  const span = <T extends { start: number; end: number }>(x: T): T => ({
    ...x,
    start: at(x.start),
    end: at(x.end - 1) + 1,
  });
  r.incidents = r.incidents.map((iv) => ({ ...span(iv), group: key }) as Incident);
  r.flagged = r.flagged.map((f) => ({ ...f, index: at(f.index), group: key }) as FlaggedItem);
  r.intervals = r.intervals.map((iv) => ({ ...span(iv), group: key }));
  if (r.kept) r.kept.index = r.kept.index.map(at);
}

function merged(parts: (GroupOutcome & { rows: number })[], column: string): ScanResult {
  const results = parts.map((p) => p.outcome.result);
  const first = results[0]!;
  const counts = { ...first.counts };
  for (const r of results.slice(1))
    for (const [k, v] of Object.entries(r.counts))
      (counts as Record<string, number>)[k] = ((counts as Record<string, number>)[k] ?? 0) + v;
  const groups: GroupSummary[] = parts.map((p) => ({
    key: p.key,
    dir: p.dir,
    rows: p.rows,
    counts: p.outcome.result.counts,
    learnedLines: p.outcome.result.learnedLines,
    incidents: p.outcome.result.counts.incidents ?? 0,
  }));
  return {
    ...first,
    input: { ...first.input, groupBy: column, groups },
    counts,
    flagged: results.flatMap((r) => r.flagged),
    intervals: results.flatMap((r) => r.intervals),
    intervalCount: results.reduce((n, r) => n + r.intervalCount, 0),
    incidents: results.flatMap((r) => r.incidents),
    warnings: parts.flatMap((p) => p.outcome.result.warnings.map((w) => `[${column} ${p.key}] ${w}`)),
    learnedLines: null,
    blamedFirst: {},
    kept: null,
    plot: null,
    metrics: null,
    time: null,
    resumedAfter: null,
  };
}
