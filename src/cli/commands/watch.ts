// `ae watch <file|->`: monitoring with ae's best recipe as its defaults. The work is in
// watch-run.ts, loaded on use, so `ae --help` does not load TensorFlow.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { declareWatch } from './watch-options.js';

const EXAMPLES = `
Examples:
  $ ae watch metrics.csv                          # incidents on stderr
  $ ae watch metrics.csv --incidents | jq -c .    # one line per incident start and end
  $ ae watch metrics.csv --learn 2d --out runs/web  # learn two days, save model and report
  $ tail -n +1 -f live.csv | ae watch - --model runs/web --incidents

Each row gets a likelihood: how unusual its recent reconstruction errors are against the
stream's own history. Rows at or above --likelihood are flagged; flagged rows make incidents.
For any other rule, threshold or layout, use 'ae scan'.`;

export function registerWatch(program: Command, ctx: Context): void {
  declareWatch(program)
    .addHelpText('after', EXAMPLES)
    .action(async (file, flags) => {
      const { runWatch } = await import('./watch-run.js');
      await runWatch(ctx, file, flags);
    });
}
