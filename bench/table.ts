// The bench's table: every measure with its baseline from the same run, the ratio and the
// target (issue 16). Printed on stdout, and as the README's Markdown (`--readme`).
/* eslint-disable @typescript-eslint/no-explicit-any -- the results are JSON read back */

const f = (v: number | null | undefined, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');

export function rows(r: Record<string, any>): string[][] {
  const out: string[][] = [['measure', 'ae', 'baseline', 'ratio', 'target']];
  for (const [config, t] of Object.entries<any>(r.train ?? {})) {
    const s = t.secondsPerEpoch;
    const label = `train ${config} (${t.layers}, ${t.samples} samples), s/epoch`;
    out.push([
      label,
      f(s.ae),
      s.keras !== undefined ? `Keras ${f(s.keras)}` : 'Keras –',
      f(s.ae / s.keras, 2),
      '≤ 0.35',
    ]);
    out.push(['  vs a plain PyTorch loop', f(s.ae), `PyTorch ${f(s.torch)}`, f(s.ae / s.torch, 2), '< 1']);
    out.push(['  vs tfjs model.fit', f(s.ae), `model.fit ${f(s.fit)}`, f(s.ae / s.fit, 2), '']);
    out.push(['  vs ae step by step (wasm/cpu trainer)', f(s.ae), `eager ${f(s.eager)}`, f(s.ae / s.eager, 2), '']);
    out.push(['  ae first epoch / later epochs, s', `${f(t.aeFirstEpoch)} / ${f(t.aeSteadyEpoch)}`, '', '', '']);
    const l = t.finalLoss;
    out.push(['  final loss ae / Keras / PyTorch', f(l.ae, 4), `${f(l.keras, 4)} / ${f(l.torch, 4)}`, '', 'equal']);
    if (t.gflopsPerSecond !== undefined) {
      const [peak, one] = [r.matmulPeak?.gflops, r.matmulPeak?.gflopsOneThread];
      const g = t.gflopsPerSecond;
      out.push(['  GFLOP/s (whole run)', f(g, 1), `numpy GEMM peak, 2 cores ${f(peak, 1)}`, f(g / peak, 2), '≥ 0.5']);
      out.push(['  GFLOP/s (whole run)', f(g, 1), `numpy GEMM peak, 1 core ${f(one, 1)}`, f(g / one, 2), '']);
      out.push([
        '  GFLOP/s (later epochs)',
        f(t.gflopsPerSecondSteady, 1),
        '',
        f(t.gflopsPerSecondSteady / peak, 2),
        '',
      ]);
    }
  }
  const lg = r.long;
  if (lg) {
    const k = lg.keras ?? {};
    const label = `train ${lg.rows} rows × 4, --window ${lg.window} --stride 1, 1 epoch`;
    out.push([
      `${label}: s/epoch`,
      f(lg.ae.secondsPerEpoch, 1),
      `Keras ${f(k.secondsPerEpoch, 1)}`,
      f(lg.ae.secondsPerEpoch / k.secondsPerEpoch, 2),
      '',
    ]);
    out.push([
      '  peak RSS, MB',
      f(lg.ae.peakRssMB, 0),
      `Keras ${f(k.peakRssMB, 0)}`,
      f(lg.ae.peakRssMB / k.peakRssMB, 2),
      'ae < 1024',
    ]);
  }
  const sc = r.scan;
  if (sc) {
    const pd = sc.pandasNumpy;
    for (const [mode, m] of Object.entries<any>(sc.modes)) {
      const name = mode === 'default' ? 'default settings' : `--backend ${mode}`;
      out.push([
        `scan --model, ${f(sc.fileMB, 0)} MB, ${name}, s`,
        f(m.seconds, 2),
        pd ? `pandas + numpy ${f(pd.seconds, 2)}` : 'pandas –',
        m.ratioVsPandas ? `${f(m.ratioVsPandas, 2)}× its speed` : '–',
        mode === 'default' ? '≥ 1.5×' : '',
      ]);
      out.push([
        '  peak RSS MB (1/10 file, 1×, 4×)',
        `${f(m.tenthFilePeakRssMB, 0)}, ${f(m.peakRssMB, 0)}, ${f(m.fourTimesFilePeakRssMB, 0)}`,
        pd ? `pandas ${f(pd.peakRssMB, 0)}` : '',
        '',
        mode === 'default' ? '< 300' : '',
      ]);
    }
    out.push(['  bare papaparse parse, s', '', f(sc.papaparseSeconds, 2), '', '']);
  }
  for (const [backend, s] of Object.entries<any>(r.score ?? {}))
    out.push([
      `score in memory (${backend}), rows/s`,
      String(Math.round(s.rowsPerSecond)),
      `MNIST model ${Math.round(s.mnistRowsPerSecond)}`,
      '',
      '',
    ]);
  if (r.short) {
    out.push(['ae scan 100 rows --model, s', f(r.short.scan100Rows), '', '', '≤ 0.5']);
    out.push(['ae info, s', f(r.short.info), '', '', '≤ 1']);
    out.push(['ae --help, s', f(r.short.help), '', '', '< 0.3']);
  }
  return out;
}

function render(table: string[][]): string {
  const w = table[0]!.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => '| ' + row.map((c, i) => (c ?? '').padEnd(w[i]!)).join(' | ') + ' |';
  return [line(table[0]!), '|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|', ...table.slice(1).map(line)].join(
    '\n',
  );
}

export function printTable(r: Record<string, any>): void {
  process.stdout.write(render(rows(r)) + '\n');
}

/** The README's table, headed by the machine it was measured on. */
export function readmeTable(r: Record<string, any>): string {
  const m = r.machine;
  const head = `Measured by \`npm run bench\` on ${m.cpus} × ${m.cpu}, ${m.memGiB} GiB, Node ${m.node} (${String(r.date).slice(0, 10)}; ${r.epochs} epochs, median of ${r.repeats}):`;
  return head + '\n\n' + render(rows(r));
}

// `node --import tsx bench/table.ts bench/out/bench.json`: the README's table from a saved run.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(readmeTable(JSON.parse(readFileSync(process.argv[2] ?? 'bench/out/bench.json', 'utf8'))) + '\n');
}
