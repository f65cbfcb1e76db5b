// `ae watch FILE --group-by instance`: one series per value of a column, each learned and
// watched on its own (its own model, likelihood history, range and incidents: hosts differ in
// level and rhythm), records numbered as the file's lines and tagged with their group, the
// results merged into one (decisions #59).
import { Readable } from 'node:stream';
import { splitGroups } from '../data/groups.js';
import { UsageError } from '../errors.js';
import type { Incident } from '../detect/incidents.js';
import type { ScanCounts, ScanResult } from './collector.js';
import { runScanPlan, type ScanEnv, type ScanOutcome, type ScanPlan } from './plan.js';
import type { FlaggedItem, ScanRecord } from './records.js';

export interface GroupSummary {
  key: string;
  rows: number;
  counts: ScanCounts;
  learnedLines: number | null;
  incidents: number;
}

export async function runGroupedWatch(plan: ScanPlan, column: string, env: ScanEnv): Promise<ScanOutcome> {
  if (plan.model || plan.saveTo)
    throw new UsageError('--group-by learns one model per group: it goes with neither --model nor --out yet');
  const groups = await splitGroups(plan.file, column, env.stdin);
  const outcomes: { key: string; lines: number[]; outcome: ScanOutcome }[] = [];
  for (const g of groups) {
    const at = (i: number) => g.lines[i] ?? g.lines.at(-1)! + (i - g.lines.length + 1);
    const tag = (r: ScanRecord): ScanRecord => ({ ...r, index: at(r.index), group: g.key });
    const notes = env.notes && {
      note: (m: string) => env.notes!.note(`[${column} ${g.key}] ${m}`),
      warn: (m: string) => env.notes!.warn(`[${column} ${g.key}] ${m}`),
    };
    const outcome = await runScanPlan(
      { ...plan, file: '-' },
      {
        ...env,
        stdin: Readable.from([Buffer.from(g.text)]),
        ...(notes ? { notes } : {}),
        ...(env.onRecords ? { onRecords: (rs) => env.onRecords!(rs.map(tag)) } : {}),
      },
    );
    renumber(outcome.result, at, g.key);
    outcomes.push({ key: g.key, lines: g.lines, outcome });
    if (outcomes.length < groups.length) outcome.detector.dispose();
  }
  return { result: merged(outcomes, column), detector: outcomes.at(-1)!.outcome.detector, fit: null };
}

/** A group's result in the file's line numbers, each item tagged with its group. */
function renumber(r: ScanResult, at: (i: number) => number, key: string): void {
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

function merged(parts: { key: string; lines: number[]; outcome: ScanOutcome }[], column: string): ScanResult {
  const results = parts.map((p) => p.outcome.result);
  const first = results[0]!;
  const counts = { ...first.counts };
  for (const r of results.slice(1))
    for (const [k, v] of Object.entries(r.counts))
      (counts as Record<string, number>)[k] = ((counts as Record<string, number>)[k] ?? 0) + v;
  const groups: GroupSummary[] = parts.map((p) => ({
    key: p.key,
    rows: p.lines.length,
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
