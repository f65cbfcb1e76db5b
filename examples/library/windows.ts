// ae as a library, in TypeScript: one long series, cut into windows, both tails flagged, the
// flagged windows merged into intervals and explained; then the same detector streams a CSV
// file record by record. Compile with tsc (module nodenext), run the output with node.
import { Detector, scan, type Interval, type ScanRecord, type Scores } from 'ae-anomaly';

const series: number[] = Array.from({ length: 3000 }, (_, i) => Math.sin(i / 10) + (i >= 2000 && i < 2012 ? 3 : 0));

const detector: Detector = await Detector.fit(series, {
  window: 50,
  stride: 5,
  epochs: 30,
  seed: 1,
  outputActivation: 'linear',
  percentile: 99.5,
});
const result: Scores = await detector.score(series, { explain: 3 });
const intervals: Interval[] = result.intervals;
for (const iv of intervals) {
  const why = result.flagged.find((f) => f.start === iv.start)?.explain?.[0];
  console.log(
    `rows ${iv.start}–${iv.end - 1}: ${iv.windows} window(s), ${iv.tail}, max ${iv.maxScore}, most at ${why?.column}`,
  );
}

// A CSV with a `value` column, streamed in bounded memory: each batch's records as they come.
const file = process.argv[2];
if (file) {
  let flagged = 0;
  const found = await scan(file, detector, {
    read: { window: { column: 'value', size: 50, stride: 5 } },
    onRecords: (records: ScanRecord[]) => {
      for (const r of records) if ('tail' in r && r.tail) flagged++;
    },
  });
  console.log(`${file}: ${found.counts.scored} windows, ${flagged} flagged`);
}
detector.dispose();
