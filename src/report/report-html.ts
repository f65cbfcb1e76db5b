// report.html: one self-contained page per run folder. Charts are the folder's own SVGs, inlined
// (no CDN, nothing fetched: it opens offline from disk); a few lines of script sort the table.
import type { FlaggedRecord, RunFolder } from './run-folder.js';
import { esc, fmt, keyValues, page, section } from './report-page.js';

/** The table lists at most this many flagged samples, highest scores first (flagged.json has all). */
export const REPORT_TOP_N = 500;

export function buildReport(run: RunFolder): string {
  const summary = run.record?.summary ?? {};
  const title = reportTitle(run);
  const body = [
    runSection(run, summary),
    countsSection(summary),
    chartSection('Scores', run.charts.histogram, 'histogram'),
    chartSection('Series', run.charts.series, 'series'),
    incidentsSection(run.flagged?.incidents),
    intervalsSection(run.flagged?.intervals),
    flaggedSection(run.flagged?.flagged),
    metricsSection(run.metrics),
    chartSection('Reconstructions', run.charts.reconstructions, 'reconstructions'),
    chartSection('Training', run.charts.loss, 'loss', trainingLine(summary, run.bundle)),
    filesSection(run.files),
  ];
  return page(
    title,
    body.filter((s) => s !== ''),
  );
}

function reportTitle(run: RunFolder): string {
  const s = run.record?.summary ?? {};
  const input = s.input as { file?: string } | undefined;
  if (run.record?.kind === 'train-mnist') return `ae — MNIST, digit ${String(s.normal)} as normal`;
  // A watch is a scan with its own defaults; its command line says which it was.
  if (run.record?.kind === 'scan') return `ae ${run.record.command?.[1] ?? 'scan'} — ${input?.file ?? 'data'}`;
  if (run.record?.kind === 'train') return `ae train — ${String(s.data ?? 'data')}`;
  return `ae — ${run.dir}`;
}

function runSection(run: RunFolder, summary: Record<string, unknown>): string {
  const r = run.record;
  const b = run.bundle as { architecture?: { layers?: number[] }; backend?: string; score?: string } | null;
  // A scan with --model saves no bundle: its summary names the network and the score.
  const model = summary.model as
    { dir?: string | null; backend?: string; layers?: number[]; score?: string } | undefined;
  const layers = b?.architecture?.layers ?? model?.layers;
  const score = b?.score ?? model?.score;
  const rows: [string, string][] = [];
  if (r?.command) rows.push(['command', `<code>${esc(r.command.join(' '))}</code>`]);
  if (r?.createdAt) rows.push(['created', esc(r.createdAt)]);
  if (layers) rows.push(['network', esc(layers.join('-'))]);
  if (model?.dir) rows.push(['model', esc(model.dir)]);
  const backend = (summary.backend as string | undefined) ?? model?.backend ?? b?.backend;
  if (backend) rows.push(['backend', esc(backend)]);
  if (score) rows.push(['score', esc(score)]);
  const versions = [r?.ae && `ae ${r.ae}`, r?.node && `Node ${r.node}`].filter(Boolean).join(', ');
  if (versions) rows.push(['versions', esc(versions)]);
  const thresholds = (summary.thresholds ?? (run.bundle?.thresholds as unknown)) as
    Record<string, { value: number; rule: string }> | undefined;
  for (const [tail, t] of Object.entries(thresholds ?? {}))
    // A likelihood level is read to its last 9 (0.99999 is not 1).
    rows.push([
      `${tail} threshold`,
      `${tail === 'likelihood' ? esc(String(t.value)) : fmt(t.value)} <span class="dim">(${esc(t.rule)})</span>`,
    ]);
  if (typeof summary.learnedLines === 'number') rows.push(['learned from', `data rows 0–${summary.learnedLines - 1}`]);
  for (const w of (summary.warnings as string[] | undefined) ?? [])
    rows.push(['warning', `<b class="warning">${esc(w)}</b>`]);
  return rows.length ? section('Run', keyValues(rows)) : '';
}

