// The page around the report's sections: escaping, number formatting, the stylesheet and the
// table-sorting script, all inline so the file stands alone.

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Numbers as people read them: integers grouped, others to 4 significant digits. */
export function fmt(v: number | undefined | null): string {
  if (v === undefined || v === null || typeof v !== 'number') return '–';
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return String(v); // as every other output prints indices and counts
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

export function section(title: string, html: string): string {
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `<section id="${id}"><h2>${esc(title)}</h2>\n${html}\n</section>`;
}

/** Values are HTML already (callers escape what they take from files). */
export function keyValues(rows: [string, string][]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2430; --dim: #6b7380; --line: #e3e6ea; --high: #d62728; --low: #2ca02c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
header { background: #1d2430; color: #fff; padding: 20px 32px; }
header h1 { margin: 0; font-size: 22px; font-weight: 600; }
header p { margin: 4px 0 0; color: #b8c0cc; font-size: 13px; }
main { max-width: 1040px; margin: 0 auto; padding: 16px 24px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h2 { margin: 0 0 12px; font-size: 17px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dt { color: var(--dim); } dd { margin: 0; }
code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #f0f2f5; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
.dim { color: var(--dim); }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; min-width: 110px; }
.tile b { display: block; font-size: 22px; } .tile span { color: var(--dim); font-size: 13px; }
.tile.high b { color: var(--high); } .tile.low b { color: var(--low); }
figure.chart { margin: 0; overflow-x: auto; } figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; white-space: nowrap; }
table.sortable th[aria-sort="ascending"]::after { content: " ▲"; }
table.sortable th[aria-sort="descending"]::after { content: " ▼"; }
table.sortable { display: block; max-height: 480px; overflow-y: auto; }
table.confusion { width: auto; margin-top: 12px; }
.files a { color: #1f5fbf; }
`;

/** Click a heading to sort by it, ascending (numbers as numbers); click again to reverse. */
const SORT_SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.querySelectorAll('th');
  heads.forEach(function (th, col) {
    th.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var v = row.cells[col].getAttribute('data-v') || '';
        var n = Number(v);
        return v !== '' && !isNaN(n) ? n : v;
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return dir === 'ascending' ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;

export function page(title: string, sections: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ae report, format 1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p>Anomaly detection with a deep autoencoder · report format 1</p></header>
<main>
${sections.join('\n')}
</main>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
