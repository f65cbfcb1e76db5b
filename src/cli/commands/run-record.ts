// The last step of every run folder: ae-run.json records what ran (command, versions, the
// command's summary), then report.html is drawn from the folder's files — before the folder
// is renamed into place, so a run folder never exists without its report.
import { promises as fsp } from 'node:fs';
import { RUN_MARKER, type StagedDir } from '../../io/atomic.js';
import type { RunRecord } from '../../report/report.js';
import { AE_VERSION } from '../../version.js';
import type { Context } from '../context.js';

export const RUN_RECORD_VERSION = 2;

export async function finishRunFolder(
  ctx: Context,
  dir: Pick<StagedDir, 'path' | 'file'>,
  kind: NonNullable<RunRecord['kind']>,
  summary: Record<string, unknown>,
  opts: { report?: boolean } = {},
): Promise<void> {
  const record: RunRecord = {
    format: 'ae-run',
    version: RUN_RECORD_VERSION,
    createdAt: new Date().toISOString(),
    kind,
    command: ['ae', ...ctx.argv],
    ae: AE_VERSION,
    node: process.versions.node,
    summary,
  };
  await fsp.writeFile(dir.file(RUN_MARKER), JSON.stringify(record, null, 2) + '\n');
  if (opts.report === false) return;
  const { renderReport } = await import('../../report/report.js');
  await fsp.writeFile(dir.file('report.html'), await renderReport(dir.path));
}
