// `ae setup`: provisions TensorFlow's native backend into ae's per-user cache. Every command
// that needs it does the same on first use; this command does it ahead (or again, --force).
import type { Command } from '@commander-js/extra-typings';
import { OUTPUT_FORMAT_VERSION } from '../../version.js';
import type { Context } from '../context.js';
import { printJson } from '../output.js';

export function registerSetup(program: Command, ctx: Context): void {
  program
    .command('setup')
    .description("set up TensorFlow's native backend (once per user; the first command that needs it does this too)")
    .option('--force', 'set it up again (e.g. after setting AE_LIBTENSORFLOW)')
    .option('--json', 'print what was set up as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ae setup\n  $ AE_LIBTENSORFLOW=~/libtensorflow-2.21.tar.gz ae setup --force\n\n' +
        "Progress goes to stderr. Where it looks (in order): AE_LIBTENSORFLOW, ae's cache, tfjs-node's\n" +
        'official download, the tensorflow-cpu wheel through pip. Cache: AE_CACHE_DIR, else ~/.cache/ae.',
    )
    .action(async (opts) => {
      const done = await ctx.provision(opts.force === true);
      const { record, tfjsNode } = done;
      if (opts.json)
        return printJson(ctx.io, { version: OUTPUT_FORMAT_VERSION, ...record, nativeDir: tfjsNode, fresh: done.fresh });
      if (!done.fresh)
        ctx.log.info(
          `ae: native backend already set up: TensorFlow ${record.tensorflowVersion} (${record.source}) in ${tfjsNode}`,
        );
    });
}
