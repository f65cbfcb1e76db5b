// The entities of each benchmark under DIR (whatever the folder holds), and the one CSV per
// entity that ae reads: ASD and SMD as the training rows followed by the test rows (header m1…mN,
// so `ae watch --learn TRAIN_ROWS` learns exactly the protocol's training part); a UCR series as
// one `value` column (learning from [0, train_end)). Labels stay where they are: only
// evaluate.py reads them, to score.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface ServerEntity {
  name: string;
  train: string;
  test: string;
  labels: string;
  interpretation: string | null;
  trainRows: number;
  testRows: number;
  csv: string;
}

export interface UcrEntity {
  name: string;
  data: string;
  train_end: number;
  anomaly_begin: number;
  anomaly_end: number;
  length: number;
  csv: string;
}

export const readText = (file: string) =>
  file.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(file)).toString('utf8') : fs.readFileSync(file, 'utf8');

const lines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '');

/** `name.txt` or `name.txt.gz` in dir, whichever is there. */
function found(dir: string, name: string): string | null {
  for (const f of [`${name}.txt`, `${name}.txt.gz`]) if (fs.existsSync(path.join(dir, f))) return path.join(dir, f);
  return null;
}

export function serverEntities(dir: string, work: string): ServerEntity[] {
  const testDir = path.join(dir, 'test');
  if (!fs.existsSync(testDir)) return [];
  const names = fs
    .readdirSync(testDir)
    .map((f) => f.replace(/\.txt(\.gz)?$/, ''))
    .sort();
  fs.mkdirSync(work, { recursive: true });
  return names.map((name) => {
    const train = found(path.join(dir, 'train'), name);
    const test = found(testDir, name);
    const labels = found(path.join(dir, 'test_label'), name);
    if (!train || !test || !labels) throw new Error(`${dir}: ${name} lacks its train, test or test_label file`);
    const trainLines = lines(readText(train));
    const testLines = lines(readText(test));
    const width = trainLines[0]!.split(',').length;
    const csv = path.join(work, `${name}.csv`);
    const header = Array.from({ length: width }, (_, i) => `m${i + 1}`).join(',');
    fs.writeFileSync(csv, [header, ...trainLines, ...testLines].join('\n') + '\n');
    return {
      name,
      train,
      test,
      labels,
      interpretation: found(path.join(dir, 'interpretation_label'), name),
      trainRows: trainLines.length,
      testRows: testLines.length,
      csv,
    };
  });
}

/** UCR series listed in labels.csv whose file is there, at most `maxLength` points long. */
export function ucrEntities(dir: string, work: string, maxLength: number): { kept: UcrEntity[]; left: string[] } {
  const table = path.join(dir, 'labels.csv');
  if (!fs.existsSync(table)) return { kept: [], left: [] };
  const [head, ...rows] = lines(fs.readFileSync(table, 'utf8'));
  const cols = head!.split(',');
  const at = (r: string[], c: string) => r[cols.indexOf(c)]!;
  fs.mkdirSync(work, { recursive: true });
  const kept: UcrEntity[] = [];
  const left: string[] = [];
  for (const row of rows.map((r) => r.split(','))) {
    const name = at(row, 'archive_file').replace(/\.txt$/, '');
    const data = path.join(dir, 'data', `${name}.txt.gz`);
    if (!fs.existsSync(data)) continue;
    const length = Number(at(row, 'length'));
    if (length > maxLength) {
      left.push(name);
      continue;
    }
    const csv = path.join(work, `${name}.csv`);
    const values = readText(data).trim().split(/\s+/); // one per line, some with leading spaces
    fs.writeFileSync(csv, 'value\n' + values.join('\n') + '\n');
    kept.push({
      name,
      data,
      train_end: Number(at(row, 'train_end')),
      anomaly_begin: Number(at(row, 'anomaly_begin')),
      anomaly_end: Number(at(row, 'anomaly_end')),
      length,
      csv,
    });
  }
  return { kept, left };
}
