// How well `--explain` names the metrics experts blamed (ASD and SMD's interpretation_label,
// `start-end:dim,dim,…`, test rows 0-based and inclusive, metrics 1-based). For each flagged
// row inside such a segment: the first k distinct metrics its record names, and the share of
// min(k, labelled) they cover (HitRate@k, after OmniAnomaly's HitRate@P% with a fixed k).
// Averaged over those rows; the number of rows says how much it rests on.

export interface ExplainedRecord {
  index: number;
  flagged: boolean;
  explain?: { column: number }[];
}

export interface Segment {
  start: number;
  end: number;
  metrics: Set<number>;
}

export function parseInterpretation(text: string): Segment[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.includes(':'))
    .map((line) => {
      const [range, dims] = line.split(':');
      const [start, end] = range!.split('-').map(Number);
      return { start: start!, end: end!, metrics: new Set(dims!.split(',').map(Number)) };
    });
}

/** HitRate@k over the flagged test rows in labelled segments; records' index counts from `offset`. */
export function hitRate(
  records: ExplainedRecord[],
  segments: Segment[],
  k: number,
  offset: number,
): { hitRate: number | null; rows: number } {
  let sum = 0;
  let rows = 0;
  for (const r of records) {
    if (!r.flagged || !r.explain?.length) continue;
    const row = r.index - offset;
    const seg = segments.find((s) => row >= s.start && row <= s.end);
    if (!seg) continue;
    const named = [...new Set(r.explain.map((e) => e.column))].slice(0, k);
    const hits = named.filter((m) => seg.metrics.has(m)).length;
    sum += hits / Math.min(k, seg.metrics.size);
    rows++;
  }
  return { hitRate: rows ? Number((sum / rows).toFixed(4)) : null, rows };
}
