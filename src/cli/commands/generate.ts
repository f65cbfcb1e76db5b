// `ae generate sines`: the seed write-up's data set, as CSV (no header: one series per row).
// `ae generate metrics`: a monitoring export (time column, three metrics, one incident).
import { Option, type Command } from '@commander-js/extra-typings';
import { generateSines, SINES_DEFAULTS } from '../../data/generate.js';
import { generateMetrics, METRICS_DEFAULTS } from '../../data/generate-metrics.js';
import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { Context } from '../context.js';
import { num, oneOf } from '../options.js';

const EXAMPLES = `
Examples:
  $ ae generate sines --out series.csv --labels labels.csv --seed 1
  $ ae generate sines --noisy 1000 --low-noise 10 --cosines 10 | head -3
  $ ae generate metrics --days 10 --out m.csv --labels m-labels.csv`;

const SINES_ONLY = ['noisy', 'normal', 'lowNoise', 'cosines', 'length'] as const;

export function registerGenerate(program: Command, ctx: Context): void {
  program
    .command('generate')
    .description(
      "write a synthetic data set: 'sines' (noisy sines, low-noise sines and cosines mixed in) or 'metrics' (a time column and three metrics with one incident)",
    )
    .argument('<kind>', "what to generate: 'sines' or 'metrics'", oneOf('sines', 'metrics'))
    .option('-o, --out <file>', 'CSV file to write (default: stdout)')
    .option('--labels <file>', "also write each row's kind (index,kind) to this CSV file")
    .option('--seed <n>', 'random seed', num({ int: true, min: 0 }), 0)
    .option(
      '--noisy <n>',
      'noisy sines (the normal rows), N(0, 0.5²) noise',
      num({ int: true, min: 0 }),
      SINES_DEFAULTS.normal,
    )
    // The old spelling, kept: --normal reads as a digit elsewhere (train mnist), here a count.
    .addOption(new Option('--normal <n>', 'same as --noisy').argParser(num({ int: true, min: 0 })).hideHelp())
    .option('--low-noise <n>', 'low-noise sines, N(0, 0.1²) noise', num({ int: true, min: 0 }), SINES_DEFAULTS.lowNoise)
    .option('--cosines <n>', '3·cos series, N(0, 0.5²) noise', num({ int: true, min: 0 }), SINES_DEFAULTS.cosines)
    .option('--length <n>', 'points per series', num({ int: true, min: 1 }), SINES_DEFAULTS.length)
    .option('--days <n>', 'metrics: days of 5-minute rows', num({ int: true, min: 1 }), METRICS_DEFAULTS.days)
    .option('-f, --force', 'replace existing output files')
    .addHelpText('after', EXAMPLES)
    .action(async (kind, o, cmd) => {
      if (kind === 'metrics') {
        const sinesOnly = SINES_ONLY.find((k) => cmd.getOptionValueSource(k) === 'cli');
        if (sinesOnly)
          throw new UsageError(`--${sinesOnly.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} is for 'sines'`);
        const m = generateMetrics({ days: o.days, seed: o.seed });
        const csv = [m.header, ...m.rows].map((r) => r.join(',')).join('\n') + '\n';
        if (o.out) await writeFileAtomic(o.out, csv, o.force === true);
        else ctx.io.stdout.write(csv);
        if (o.labels) {
          const labels =
            'index,label\n' +
            m.rows.map((_, i) => `${i},${i >= m.incident.start && i < m.incident.end ? 1 : 0}`).join('\n') +
            '\n';
          await writeFileAtomic(o.labels, labels, o.force === true);
        }
        ctx.log.info(
          `ae: wrote ${m.rows.length} rows of ${m.header.join(',')} (incident: rows ${m.incident.start}-${m.incident.end - 1})${o.out ? ` to ${o.out}` : ''}`,
        );
        return;
      }
      const given = cmd.getOptionValueSource('noisy') === 'cli';
      if (o.normal !== undefined && given && o.normal !== o.noisy)
        throw new UsageError(
          `--normal ${o.normal} and --noisy ${o.noisy} disagree (--normal is the old name of --noisy)`,
        );
      const data = generateSines({
        normal: o.normal ?? o.noisy,
        lowNoise: o.lowNoise,
        cosines: o.cosines,
        length: o.length,
        seed: o.seed,
      });
      const lines: string[] = [];
      for (let r = 0; r < data.rows; r++) {
        const row = data.values.subarray(r * data.length, (r + 1) * data.length);
        lines.push(Array.from(row, (v) => +v.toFixed(6)).join(','));
      }
      const csv = lines.join('\n') + '\n';
      if (o.out) await writeFileAtomic(o.out, csv, o.force === true);
      else ctx.io.stdout.write(csv);
      if (o.labels) {
        const labels = 'index,kind\n' + data.kinds.map((k, i) => `${i},${k}`).join('\n') + '\n';
        await writeFileAtomic(o.labels, labels, o.force === true);
      }
      ctx.log.info(`ae: wrote ${data.rows} series of length ${data.length}${o.out ? ` to ${o.out}` : ''}`);
    });
}
