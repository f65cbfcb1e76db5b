// What a watch says on stderr: what it learned from, the rule it flagged by, and each incident
// — when, how unusual at its peak, which metrics to blame.
import type { ScanResult } from '../../scan/scan-result.js';
import type { IncidentEvent } from '../../scan/incident-events.js';
import type { Logger } from '../log.js';

/** `incidents`: ended ones (end events) and open ones (their start events: "ongoing"). */
export function printWatch(log: Logger, result: ScanResult, incidents: IncidentEvent[]): void {
  const c = log.chalk;
  const counts = result.counts;
  const learned = result.learnedLines;
  const relearn = result.model.relearn as { every: number; refits: number } | undefined;
  const rule =
    `likelihood ≥ ${result.likelihoodThreshold}` +
    (counts.outOfRange !== undefined ? ', or a value beyond the range seen' : '');
  log.info(
    `ae watch: ${learned !== null ? `learned from the first ${learned} rows; ` : ''}` +
      (result.resumedAfter !== null
        ? `went on after row ${result.resumedAfter - 1} (counts are the whole watch's); `
        : '') +
      `${counts.scored + (counts.unscored ?? 0)} rows, ${counts.flagged} flagged (${rule})` +
      (relearn ? `, refitted ${relearn.refits} time(s) (every ${relearn.every} rows)` : '') +
      (counts.skipped ? `, ${counts.skipped} skipped` : '') +
      `: ${c.red(`${counts.incidents ?? 0} incident(s)`)}`,
  );
  const groups = result.input.groups as
    { key: string; rows: number; learnedLines: number | null; incidents: number }[] | undefined;
  for (const g of groups ?? [])
    log.info(
      `  [${g.key}] ${g.rows} rows${g.learnedLines !== null ? `, learned from the first ${g.learnedLines}` : ''}: ${g.incidents} incident(s)`,
    );
  incidents.forEach((e) => {
    const open = e.event === 'start';
    const group = e.group !== undefined ? `[${e.group}] ` : '';
    const when =
      group +
      (e.startId !== undefined
        ? `${e.startId} … ${open ? 'ongoing' : e.endId}`
        : `rows ${e.start}–${(e.end ?? e.start + 1) - 1}`);
    const peak = e.peakLikelihood !== null ? `peak likelihood ${e.peakLikelihood}` : 'score overflowed';
    const blame = e.blame.length ? `; blames ${e.blame.join(', ')}` : '';
    log.info(`  ${when}  ${e.flagged} flagged row(s), ${peak}${e.outOfRange ? ', out of range' : ''}${blame}`);
  });
  const more = (counts.incidents ?? 0) - incidents.length;
  if (more > 0) log.info(`  … and ${more} more (--incidents or --json lists all)`);
}
