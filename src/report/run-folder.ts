// A run folder as the report sees it: the files ae wrote there, each optional, read back as
// they are. `ae report DIR` rebuilds report.html from nothing else, so what the page shows is
// exactly what the folder holds.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

/** ae-run.json: marks the folder as ae's and, from version 2, records what ran and its summary. */
export interface RunRecord {
  format: 'ae-run';
  version: number;
  createdAt: string;
  kind?: 'scan' | 'train' | 'train-mnist';
  command?: string[];
  ae?: string;
  node?: string;
  /** The command's summary document (its `--json` output, without the flagged list). */
  summary?: Record<string, unknown>;
}

export interface FlaggedRecord {
  index: number;
  score: number;
  tail: string | null;
  [key: string]: unknown;
}

export interface RunFolder {
  dir: string;
  record: RunRecord | null;
  /** The bundle's ae.json, when the run saved a model. */
  bundle: Record<string, unknown> | null;
  flagged: {
    flagged: FlaggedRecord[];
    intervals?: Record<string, unknown>[];
    incidents?: Record<string, unknown>[];
  } | null;
  metrics: Record<string, unknown> | null;
  /** Pre-rendered charts by name (histogram, series, loss, reconstructions), as SVG text. */
  charts: Record<string, string>;
  /** Every file in the folder, for the page's list of files. */
  files: string[];
}

export const CHARTS = ['histogram', 'series', 'loss', 'reconstructions'] as const;

async function readText(file: string): Promise<string | null> {
  return fsp.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
}

async function readJson<T>(file: string): Promise<T | null> {
  const text = await readText(file);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new InputError(`is not valid JSON (${(err as Error).message})`, { file });
  }
}

export async function readRunFolder(dir: string): Promise<RunFolder> {
  const [record, bundle, flagged, metrics, files] = await Promise.all([
    readJson<RunRecord>(path.join(dir, 'ae-run.json')),
    readJson<Record<string, unknown>>(path.join(dir, 'ae.json')),
    readJson<RunFolder['flagged']>(path.join(dir, 'flagged.json')),
    readJson<Record<string, unknown>>(path.join(dir, 'metrics.json')),
    fsp.readdir(dir),
  ]);
  const charts: Record<string, string> = {};
  for (const name of CHARTS) {
    const svg = await readText(path.join(dir, `${name}.svg`));
    if (svg !== null) charts[name] = svg;
  }
  return { dir, record, bundle, flagged, metrics, charts, files: files.filter((f) => !f.startsWith('.')).sort() };
}
