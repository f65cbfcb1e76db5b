// examples/ray/scan.py on a local 2-CPU Ray cluster gives exactly ae scan's flags, and its
// scores to 1e-5, for every row of a folder of 4 CSV parts (with a header and an id column).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createRng } from '../../src/data/rng.js';
import { tempDir } from '../helpers/files.js';
import { runAe } from '../helpers/io.js';
import { PYTHON } from './helpers.js';

const dir = tempDir();
const f = (name: string) => path.join(dir, name);

test('the Ray example scores 4 CSV parts exactly as ae scan does', async (ctx) => {
  const r = createRng(4);
  const header = 'id,' + Array.from({ length: 20 }, (_, c) => `c${c}`).join(',');
  const row = (i: number) => {
    const odd = i % 211 === 7 ? 4 : 0;
    return [
      `row-${i}`,
      ...Array.from({ length: 20 }, (_, c) => (Math.sin(i / 13 + c / 3) * (c + 1) + r() * 0.3 + odd).toFixed(4)),
    ].join(',');
  };
  const all = Array.from({ length: 8000 }, (_, i) => row(i));
  writeFileSync(f('train.csv'), [header, ...all.slice(0, 4000)].join('\n') + '\n');
  const t = await runAe([
    'train',
    f('train.csv'),
    '--out',
    f('m'),
    '--epochs',
    '5',
    '--quiet',
    '--contamination',
    '0.02',
  ]);
  assert.equal(t.code, 0, t.stderr);
  const e = await runAe(['export', f('m'), '--onnx', f('m.onnx')]);
  assert.equal(e.code, 0, e.stderr);
  mkdirSync(f('parts'));
  const expected = new Map<string, { score: number; flagged: boolean }>();
  for (let p = 0; p < 4; p++) {
    const file = path.join(f('parts'), `part-${p}.csv`);
    writeFileSync(file, [header, ...all.slice(p * 2000, (p + 1) * 2000)].join('\n') + '\n');
    const s = await runAe(['scan', file, '--model', f('m'), '--ndjson', '--id', 'id']);
    assert.equal(s.code, 0, s.stderr);
    for (const line of s.stdout.trim().split('\n')) {
      const rec = JSON.parse(line);
      expected.set(`${file}#${rec.index}`, { score: rec.score, flagged: rec.flagged });
      assert.equal(rec.id, `row-${p * 2000 + rec.index}`);
    }
  }
  const run = spawnSync(
    PYTHON,
    ['examples/ray/scan.py', f('m.onnx'), f('parts'), '--out', f('scored'), '--id', 'id', '--num-cpus', '2'],
    {
      encoding: 'utf8',
      timeout: 5 * 60_000,
    },
  );
  assert.equal(run.status, 0, run.stderr.slice(-3000));
  const got = readdirSync(f('scored'))
    .filter((n) => n.endsWith('.json'))
    .flatMap((n) =>
      readFileSync(path.join(f('scored'), n), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean),
    )
    .map((l) => JSON.parse(l));
  assert.equal(got.length, 8000);
  let worst = 0;
  let flagged = 0;
  for (const rec of got) {
    const want = expected.get(`${rec.source}#${rec.index}`);
    assert.ok(want, `no ae record for ${rec.source}#${rec.index}`);
    assert.equal(rec.flagged, want.flagged, `${rec.source}#${rec.index}`);
    assert.equal(rec.id, `row-${Number(/part-(\d)/.exec(rec.source)![1]) * 2000 + rec.index}`);
    worst = Math.max(worst, Math.abs(rec.score - want.score) / Math.abs(want.score));
    if (rec.flagged) flagged++;
  }
  assert.ok(worst <= 1e-5, `max relative difference ${worst}`);
  assert.ok(flagged > 0, 'something was flagged, so flags were compared both ways');
  ctx.diagnostic(
    `ray: ${got.length} rows, ${flagged} flagged (same as ae scan), max relative difference ${worst.toExponential(2)}`,
  );
});
