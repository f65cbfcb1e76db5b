// `ae report DIR`: rebuild a run folder's report.html from the files in it (after an upgrade,
// or for a folder written before reports existed).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { InputError } from '../../errors.js';
import { RUN_MARKER, writeFileAtomic } from '../../io/atomic.js';
import type { Context } from '../context.js';

export function registerReport(program: Command, ctx: Context): void {
  program
    .command('report')
    .description("rebuild a run folder's report.html from its files (opens offline in any browser)")
    .argument('<dir>', 'a run folder written by `ae train` or `ae scan --out`')
    .addHelpText('after', '\nExample:\n  $ ae report runs/series && xdg-open runs/series/report.html')
    .action(async (dir) => {
      await assertRunFolder(dir);
      const { renderReport } = await import('../../report/report.js');
      const target = path.join(dir, 'report.html');
      await writeFileAtomic(target, await renderReport(dir), true); // ae's own file in ae's own folder
      ctx.log.info(`ae: wrote ${target}`);
    });
}

async function assertRunFolder(dir: string): Promise<void> {
  const isDir = await fsp.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const marked = async (name: string) =>
    fsp.access(path.join(dir, name)).then(
      () => true,
      () => false,
    );
  const exists = await fsp.stat(dir).then(
    () => true,
    () => false,
  );
  if (!exists) throw new InputError('does not exist', { file: dir });
  if (!isDir)
    throw new InputError('is a file, not a run folder (give the folder of ae scan/train --out)', { file: dir });
  if (!((await marked(RUN_MARKER)) || (await marked('ae.json')))) {
    throw new InputError('is not an ae run folder (no ae-run.json or ae.json in it)', { file: dir });
  }
}
