// Several live series at once (`ae watch --prometheus` whose queries return a series per
// instance): each series is a watch of its own stream — learned from its own first rows, or
// resumed from its folder in the saved watch — all running side by side as rows arrive, their
// learning taking turns (one fit at a time: two cores, and one progress line). Records, incidents
// and the summary carry the series' key as their group; its rows are numbered in its own stream.
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { LearnPart } from './fit-file.js';
import type { ScanEnv, ScanOutcome, ScanPlan } from './plan.js';
import { groupDir, mergedOutcome, renumber, type GroupOutcome } from './watch-groups.js';
import { runWatch, type WatchOutcome } from './watch-run.js';

export interface LiveSeries {
  /** Its name as records and incidents carry it (`group`). */
  key: string;
  /** Saved with its state, so that a restart finds the series again. */
  labels: Record<string, string>;
  stream: Readable;
  /** Its learning rows (a new watch); none when resumed from `plan.model`. */
  learn?: LearnPart;
}

/** What the records and incidents of live series are grouped by. */
export const SERIES_GROUP = 'series';

export async function runLiveGroups(
  plan: ScanPlan,
  env: ScanEnv,
  series: LiveSeries[],
  stop: () => void,
): Promise<ScanOutcome & { groups: GroupOutcome<WatchOutcome>[] }> {
  const learnGate = turns();
  const runs = series.map(async (s) => {
    const dir = groupDir(s.key);
    const say = (m: string) => `[${SERIES_GROUP} ${s.key}] ${m}`;
    const notes = env.notes && {
      note: (m: string) => env.notes!.note(say(m)),
      warn: (m: string) => env.notes!.warn(say(m)),
    };
    const { model, trainFirst, ...rest } = plan;
    const own: ScanPlan = {
      ...rest,
      file: '-',
      ...(model ? { model: path.join(model, dir) } : { trainFirst: s.learn ?? trainFirst! }),
      ...(plan.saveTo ? { saveTo: path.join(plan.saveTo, dir) } : {}),
    };
    const outcome = (await runWatch(own, {
      ...env,
      stdin: s.stream,
      learnGate,
      ...(notes ? { notes } : {}),
      ...(env.onRecords ? { onRecords: (rs) => env.onRecords!(rs.map((r) => ({ ...r, group: s.key }))) } : {}),
    })) as WatchOutcome;
    renumber(outcome.result, (i) => i, s.key);
    outcome.state.series = s.labels;
    return { key: s.key, dir, rows: outcome.result.counts.scored + (outcome.result.counts.unscored ?? 0), outcome };
  });
  // One series that fails (its learning, a bad answer) ends them all: the input stops.
  const settled = await Promise.allSettled(runs.map((r) => r.catch((err) => (stop(), Promise.reject(err)))));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const done = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    for (const d of done) d.outcome.detector.dispose();
    throw failed.reason;
  }
  return mergedOutcome(done, SERIES_GROUP);
}

/** Runs what it is given one at a time, in the order given. */
function turns(): <T>(work: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const mine = last.then(work, work);
    last = mine.catch(() => undefined);
    return mine;
  };
}
