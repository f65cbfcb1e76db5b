// The report of a run folder, from the folder's files alone (so `ae report DIR` can rebuild it).
import { buildReport } from './report-html.js';
import { readRunFolder } from './run-folder.js';

export { REPORT_TOP_N } from './report-html.js';
export type { RunRecord } from './run-folder.js';

export async function renderReport(dir: string): Promise<string> {
  return buildReport(await readRunFolder(dir));
}
