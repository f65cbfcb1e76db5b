// `ae generate sines`: the seed write-up's data set, as CSV (no header: one series per row).
import type { Command } from '@commander-js/extra-typings';
import { generateSines, SINES_DEFAULTS } from '../../data/generate.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { Context } from '../context.js';
import { num, oneOf } from '../options.js';

const EXAMPLES = `
Examples:
  $ ae generate sines --out series.csv --labels labels.csv --seed 1
  $ ae generate sines --normal 1000 --low-noise 10 --cosines 10 | head -3`;

export function registerGenerate(program: Command, ctx: Context): void {
  program
    .command('generate')
    .description('write a synthetic data set: noisy sines with low-noise sines and cosines mixed in')
    .argument('<kind>', "what to generate: 'sines'", oneOf('sines'))
    .option('-o, --out <file>', 'CSV file to write (default: stdout)')
    .option('--labels <file>', "also write each row's kind (index,kind) to this CSV file")
    .option('--seed <n>', 'random seed', num({ int: true, min: 0 }), 0)
    .option('--normal <n>', 'noisy sines, N(0, 0.5²) noise', num({ int: true, min: 0 }), SINES_DEFAULTS.normal)
    .option('--low-noise <n>', 'low-noise sines, N(0, 0.1²) noise', num({ int: true, min: 0 }), SINES_DEFAULTS.lowNoise)
    .option('--cosines <n>', '3·cos series, N(0, 0.5²) noise', num({ int: true, min: 0 }), SINES_DEFAULTS.cosines)
    .option('--length <n>', 'points per series', num({ int: true, min: 1 }), SINES_DEFAULTS.length)
    .option('-f, --force', 'replace existing output files')
    .addHelpText('after', EXAMPLES)
    .action(async (_kind, o) => {
      const data = generateSines({
        normal: o.normal,
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