function countsSection(summary: Record<string, unknown>): string {
  const counts = summary.counts as Record<string, number> | undefined;
  if (!counts) return '';
  const tiles = Object.entries(counts)
    .map(([k, v]) => `<div class="tile ${esc(k)}"><b>${fmt(v)}</b><span>${esc(k)}</span></div>`)
    .join('');
  return section('Counts', `<div class="tiles">${tiles}</div>`);
}

/**
 * Vega's SVGs name their clip paths clip1, clip2, … in every file: inlined side by side, the
 * second chart would clip by the first one's paths. Each chart's ids get its own prefix.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`)
    .replace(/^<\?xml[^>]*>\s*/, '');
}

function chartSection(title: string, svg: string | undefined, name: string, caption = ''): string {
  if (!svg) return caption ? section(title, `<p>${caption}</p>`) : '';
  const figure = `<figure class="chart" data-chart="${name}">${scopeSvgIds(svg, name)}</figure>`;
  return section(title, (caption ? `<p>${caption}</p>` : '') + figure);
}

function trainingLine(summary: Record<string, unknown>, bundle: Record<string, unknown> | null): string {
  const t = (summary.training ??
    (summary.model as { training?: unknown } | undefined)?.training ??
    bundle?.training) as Record<string, unknown> | undefined;
  if (!t) return '';
  const parts = [
    t.epochs !== undefined && `${fmt(t.epochs as number)} epochs`,
    t.seconds !== undefined && `${fmt(t.seconds as number)} s`,
    typeof t.loss === 'number' && `final loss ${fmt(t.loss)}`,
    typeof t.valLoss === 'number' && `validation loss ${fmt(t.valLoss)}`,
    typeof t.meanLoss === 'number' && `column means' loss ${fmt(t.meanLoss)}`,
    t.bestEpoch !== undefined && `best epoch ${fmt(t.bestEpoch as number)}`,
    t.interrupted === true && '<b>interrupted</b>',
    ...(Array.isArray(t.warnings) ? t.warnings.map((w) => `<b class="warning">warning: ${esc(String(w))}</b>`) : []),
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Incidents (flagged rows with no unflagged stretch longer than the gap between them). */
function incidentsSection(incidents: Record<string, unknown>[] | undefined): string {
  if (!incidents?.length) return '';
  const rows = incidents
    .slice(0, REPORT_TOP_N)
    .map((iv): Record<string, unknown> => ({ ...iv, blame: Array.isArray(iv.blame) ? iv.blame.join(', ') : iv.blame }));
  const cols = ['startId', 'endId', 'start', 'end', 'flagged', 'peakLikelihood', 'peakScore', 'blame'].filter((c) =>
    rows.some((r) => r[c] !== undefined && r[c] !== ''),
  );
  return section('Incidents', table(cols, rows, 'incidents'));
}

function intervalsSection(intervals: Record<string, unknown>[] | undefined): string {
  if (!intervals?.length) return '';
  const cols = ['start', 'end', 'startId', 'endId', 'tail', 'windows', 'maxScore'].filter((c) =>
    intervals.some((iv) => iv[c] !== undefined),
  );
  return section('Flagged intervals', table(cols, intervals.slice(0, REPORT_TOP_N), 'intervals'));
}

function flaggedSection(flagged: FlaggedRecord[] | undefined): string {
  if (!flagged) return '';
  if (flagged.length === 0) return section('Most anomalous', '<p>Nothing was flagged.</p>');
  const top = [...flagged].sort((a, b) => b.score - a.score).slice(0, REPORT_TOP_N);
  const cols = ['index', 'id', 'digit', 'start', 'end', 'startId', 'endId', 'score', 'tail', 'explain'].filter((c) =>
    top.some((f) => f[c] !== undefined),
  );
  const note =
    flagged.length > top.length
      ? `<p>The ${top.length} highest scores of ${flagged.length} flagged (flagged.json has all).</p>`
      : `<p>${flagged.length} flagged; click a heading to sort.</p>`;
  return section('Most anomalous', note + table(cols, top, 'flagged', 'score'));
}

/** An explanation entry as flagged.json holds it (docs/cli.md, "--explain"). */
interface Blame {
  column?: number;
  name?: string;
  offset?: number;
  pixel?: [number, number];
  share: number;
}

/** "cpu t+3" (a window's metric and row), "cpu", "column 4", or a pixel "12,7". */
function blameLabel(b: Blame): string {
  if (b.pixel) return b.pixel.join(',');
  const column = b.name ?? (b.column !== undefined ? `column ${b.column}` : '');
  return b.offset !== undefined ? `${column} t+${b.offset}`.trim() : column;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '<td></td>';
  if (typeof value === 'number') return `<td class="num" data-v="${value}">${fmt(value)}</td>`;
  if (Array.isArray(value)) {
    const blame = value as Blame[];
    const text = blame.map((b) => `${esc(blameLabel(b))} ${(b.share * 100).toFixed(0)}%`).join(', ');
    return `<td data-v="${esc(blame[0] ? blameLabel(blame[0]) : '')}">${text}</td>`;
  }
  return `<td data-v="${esc(String(value))}">${esc(String(value))}</td>`;
}

/** `sortedBy`: the column the rows arrive sorted by, descending (marked so a click reverses it). */
function table(cols: string[], rows: Record<string, unknown>[], name: string, sortedBy?: string): string {
  const mark = (c: string) => (c === sortedBy ? ' aria-sort="descending"' : '');
  const head = cols.map((c) => `<th data-sort="${c}"${mark(c)}>${esc(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${cols.map((c) => cell(r[c])).join('')}</tr>`).join('\n');
  return `<table class="sortable" data-table="${name}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function metricsSection(metrics: Record<string, unknown> | null): string {
  if (!metrics) return '';
  const m = metrics as Record<string, unknown> & {
    atThresholds?: Record<string, number>;
    confusion?: Record<string, number>;
    bestF1?: { f1: number; threshold: number };
    precisionAtK?: { k: number; precision: number };
  };
  const decided: Record<string, number> = m.atThresholds ?? {
    ...(m.confusion ?? {}),
    precision: m.precision as number,
    recall: m.recall as number,
    f1: m.f1 as number,
  };
  const rows: [string, string][] = [
    ['ROC AUC', fmt(m.rocAuc as number)],
    ['PR AUC', fmt(m.prAuc as number)],
  ];
  if (m.samples !== undefined)
    rows.unshift(['labelled', `${fmt(m.positives as number)} anomalies in ${fmt(m.samples as number)}`]);
  if (m.precisionAtK) rows.push([`precision at ${m.precisionAtK.k}`, fmt(m.precisionAtK.precision)]);
  rows.push([
    'at the thresholds',
    `precision ${fmt(decided.precision!)}, recall ${fmt(decided.recall!)}, F1 ${fmt(decided.f1!)}`,
  ]);
  if (m.bestF1) rows.push(['best F1', `${fmt(m.bestF1.f1)} at ${fmt(m.bestF1.threshold)}`]);
  const c = (k: string) => `<td class="num">${fmt(decided[k]!)}</td>`;
  const confusion =
    `<table class="confusion" data-table="confusion"><tr><th></th><th>flagged</th><th>not flagged</th></tr>` +
    `<tr><th>anomaly</th>${c('tp')}${c('fn')}</tr><tr><th>normal</th>${c('fp')}${c('tn')}</tr></table>`;
  return section('Against the labels', keyValues(rows) + confusion);
}

function filesSection(files: string[]): string {
  const links = files.map((f) => `<a href="${encodeURI(f)}">${esc(f)}</a>`).join(' · ');
  return section('Files in this folder', `<p class="files">${links}</p>`);
}
