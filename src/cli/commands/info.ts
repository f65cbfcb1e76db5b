// `ae info`: what ae runs on. Loads TensorFlow, so it also proves the native backend works.
import os from 'node:os';
import { cacheRoot } from '../../native/cache.js';
import type { Command } from '@commander-js/extra-typings';
import { AE_VERSION, OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { printJson } from '../output.js';

export function registerInfo(program: Command, ctx: Context): void {
  program
    .command('info')
    .description('show versions, the TensorFlow backend in use and where libtensorflow came from')
    .option('--json', 'print JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ ae info\n  $ ae info --json | jq -r .backend')
    .action(async (opts) => {
      const b = await ctx.backend();
      const info = {
        version: OUTPUT_FORMAT_VERSION,
        ae: AE_VERSION,
        backend: b.backend,
        tfjs: b.tfjsVersion,
        tensorflow: b.tensorflowVersion,
        libtensorflow: b.libtensorflow,
        ...(b.wasmSimd !== undefined ? { wasmSimd: b.wasmSimd } : {}),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cpus: os.cpus().length,
        cacheDir: cacheRoot(ctx.io.env),
        ...(b.nativeDir ? { nativeDir: b.nativeDir } : {}),
      };
      if (opts.json) return printJson(ctx.io, info);
      const c = ctx.log.chalk;
      const rows: [string, string][] = [
        ['ae', info.ae],
        ['backend', info.backend === 'tensorflow' ? c.green(info.backend) : c.yellow(info.backend)],
        ['tfjs', info.tfjs],
        ['TensorFlow', info.tensorflow ?? '-'],
        ...(b.wasmSimd !== undefined ? [['wasm SIMD', b.wasmSimd ? 'yes' : c.yellow('no')] as [string, string]] : []),
        [
          'libtensorflow',
          info.libtensorflow
            ? `${info.libtensorflow.source}${info.libtensorflow.path ? ` (${info.libtensorflow.path})` : ''}`
            : '-',
        ],
        ['node', `${info.node} ${info.platform}`],
        ['cpus', String(info.cpus)],
        ['cache', info.cacheDir],
      ];
      // Human output is still the answer the user asked for, so it goes to stdout.
      for (const [k, v] of rows) ctx.io.stdout.write(`${k.padEnd(14)}${v}\n`);
    });
}
