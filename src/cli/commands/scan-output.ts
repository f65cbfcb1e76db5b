// Writing out what a scan found: NDJSON records as they arrive, the JSON document (or the
// summary on stderr) at the end, and the files of a run folder. Formatting only: the scan's
// rules are the core's (scan/collector.ts).
import { promises as fsp } from 'node:fs';
import type { StagedDir } from '../../io/atomic.js';
import { roundedThresholds } from '../../scan/collector.js';
import type { KeptScores, RecordSink, ScanResult } from '../../scan/scan-result.js';
import type { ScanRecord } from '../../scan/records.js';
import { r6 } from '../../scan/records.js';
import { heapKeeper } from '../heap.js';
import { isoTimes } from '../../scan/time-order.js';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { writeWithBackpressure } from '../io.js';
import { printJson } from '../output.js';
import { csvCell, recordLine } from './scan-records.js';
import { printSummary } from './scan-print.js';

/** NDJSON on stdout, one write per batch, waiting when the reader is slower than the scan. */
export function ndjsonSink(ctx: Context): RecordSink {
  const keepHeap = heapKeeper();
  return async (records: ScanRecord[]) => {
    let lines = '';
    for (const r of records) lines += recordLine(r);
    await writeWithBackpressure(ctx.io.stdout, lines);
    keepHeap();
  };
}

/** `ae scan --json`: the whole document (docs/formats.md). */
export function scanDocument(result: ScanResult) {
  return {
    version: OUTPUT_FORMAT_VERSION,
    input: result.input,
    model: result.model,
    thresholds: thresholdsOf(result),
    counts: result.counts,
    ...(result.learnedLines !== null ? { learnedLines: result.learnedLines } : {}),
    ...(result.resumedAfter !== null ? { resumedAfter: result.resumedAfter } : {}),
    ...(result.time ? { time: result.time } : {}),
    flagged: result.flagged,
    ...(result.windowed ? { intervals: result.intervals } : {}),
    ...(result.counts.incidents !== undefined ? { incidents: incidentsOf(result) } : {}),
    ...(result.metrics ? { metrics: result.metrics } : {}),
    ...(result.warnings.length ? { warnings: result.warnings } : {}),
  };
}

/** The thresholds as printed; with a likelihood rule, that rule (it alone flags). */
function thresholdsOf(result: ScanResult) {
  const t = result.likelihoodThreshold;
  if (t !== null) return { likelihood: { value: t, rule: `likelihood ${t}` } };
  return roundedThresholds(result.thresholds);
}

function incidentsOf(result: ScanResult) {
  return result.incidents.map((iv) => ({
    ...iv,
    ...isoTimes(iv),
    peakScore: iv.peakScore === null ? null : r6(iv.peakScore),
  }));
}

/** The document without its flagged list (flagged.json holds that): a run folder's record. */
export function scanSummary(result: ScanResult): Record<string, unknown> {
  const {
    flagged: _flagged,
    intervals: _intervals,
    ...rest
  } = scanDocument(result) as ReturnType<typeof scanDocument> & { intervals?: unknown };
  return rest;
}

export function printScan(ctx: Context, result: ScanResult, as: { json: boolean; ndjson: boolean }): void {
  if (as.json) return printJson(ctx.io, scanDocument(result));
  printSummary(ctx.log, result, as.ndjson);
}

/** scores.csv, written a block of lines at a time (millions of scores need no string of them all). */
async function writeScoresCsv(file: string, kept: KeptScores): Promise<void> {
  const ids = kept.id;
  const out = await fsp.open(file, 'w');
  // A block's line strings outlive a scavenge (the write awaits), so V8 promotes them: collect
  // as the heap doubles, or a 2 M-line file costs hundreds of MB of dead strings (measured).
  const keepHeap = heapKeeper();
  try {
    await out.write(ids ? 'index,id,score,flagged,tail\n' : 'index,score,flagged,tail\n');
    const block = 65536;
    for (let from = 0; from < kept.score.length; from += block) {
      let text = '';
      for (let i = from; i < Math.min(from + block, kept.score.length); i++) {
        const tail = kept.tail[i];
        text += `${kept.index[i]}${ids ? `,${csvCell(ids[i]!)}` : ''},${r6(kept.score[i]!)},${tail ? 1 : 0},${tail ?? ''}\n`;
      }
      await out.write(text);
      keepHeap();
    }
  } finally {
    await out.close();
  }
}

/** scores.csv, flagged.json, metrics.json, the histogram and the series plot. */
export async function writeScanFiles(dir: Pick<StagedDir, 'path' | 'file'>, result: ScanResult): Promise<void> {
  const kept = result.kept ?? { score: new Float64Array(0), index: new Int32Array(0), tail: [], id: null };
  await writeScoresCsv(dir.file('scores.csv'), kept);
  const flagged = {
    version: OUTPUT_FORMAT_VERSION,
    thresholds: thresholdsOf(result),
    flagged: result.flagged,
    ...(result.windowed ? { intervals: result.intervals } : {}),
    ...(result.counts.incidents !== undefined ? { incidents: incidentsOf(result) } : {}),
  };
  await fsp.writeFile(dir.file('flagged.json'), JSON.stringify(flagged, null, 2) + '\n');
  if (result.metrics) {
    const doc = { version: OUTPUT_FORMAT_VERSION, ...result.metrics };
    await fsp.writeFile(dir.file('metrics.json'), JSON.stringify(doc, null, 2) + '\n');
  }
  const { writeScanPlots } = await import('../../report/scan-plots.js');
  const byLikelihood = result.likelihoodThreshold !== null;
  await writeScanPlots(dir.path, {
    scores: kept.score,
    // Flagged by likelihood, the score thresholds decided nothing: none is drawn.
    thresholds: byLikelihood ? {} : result.thresholds,
    ...(byLikelihood ? { likelihood: result.likelihoodThreshold! } : {}),
    ...(result.learnedLines !== null ? { learnedLines: result.learnedLines } : {}),
    ...(result.resumedAfter !== null ? { resumedAfter: result.resumedAfter } : {}),
    ...(result.time ? { time: result.time } : {}),
    flagged: result.flagged,
    metricNames: result.input.names as string[] | undefined,
    ...(result.plot ? { sample: result.plot } : {}),
  });
}
