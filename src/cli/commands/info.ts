// `ae info`: what ae runs on. For the native backend it reports what `ae setup` (or the first
// TensorFlow command) recorded after loading it successfully — without loading libtensorflow
// again (~1 s); `--check` loads it now, proving it still works.
import os from 'node:os';
import { cacheRoot, libtensorflowOf } from '../../native/cache.js';
import type { Command } from '@commander-js/extra-typings';
import { AE_VERSION, OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { BackendInfo } from '../../model/backend.js';
import { installedTfjsVersion, type Context } from '../context.js';
import { printJson } from '../output.js';

export function registerInfo(program: Command, ctx: Context): void {
  program
    .command('info')
    .description('show versions, the TensorFlow backend in use and where libtensorflow came from')
    .option('--json', 'print JSON on stdout')
    .option('--check', 'load the backend now (TensorFlow: ~1 s), proving it works')
    .addHelpText('after', '\nExamples:\n  $ ae info\n  $ ae info --json | jq -r .backend')
    .action(async (opts) => {
      const b = await describeBackend(ctx, opts.check === true);
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
        loaded: b.loaded,
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

/**
 * The backend as loaded (`check`, or wasm and cpu, which load in a fraction of a second), or
 * the native one as its provisioning recorded it (set up first if it never was).
 */
async function describeBackend(ctx: Context, check: boolean): Promise<BackendInfo & { loaded: boolean }> {
  if (check || ctx.backendName() !== 'tensorflow') return { ...(await ctx.backend()), loaded: true };
  const native = await ctx.provision(false);
  return {
    backend: 'tensorflow',
    tfjsVersion: installedTfjsVersion(),
    tensorflowVersion: native.record.tensorflowVersion,
    libtensorflow: libtensorflowOf(native.record),
    nativeDir: native.tfjsNode,
    loaded: false,
  };
}
