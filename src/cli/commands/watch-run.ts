// The work behind `ae watch`: the flags as a watch plan (scan/watch.ts), run as a scan plan
// is (scan-run.ts#runPlan); records become incident events as they stream, and the summary on
// stderr names each incident, its peak likelihood and the metrics it blames.
import type { RecordSink, ScanResult } from '../../scan/collector.js';
import { IncidentEvents, type IncidentEvent } from '../../scan/incident-events.js';
import type { ScanRecord } from '../../scan/records.js';
import { parseLearn, watchPlan } from '../../scan/watch.js';
import type { Context } from '../context.js';
import { writeWithBackpressure } from '../io.js';
import { printJson } from '../output.js';
import { ndjsonSink, scanDocument } from './scan-output.js';
import { runPlan } from './scan-run.js';
import { counterChoice } from './option-groups.js';
import type { WatchFlags } from './watch-options.js';
import { printWatch } from './watch-print.js';

/** Incidents the summary lists (all are counted). */
const LISTED = 20;

export async function runWatch(ctx: Context, file: string, flags: WatchFlags): Promise<void> {
  const plan = watchPlan({
    file,
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.columns !== undefined ? { columns: flags.columns } : {}),
    ...(flags.id !== undefined ? { id: flags.id } : {}),
    ...(flags.learn !== undefined ? { learn: parseLearn(flags.learn) } : {}),
    ...(flags.window ? { window: flags.window } : {}),
    ...(flags.likelihood !== undefined ? { likelihood: flags.likelihood } : {}),
    ...(flags.range === false ? { rangeMargin: null } : {}),
    ...(flags.gap !== undefined ? { gap: flags.gap } : {}),
    ...(flags.cooldown !== undefined ? { cooldown: flags.cooldown } : {}),
    ...(flags.hold === false ? { hold: null } : typeof flags.hold === 'number' ? { hold: flags.hold } : {}),
    ...(flags.explain !== undefined ? { explain: flags.explain } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
    ...(flags.skipInvalid ? { skipInvalid: true } : {}),
    ...(flags.impute ? { impute: flags.impute } : {}),
    ...counterChoice(flags),
    ...(flags.out ? { saveTo: flags.out } : {}),
    keep: {
      scores: flags.out !== undefined,
      flagged: flags.json === true || flags.out !== undefined,
      plot: flags.out !== undefined,
    },
  });
  const events = new IncidentEvents();
  const listed: IncidentEvent[] = [];
  const records = flags.ndjson ? ndjsonSink(ctx) : null;
  const sink: RecordSink = async (batch: ScanRecord[]) => {
    const made = events.take(batch);
    for (const e of made) if (e.event === 'end' && listed.length < LISTED) listed.push(e);
    if (flags.incidents && made.length)
      await writeWithBackpressure(ctx.io.stdout, made.map((e) => JSON.stringify(e) + '\n').join(''));
    await records?.(batch);
  };
  const { runWatch: runWatchPlan } = await import('../../scan/watch-run.js');
  await runPlan(ctx, plan, {
    ...flags,
    runner: (p, env) => runWatchPlan(p, env, flags.groupBy),
    onRecords: sink,
    shorterFit: ['--epochs N'],
    print: (result: ScanResult) => {
      if (flags.json) printJson(ctx.io, scanDocument(result));
      const ongoing = events.ongoing;
      printWatch(ctx.log, result, ongoing && listed.length < LISTED ? [...listed, ongoing] : listed, ongoing !== null);
    },
  });
}
